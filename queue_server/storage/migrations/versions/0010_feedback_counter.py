"""feedback counter: a feedback screen belongs to one counter, and the server, not the
screen, says which; ratings are taken only for tickets finished at that counter. A
feedback screen enrolled before this revision has none: it is added again with
``--counter``.

Revision ID: 0010_feedback_counter
Revises: 0009_privacy
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_feedback_counter"
down_revision: str | None = "0009_privacy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("counter", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("counter")
