"""device enrolment: a device's token ends and is swapped (the previous one valid a few
minutes more); a device added but not yet enrolled has a one-time enrolment secret and
no token. Tokens issued before this revision end 90 days after it.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

from queue_server.storage.types import UtcDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEGACY_TOKEN_DAYS = 90


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.alter_column("token_hash", existing_type=sa.String(64), nullable=True)
        batch.add_column(sa.Column("token_expires_at", UtcDateTime(), nullable=True))
        batch.add_column(sa.Column("previous_token_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("previous_token_until", UtcDateTime(), nullable=True))
        batch.add_column(sa.Column("enrol_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("enrol_expires_at", UtcDateTime(), nullable=True))
        batch.create_index("ix_devices_previous_token_hash", ["previous_token_hash"])
        batch.create_unique_constraint("uq_devices_enrol_hash", ["enrol_hash"])
    devices = sa.table(
        "devices", sa.column("token_hash"), sa.column("token_expires_at", UtcDateTime())
    )
    op.execute(
        devices.update()
        .where(devices.c.token_hash.is_not(None))
        .values(token_expires_at=datetime.now(UTC) + timedelta(days=LEGACY_TOKEN_DAYS))
    )


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM devices WHERE token_hash IS NULL"))
    with op.batch_alter_table("devices") as batch:
        batch.drop_constraint("uq_devices_enrol_hash", type_="unique")
        batch.drop_index("ix_devices_previous_token_hash")
        for column in (
            "enrol_expires_at",
            "enrol_hash",
            "previous_token_until",
            "previous_token_hash",
            "token_expires_at",
        ):
            batch.drop_column(column)
        batch.alter_column("token_hash", existing_type=sa.String(64), nullable=False)
