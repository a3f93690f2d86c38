"""Alembic environment of the tutor service."""

from mathpath.kit.migrate import run_env
from mathpath.tutor.models import Base

run_env(Base.metadata)
