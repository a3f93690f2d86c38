"""access revocations

Revision ID: 5d2e8a1c7b40
Revises: 19c161957dcc
Create Date: 2026-12-02 13:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d2e8a1c7b40"
down_revision: str | None = "19c161957dcc"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "access_revocations",
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_access_revocations")),
    )
    with op.batch_alter_table("access_revocations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_access_revocations_expires_at"), ["expires_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("access_revocations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_revocations_expires_at"))
    op.drop_table("access_revocations")
