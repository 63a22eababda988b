"""quota index: tickets by day and quota pool, so checking a pool's quota counts that
pool's tickets in the index instead of reading every ticket of the day (the day index
it replaces is its prefix)

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_tickets_day_pool", "tickets", ["day", "quota_pool"])
    op.drop_index("ix_tickets_day", table_name="tickets")


def downgrade() -> None:
    op.create_index("ix_tickets_day", "tickets", ["day"])
    op.drop_index("ix_tickets_day_pool", table_name="tickets")
