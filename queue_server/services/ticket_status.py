"""A visitor's ticket as its live status page follows it (``push.status_feed``).

The watched tickets are read together and the office's forecast is computed once for
all of them, however many pages watch: the cost of a change is one read and one
forecast, not one per phone.
"""

from dataclasses import dataclass

from queue_protocol import Ticket, TicketState
from queue_protocol.status import StatusUpdate
from queue_server.domain.estimate import whole_minutes
from queue_server.services.context import ServerContext
from queue_server.services.forecast import forecast
from queue_server.services.ticket_view import queue_names, wait_fields
from queue_server.storage import ticket_store
from queue_server.storage.ticket_store import StatusRow


@dataclass(frozen=True)
class WatchTarget:
    ticket_id: int
    status: TicketState


def watch_target(ctx: ServerContext, token: str) -> WatchTarget | None:
    """The ticket a status token opens, or None (no forecast: a page opening is cheap)."""
    with ctx.db.read() as session:
        row = ticket_store.by_status_token(session, token)
        return None if row is None else WatchTarget(row.id, TicketState(row.status))


def status_updates(ctx: ServerContext, ticket_ids: set[int]) -> dict[int, StatusUpdate]:
    """Each watched ticket that its token still opens, as it stands now: one read of the
    tickets, one forecast when any of them waits."""
    with ctx.db.read() as session:
        rows = ticket_store.status_rows(session, sorted(ticket_ids))
        waiting = any(row.status == TicketState.WAITING for row in rows)
        calls = forecast(ctx, session).calls if waiting else {}
        updates = {}
        for row in rows:
            place = None
            if row.status == TicketState.WAITING:  # as ``to_ticket`` shows it
                projected = calls.get(row.id)
                place = (projected.ahead, whole_minutes(projected.minutes)) if projected else (0, 0)
            updates[row.id] = _update(ctx, row, place)
        return updates


def update_of_ticket(ticket: Ticket) -> StatusUpdate:
    """A ticket as an event carries it (a call, a finish): what its page shows at once."""
    return StatusUpdate.model_validate(ticket.model_dump(include=set(StatusUpdate.model_fields)))


def _update(ctx: ServerContext, row: StatusRow, place: tuple[int, int] | None) -> StatusUpdate:
    service_name, stage_name = queue_names(ctx, row.service, row.stage)
    return StatusUpdate(
        number=row.number,
        service=row.service,
        service_name=service_name,
        stage=row.stage,
        stage_name=stage_name,
        status=TicketState(row.status),
        counter=row.counter,
        position=place[0] if place else None,
        **wait_fields(place[1] if place else None),
    )
