"""event notify: on PostgreSQL, a transaction that appends events notifies channel
``antrean_events`` at its commit, so every server process of the office can publish
what the others wrote (``queue_server/services/event_relay.py``)

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE FUNCTION antrean_events_appended() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('antrean_events', '');
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER events_appended AFTER INSERT ON events "
        "FOR EACH STATEMENT EXECUTE FUNCTION antrean_events_appended()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER events_appended ON events")
    op.execute("DROP FUNCTION antrean_events_appended()")
