"""Insert-or-ignore for the two databases the service runs on: now
:func:`mathpath.kit.db.insert_ignore`, shared with identity's sign-in throttle."""

from __future__ import annotations

from mathpath.kit.db import insert_ignore

__all__ = ["insert_ignore"]
