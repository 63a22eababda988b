"""A stored ticket as the contract shows it: never a name, never a passport number."""

from queue_protocol import (
    Language,
    LocalizedText,
    PriorityGroup,
    Ticket,
    TicketClass,
    TicketSource,
    TicketState,
)
from queue_server.domain.estimate import wait_range, whole_minutes
from queue_server.services.context import ServerContext
from queue_server.services.forecast import forecast
from queue_server.storage import Session, booking_store
from queue_server.storage.models import TicketRow


def status_url(ctx: ServerContext, row: TicketRow) -> str | None:
    """The ticket's status link; None once its token has been purged (retention)."""
    if row.status_token is None:
        return None
    return f"{ctx.office.office.public_url.rstrip('/')}/status/{row.status_token}"


def queue_names(
    ctx: ServerContext, service_code: str, stage_code: str | None
) -> tuple[LocalizedText, LocalizedText | None]:
    """A ticket's service and stage as a visitor reads them (the code itself for a service
    the office no longer has)."""
    service = ctx.office.service(service_code)
    stage = service.stage(stage_code) if service and stage_code else None
    name = service.name if service else LocalizedText(id=service_code, en=service_code)
    return name, stage.name if stage else None


def to_ticket(ctx: ServerContext, session: Session, row: TicketRow, *, live: bool = True) -> Ticket:
    """The contract's ticket. ``live`` adds position and estimate for a waiting ticket."""
    service_name, stage_name = queue_names(ctx, row.service, row.stage)
    position: int | None = None
    estimate: int | None = None
    if live and row.status == TicketState.WAITING:
        position, estimate = position_and_estimate(ctx, session, row.id)
    return Ticket(
        id=row.id,
        number=row.number,
        service=row.service,
        service_name=service_name,
        stage=row.stage,
        stage_name=stage_name,
        status=TicketState(row.status),
        ticket_class=TicketClass(row.ticket_class),
        source=TicketSource(row.source),
        priority_group=PriorityGroup(row.priority_group) if row.priority_group else None,
        language=Language(row.language),
        issued_at=ctx.local(row.issued_at),
        called_at=ctx.local(row.called_at) if row.called_at else None,
        counter=row.counter,
        position=position,
        **wait_fields(estimate),
        booking_ref=_booking_ref(session, row),
        status_url=status_url(ctx, row),
        recalls=row.recalls,
        reprinted=row.reprints > 0,
    )


def with_place(ctx: ServerContext, ticket: Ticket) -> Ticket:
    """A ticket just issued, with the people ahead and the wait counted now. It is read
    from nowhere but the ticket: a new ticket is queued when it is issued."""
    with ctx.db.read() as session:
        position, estimate = position_and_estimate(ctx, session, ticket.id)
    return ticket.model_copy(update={"position": position, **wait_fields(estimate)})


def wait_fields(minutes: int | None) -> dict[str, int | None]:
    """The ticket's estimate and, when its error is wide, the range around it."""
    low_high = wait_range(minutes) if minutes is not None else None
    return {
        "estimated_wait_min": minutes,
        "estimated_wait_low_min": low_high[0] if low_high else None,
        "estimated_wait_high_min": low_high[1] if low_high else None,
    }


def position_and_estimate(ctx: ServerContext, session: Session, ticket_id: int) -> tuple[int, int]:
    """People ahead and minutes until the call, as the office's policy will call (a ticket
    no longer waiting has neither)."""
    projected = forecast(ctx, session, ticket_id=ticket_id).calls.get(ticket_id)
    if projected is None:
        return 0, 0
    return projected.ahead, whole_minutes(projected.minutes)


def _booking_ref(session: Session, row: TicketRow) -> str | None:
    """The M-Paspor application number (not personal data on its own)."""
    if row.booking_id is None:
        return None
    return booking_store.application_number(session, row.booking_id)
