"""upstream batches: the outbox holds numbered batches of records for headquarters (the
old live snapshots and daily reports it held are dropped: HQ never had a receiver for
them), and ``upstream_state`` says how far the export has come

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from queue_server.storage.types import UtcDateTime

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(sa.text("DELETE FROM outbox"))
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("sequence", sa.BigInteger(), nullable=True))
        batch.add_column(
            sa.Column("record_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("refused_at", UtcDateTime(), nullable=True))
        batch.create_unique_constraint("uq_outbox_sequence", ["sequence"])
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("record_count", server_default=None)
    op.create_table(
        "upstream_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("instance", sa.String(length=64), nullable=False),
        sa.Column("next_sequence", sa.BigInteger(), nullable=False),
        sa.Column("event_seq", sa.BigInteger(), nullable=False),
        sa.Column("feedback_at", UtcDateTime(), nullable=True),
        sa.Column("feedback_id", sa.BigInteger(), nullable=False),
        sa.Column("day_reported", sa.Date(), nullable=True),
        sa.Column("notices", sa.JSON(), nullable=False),
        sa.Column("acknowledged", sa.BigInteger(), nullable=False),
        sa.Column("acknowledged_at", UtcDateTime(), nullable=True),
        sa.Column("live_sent_at", UtcDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("upstream_state")
    op.execute(sa.text("DELETE FROM outbox"))
    with op.batch_alter_table("outbox") as batch:
        batch.drop_constraint("uq_outbox_sequence", type_="unique")
        batch.drop_column("refused_at")
        batch.drop_column("record_count")
        batch.drop_column("sequence")
