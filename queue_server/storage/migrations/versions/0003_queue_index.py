"""queue index: cover class, queue time and id, so queue questions read only the index

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["status", "service", "stage", "ticket_class", "queued_at", "id"]


def upgrade() -> None:
    op.drop_index("ix_tickets_waiting", table_name="tickets")
    op.create_index("ix_tickets_queue", "tickets", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_tickets_queue", table_name="tickets")
    op.create_index("ix_tickets_waiting", "tickets", ["status", "service", "stage"])
