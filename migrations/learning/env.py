"""Alembic environment of the learning service."""

from mathpath.kit.migrate import run_env
from mathpath.learning.models import Base

run_env(Base.metadata)
