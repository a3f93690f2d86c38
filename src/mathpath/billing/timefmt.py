"""Timestamps stored as timezone-aware UTC on every database (the platform's shared type)."""

from __future__ import annotations

from mathpath.kit.db import UTCDateTime

__all__ = ["UTCDateTime"]
