"""privacy: the passport key leaves the database (only a check value of it stays); a
ticket's status token and a rating's ticket may be purged (retention), and
``retention_marks`` says how far the event log has been scrubbed; tickets are indexed by
booking (deleting a booking checks them), bookings by day

An older database kept its passport key in ``secrets``, beside the hashes it protects:
a copy of the database gave the passport numbers back. The key goes to the caller's
``adopt_passport_key`` (``antrean db upgrade`` and the server's start write it to
``<data dir>/passport.key``); what stays is ``passport_key_check``, an HMAC of a
constant under the key, which recognises a wrong key at start.

Revision ID: 0009_privacy
Revises: 0008_user_totp
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import context, op

from queue_server.domain.passport import key_check
from queue_server.storage.types import UtcDateTime

revision: str = "0009_privacy"
down_revision: str | None = "0008_user_totp"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

secrets = sa.table("secrets", sa.column("name", sa.String), sa.column("value", sa.LargeBinary))
KEY = "passport_key"
CHECK = "passport_key_check"


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.alter_column("status_token", existing_type=sa.String(length=64), nullable=True)
        batch.create_index("ix_tickets_booking_id", ["booking_id"], unique=False)
    with op.batch_alter_table("bookings") as batch:
        batch.create_index("ix_bookings_day", ["day"], unique=False)
    with op.batch_alter_table("feedback") as batch:
        batch.alter_column("ticket_id", existing_type=_big_id(), nullable=True)
    op.create_table(
        "retention_marks",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("before", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kind"),
    )
    _move_passport_key()


def _big_id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _move_passport_key() -> None:
    bind = op.get_bind()
    stored = bind.execute(sa.select(secrets.c.value).where(secrets.c.name == KEY)).scalar()
    if stored is None:
        return
    adopt: Callable[[bytes], bytes] | None = context.config.attributes.get("adopt_passport_key")
    if adopt is None:
        raise RuntimeError(
            "this database keeps its passport key inside it; upgrade it with 'antrean db "
            "upgrade' (or start the server), which moves the key to <data dir>/passport.key"
        )
    key = adopt(bytes(stored))
    bind.execute(secrets.delete().where(secrets.c.name.in_([KEY, CHECK])))
    bind.execute(secrets.insert().values(name=CHECK, value=key_check(key)))


def downgrade() -> None:
    """Puts the key back only when given (``passport_key`` in the config's attributes)."""
    key: bytes | None = context.config.attributes.get("passport_key")
    if key is None:
        raise RuntimeError("downgrading past 0009 needs the passport key to put back")
    bind = op.get_bind()
    bind.execute(secrets.delete().where(secrets.c.name.in_([KEY, CHECK])))
    bind.execute(secrets.insert().values(name=KEY, value=key))
    op.drop_table("retention_marks")
    op.execute("DELETE FROM feedback WHERE ticket_id IS NULL")
    with op.batch_alter_table("feedback") as batch:
        batch.alter_column("ticket_id", existing_type=_big_id(), nullable=False)
    op.execute(
        sa.text("UPDATE tickets SET status_token = 'purged-' || id WHERE status_token IS NULL")
    )
    with op.batch_alter_table("bookings") as batch:
        batch.drop_index("ix_bookings_day")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_index("ix_tickets_booking_id")
        batch.alter_column("status_token", existing_type=sa.String(length=64), nullable=False)
