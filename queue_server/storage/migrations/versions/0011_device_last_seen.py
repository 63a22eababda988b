"""device last contact: when each kiosk, board or feedback screen last spoke to the server,
so the admin sees which one went dark

Revision ID: 0011
Revises: 0010_feedback_counter
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from queue_server.storage.types import UtcDateTime

revision: str = "0011"
down_revision: str | None = "0010_feedback_counter"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("last_seen_at", UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("last_seen_at")
