"""reports: the daily roll-up tables and the index on device faults by time

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from queue_server.storage.types import UtcDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("rolled_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_table(
        "report_counts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("dim", sa.String(length=16), nullable=False),
        sa.Column("item", sa.String(length=96), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "dim", "item"),
    )
    op.create_table(
        "report_hist",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("queue", sa.String(length=48), nullable=False),
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "queue", "kind", "minute"),
    )
    with op.batch_alter_table("device_faults", schema=None) as batch_op:
        batch_op.create_index("ix_device_faults_at", ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("device_faults", schema=None) as batch_op:
        batch_op.drop_index("ix_device_faults_at")
    op.drop_table("report_hist")
    op.drop_table("report_counts")
    op.drop_table("report_days")
