"""SQLAlchemy models of the learning service (its own database)."""

from __future__ import annotations

from mathpath.kit.db import declarative_base_for
from mathpath.kit.outbox import define_outbox_tables

Base = declarative_base_for("learning")
OUTBOX = define_outbox_tables(Base.metadata)
