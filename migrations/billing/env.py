"""Alembic environment of the billing service."""

from mathpath.billing.models import Base
from mathpath.kit.migrate import run_env

run_env(Base.metadata)
