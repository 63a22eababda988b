"""A stored ticket as the contract shows it: never a name, never a passport number."""

from dataclasses import dataclass
from typing import Self

from queue_protocol import (
    Language,
    LocalizedText,
    PriorityGroup,
    Ticket,
    TicketClass,
    TicketSource,
    TicketState,
)
from queue_server.domain.estimate import estimate_wait_minutes
from queue_server.domain.lifecycle import queue_key
from queue_server.services.context import ServerContext
from queue_server.storage import Session, ticket_store
from queue_server.storage.models import BookingRow, TicketRow

# Classes that the interleaving serves ahead of a ticket of the key class.
_SERVED_FIRST: dict[str, tuple[str, ...]] = {
    TicketClass.PRIORITY: (),
    TicketClass.APPOINTMENT: (TicketClass.PRIORITY.value,),
    TicketClass.REGULAR: (TicketClass.PRIORITY.value,),
}


def status_url(ctx: ServerContext, row: TicketRow) -> str | None:
    """The ticket's status link; None once its token has been purged (retention)."""
    if row.status_token is None:
        return None
    return f"{ctx.office.office.public_url.rstrip('/')}/status/{row.status_token}"


def to_ticket(ctx: ServerContext, session: Session, row: TicketRow, *, live: bool = True) -> Ticket:
    """The contract's ticket. ``live`` adds position and estimate for a waiting ticket."""
    service = ctx.office.service(row.service)
    stage = service.stage(row.stage) if service else None
    position: int | None = None
    estimate: int | None = None
    if live and row.status == TicketState.WAITING:
        position, estimate = position_and_estimate(ctx, session, ticket_store.QueuePlace.of(row))
    return Ticket(
        id=row.id,
        number=row.number,
        service=row.service,
        service_name=service.name if service else LocalizedText(id=row.service, en=row.service),
        stage=row.stage,
        stage_name=stage.name if stage else None,
        status=TicketState(row.status),
        ticket_class=TicketClass(row.ticket_class),
        source=TicketSource(row.source),
        priority_group=PriorityGroup(row.priority_group) if row.priority_group else None,
        language=Language(row.language),
        issued_at=ctx.local(row.issued_at),
        called_at=ctx.local(row.called_at) if row.called_at else None,
        counter=row.counter,
        position=position,
        estimated_wait_min=estimate,
        booking_ref=_booking_ref(session, row),
        status_url=status_url(ctx, row),
        recalls=row.recalls,
        reprinted=row.reprints > 0,
    )


def with_place(ctx: ServerContext, ticket: Ticket) -> Ticket:
    """A ticket just issued, with the people ahead and the wait counted now. It is read
    from nowhere but the ticket: a new ticket is queued when it is issued."""
    place = ticket_store.QueuePlace(
        ticket.id, ticket.service, ticket.stage, ticket.ticket_class.value, ticket.issued_at
    )
    with ctx.db.read() as session:
        position, estimate = position_and_estimate(ctx, session, place)
    return ticket.model_copy(update={"position": position, "estimated_wait_min": estimate})


def position_and_estimate(
    ctx: ServerContext, session: Session, place: ticket_store.QueuePlace
) -> tuple[int, int]:
    ahead, counters = ticket_store.people_ahead_and_open_counters(
        session, place, _SERVED_FIRST[place.ticket_class]
    )
    key = queue_key(place.service, place.stage)
    model = ctx.service_times.model(session, ctx.now())
    load = CounterLoad.of(counters)
    return ahead, estimate_for(ctx, load, key, ahead, model.mean_minutes(key))


@dataclass(frozen=True)
class CounterLoad:
    """Which counters are open, and which of those are busy with a ticket."""

    open: frozenset[int]
    busy: frozenset[int]

    @classmethod
    def of(cls, open_counters: list[tuple[int, bool]]) -> Self:
        """From (number, busy) of the open counters."""
        return cls(
            open=frozenset(number for number, _ in open_counters),
            busy=frozenset(number for number, busy in open_counters if busy),
        )


def counter_load(session: Session) -> CounterLoad:
    return CounterLoad.of(ticket_store.open_counters(session))


def estimate_for(
    ctx: ServerContext, load: CounterLoad, key: str, people_ahead: int, mean_minutes: float
) -> int:
    """Minutes of wait for a queue. Before any counter serving it opens, the counters
    configured for it are assumed (the office is about to open)."""
    configured = {counter.number for counter in ctx.office.counters_serving(key)}
    servers = len(configured & load.open)
    busy = len(configured & load.busy)
    if servers == 0:
        servers, busy = max(len(configured), 1), 0
    return estimate_wait_minutes(
        people_ahead=people_ahead,
        mean_service_min=mean_minutes,
        servers=servers,
        in_service=busy,
    )


def _booking_ref(session: Session, row: TicketRow) -> str | None:
    """The M-Paspor application number (not personal data on its own)."""
    if row.booking_id is None:
        return None
    booking = session.get(BookingRow, row.booking_id)
    return booking.application_number if booking else None
