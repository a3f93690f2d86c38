"""Alembic environment of the identity service."""

from mathpath.identity.models import Base
from mathpath.kit.migrate import run_env

run_env(Base.metadata)
