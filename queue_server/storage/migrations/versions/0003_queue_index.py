"""queue indexes: the queue index covers class, queue time and id, so queue questions
read only the index; stage visits get indexes on call and finish time, for the latest
calls and the latest finished visits

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
    op.create_index("ix_ticket_stages_called", "ticket_stages", ["called_at"])
    op.create_index("ix_ticket_stages_finished", "ticket_stages", ["finished_at"])


def downgrade() -> None:
    op.drop_index("ix_ticket_stages_finished", table_name="ticket_stages")
    op.drop_index("ix_ticket_stages_called", table_name="ticket_stages")
    op.drop_index("ix_tickets_queue", table_name="tickets")
    op.create_index("ix_tickets_waiting", "tickets", ["status", "service", "stage"])
