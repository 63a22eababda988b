"""Issuing tickets at the kiosk: walk-in, M-Paspor booking, passport. Idempotent by client_ref."""

from queue_protocol import (
    EventType,
    IssueTicketRequest,
    PriorityGroup,
    Ticket,
    TicketClass,
    TicketSource,
)
from queue_protocol.mrz import MrzFormatError, parse_mrz
from queue_server.domain import passport
from queue_server.domain.errors import (
    DomainError,
    InvalidRequestError,
    NotFoundError,
    ServiceClosedError,
)
from queue_server.domain.hours import closed_reason
from queue_server.domain.office import ServiceDef
from queue_server.services import bookings
from queue_server.services.context import Actor, ActorKind, ServerContext
from queue_server.services.issuing import NewTicket, check_quota, create_ticket, walk_in_pool
from queue_server.services.ticket_view import to_ticket, with_place
from queue_server.services.transaction import Tx, rerun_on_conflict, write
from queue_server.storage import ticket_store
from queue_server.storage.models import BookingRow


def passport_hash(ctx: ServerContext, document_number: str) -> str:
    """Keyed hash of a passport number: the only form in which it is ever stored."""
    return passport.passport_hash(ctx.passport_key, document_number)


def issue_ticket(
    ctx: ServerContext, request: IssueTicketRequest, actor: Actor, *, desk: int | None = None
) -> tuple[Ticket, bool]:
    """Issue (or, for a known ``client_ref`` or an already checked-in booking, return) a ticket.

    Returns the ticket, with the people ahead and the wait, and whether it was created by
    this call. Those two are counted after the commit, outside the write lock: every
    other write waits while the lock is held, and the count reads the whole queue.
    ``desk``: the information desk whose officer issues it for a visitor (a walk-in,
    recorded under the officer and that counter, with no device).
    """
    ticket, created = _issue(ctx, request, actor, desk)
    if created:
        return with_place(ctx, ticket), True
    return ticket_by_id(ctx, ticket.id), False


@rerun_on_conflict
def _issue(
    ctx: ServerContext, request: IssueTicketRequest, actor: Actor, desk: int | None = None
) -> tuple[Ticket, bool]:
    """Beside other issues on PostgreSQL: a quota pool's count is locked until the commit
    (``check_quota``), a booking's row too, and the number's row by its ``UPDATE``; two
    requests with one ``client_ref`` collide on its unique key, and the second, run
    again, finds the first's ticket."""
    with write(ctx, actor, concurrent=True) as tx:
        existing = ticket_store.by_client_ref(tx.session, request.client_ref)
        if existing is not None:
            return to_ticket(ctx, tx.session, existing, live=False), False
        closed = closed_reason(ctx.office, ctx.local(ctx.now()))
        if closed is not None:
            raise ServiceClosedError(
                message_en=closed.en, message_id=closed.id, code="office_closed"
            )
        if request.source == TicketSource.BOOKING:
            return _issue_booking(tx, request)
        if request.source == TicketSource.PASSPORT:
            return _issue_passport(tx, request)
        return _issue_walk_in(tx, request, _service(tx, request.service), desk=desk), True


def _service(tx: Tx, code: str | None) -> ServiceDef:
    if code is None:
        raise InvalidRequestError(
            message_en="Choose a service.", message_id="Pilih layanan.", code="service_required"
        )
    service = tx.ctx.office.service(code)
    if service is None:
        raise NotFoundError(
            message_en=f"There is no service {code!r}.", message_id=f"Layanan {code!r} tidak ada."
        )
    return service


def _issue_walk_in(
    tx: Tx,
    request: IssueTicketRequest,
    service: ServiceDef,
    passport: str | None = None,
    desk: int | None = None,
) -> Ticket:
    priority = request.priority_group
    pool = walk_in_pool(tx.ctx, service, priority)
    check_quota(tx, pool)
    _, ticket = create_ticket(
        tx,
        NewTicket(
            service=service,
            source=request.source,
            ticket_class=TicketClass.PRIORITY if priority else TicketClass.REGULAR,
            language=request.language,
            client_ref=request.client_ref,
            quota_pool=pool,
            priority_group=priority,
            passport_hash=passport,
            device=_device(tx),
            desk=desk,
        ),
    )
    return ticket


def _device(tx: Tx) -> str | None:
    """The kiosk that issues; None for an officer at a desk (the event names the officer)."""
    return None if tx.actor.kind == ActorKind.USER else tx.actor.name


def _issue_booking(tx: Tx, request: IssueTicketRequest) -> tuple[Ticket, bool]:
    if not request.booking_code:
        raise InvalidRequestError(
            message_en="Scan or type the booking code.",
            message_id="Pindai atau ketik kode booking.",
            code="booking_code_required",
        )
    booking = bookings.find_for_check_in(tx, request.booking_code)
    return _check_in(tx, request, booking)


def _check_in(tx: Tx, request: IssueTicketRequest, booking: BookingRow) -> tuple[Ticket, bool]:
    """A booking's ticket: the one it already has (a reprint), or a new appointment ticket."""
    if booking.ticket_id is not None:
        row = ticket_store.by_id(tx.session, booking.ticket_id)  # the booking's row is locked
        if row is not None:
            row.reprints += 1
            ticket = to_ticket(tx.ctx, tx.session, row, live=False)
            tx.emit(EventType.TICKET_UPDATED, ticket=ticket, action="reprint")
            return ticket, False
    service = _service(tx, booking.service)
    pool = tx.ctx.office.bookings.pool
    check_quota(tx, pool)
    priority = request.priority_group
    row, ticket = create_ticket(
        tx,
        NewTicket(
            service=service,
            source=request.source,
            ticket_class=TicketClass.PRIORITY if priority else TicketClass.APPOINTMENT,
            language=request.language,
            client_ref=request.client_ref,
            quota_pool=pool,
            priority_group=priority,
            booking_id=booking.id,
            device=_device(tx),
            passport_hash=booking.passport_hash,
        ),
    )
    booking.ticket_id = row.id
    return ticket, True


def _issue_passport(tx: Tx, request: IssueTicketRequest) -> tuple[Ticket, bool]:
    try:
        mrz = parse_mrz(request.mrz or "")
    except MrzFormatError as error:
        raise InvalidRequestError(
            message_en=f"The passport could not be read ({error}). Please place it on the reader "
            "again.",
            message_id="Paspor tidak terbaca. Silakan letakkan paspor di pembaca sekali lagi.",
            code="mrz_unreadable",
        ) from None
    if not mrz.valid:
        raise InvalidRequestError(
            message_en="The passport was misread: "
            + "; ".join(mrz.errors)
            + ". Please scan it again.",
            message_id="Paspor salah terbaca. Silakan pindai sekali lagi.",
            code="mrz_invalid",
        )
    hashed = passport_hash(tx.ctx, mrz.document_number)
    booking = bookings.find_by_passport(tx, hashed)
    if booking is not None:
        return _check_in(tx, request, booking)
    if mrz.is_expired(tx.ctx.today()) and request.service is None:
        raise DomainError(
            message_en="This passport has expired. Choose Passport Renewal to replace it.",
            message_id="Paspor ini sudah habis masa berlakunya. Silakan pilih layanan Penggantian "
            "Paspor.",
            code="passport_expired",
        )
    service = _service(tx, request.service)
    minimum = tx.ctx.office.priority.minimum_age
    if request.priority_group == PriorityGroup.LANSIA and mrz.age_on(tx.ctx.today()) < minimum:
        raise InvalidRequestError(
            message_en=f"Senior priority service is for visitors aged {minimum} or older.",
            message_id=f"Layanan prioritas lansia untuk pengunjung berusia {minimum} tahun ke "
            "atas.",
            code="priority_not_eligible",
        )
    return _issue_walk_in(tx, request, service, passport=hashed), True


def ticket_by_id(ctx: ServerContext, ticket_id: int) -> Ticket:
    with ctx.db.read() as session:
        row = ticket_store.by_id(session, ticket_id)
        if row is None:
            raise NotFoundError(
                message_en=f"No ticket {ticket_id}.", message_id=f"Tiket {ticket_id} tidak ada."
            )
        return to_ticket(ctx, session, row)


def ticket_for(ctx: ServerContext, ticket_id: int, actor: Actor) -> Ticket:
    """A ticket for staff, or for the kiosk that issued it; any other ticket is answered
    as one that does not exist."""
    with ctx.db.read() as session:
        row = ticket_store.by_id(session, ticket_id)
        staff = actor.kind != ActorKind.DEVICE
        if row is None or not (staff or row.device == actor.name):
            raise NotFoundError(
                message_en=f"No ticket {ticket_id}.", message_id=f"Tiket {ticket_id} tidak ada."
            )
        return to_ticket(ctx, session, row)


def ticket_by_token(ctx: ServerContext, token: str) -> Ticket:
    """The visitor's own ticket, for the holder of its status token: where it stands, and
    nothing that identifies the visitor (no booking reference)."""
    with ctx.db.read() as session:
        row = ticket_store.by_status_token(session, token)
        if row is None:
            raise NotFoundError(message_en="No such ticket.", message_id="Tiket tidak ditemukan.")
        return to_ticket(ctx, session, row).model_copy(update={"booking_ref": None})
