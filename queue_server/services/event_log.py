"""Reading the event log back: replay for reconnecting clients, and the audit trail."""

from datetime import datetime

from queue_protocol import Event, EventType
from queue_server.services.context import ServerContext
from queue_server.services.transaction import row_to_event
from queue_server.storage import event_store
from queue_server.storage.models import EventRow

PUSHED = tuple(kind.value for kind in EventType)  # not the audit-only rows (logins)


def replay(ctx: ServerContext, since: int | None) -> list[Event]:
    """Events after ``since`` in order. Only the newest queue snapshot among them is kept
    (older ones are superseded); with no ``since`` a client gets just the newest snapshot."""
    with ctx.db.read() as session:
        latest = event_store.last_of_type(session, EventType.QUEUE_CHANGED.value)
        if since is None:
            return [_to_event(ctx, latest)] if latest else []
        latest_seq = latest.seq if latest else 0
        return [
            _to_event(ctx, row)
            for row in event_store.since(session, since, PUSHED)
            if row.type != EventType.QUEUE_CHANGED.value or row.seq == latest_seq
        ]


def _to_event(ctx: ServerContext, row: EventRow) -> Event:
    return row_to_event(row.seq, row.at, row.type, row.data, ctx)


def audit_trail(
    ctx: ServerContext,
    *,
    actor: str | None = None,
    ticket_id: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    event_type: str | None = None,
    limit: int = 200,
) -> list[EventRow]:
    with ctx.db.read() as session:
        return event_store.audit(
            session,
            actor=actor,
            ticket_id=ticket_id,
            start=start,
            end=end,
            event_type=event_type,
            limit=limit,
        )
