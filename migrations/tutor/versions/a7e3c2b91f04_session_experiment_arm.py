"""session experiment and arm (online A/B tests)

Revision ID: a7e3c2b91f04
Revises: d1c7324946c2
Create Date: 2026-12-02 15:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a7e3c2b91f04"
down_revision: str | None = "d1c7324946c2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tutor_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("experiment", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("arm", sa.String(length=80), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_tutor_sessions_experiment"), ["experiment"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("tutor_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tutor_sessions_experiment"))
        batch_op.drop_column("arm")
        batch_op.drop_column("experiment")
