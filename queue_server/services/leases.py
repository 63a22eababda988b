"""Numbers leased to a kiosk for offline use, and the hand-in of what it issued.

A lease reserves a block of the day's sequence for one service, so a number
issued offline can never collide with one issued online. Handed-in tickets
join the queue at the time they were issued, keeping the order of arrival.

Nothing a kiosk says of an offline ticket is taken on trust: its ``issued_at``
lies within its lease's life (from the grant to the lease's end) and not in the
future (``CLOCK_SKEW`` allowed for the kiosk's clock), and the rules of a live
ticket hold for it as issued then: opening hours at that time, booking-only
services, the office's priority groups, the quota pools. A refused ticket is
answered to the kiosk and raised to staff as a fault of that kiosk (the visitor
holds a printed number the server did not accept).
"""

from datetime import datetime, time, timedelta

from queue_protocol import (
    ErrorReply,
    HandInReply,
    HandInRequest,
    Lease,
    LeaseRequest,
    OfflineTicket,
    PriorityGroup,
    Ticket,
    TicketClass,
    TicketSource,
)
from queue_server.domain.errors import (
    DomainError,
    InvalidRequestError,
    NotFoundError,
    ServiceClosedError,
)
from queue_server.domain.hours import closed_reason
from queue_server.domain.numbering import format_number, parse_number
from queue_server.services import bookings
from queue_server.services.context import Actor, ServerContext
from queue_server.services.issuing import NewTicket, check_quota, create_ticket, walk_in_pool
from queue_server.services.ticket_view import to_ticket
from queue_server.services.tickets import ticket_by_id
from queue_server.services.transaction import Tx, write
from queue_server.storage import booking_store, record_store, ticket_store
from queue_server.storage.models import BookingRow, DeviceFaultRow, LeaseRow

CLOCK_SKEW = timedelta(minutes=2)  # a kiosk's clock ahead of the server's by this is no lie
REFUSED_STATE = "hand_in_refused"  # the fault staff see for a refused offline ticket


def grant_lease(ctx: ServerContext, request: LeaseRequest, actor: Actor) -> Lease:
    service = ctx.office.service(request.service)
    if service is None:
        raise NotFoundError(
            message_en=f"There is no service {request.service!r}.",
            message_id=f"Layanan {request.service!r} tidak ada.",
        )
    with write(ctx, actor) as tx:
        day = ctx.today()
        first = ticket_store.next_sequence(tx.session, day, service.code, request.count)
        now = ctx.now()
        end_of_day = datetime.combine(day, time(23, 59, 59), ctx.zone)
        row = booking_store.add_lease(
            tx.session,
            LeaseRow(
                device=actor.name,
                service=service.code,
                day=day,
                first=first,
                last=first + request.count - 1,
                created_at=now,
                expires_at=end_of_day,
            ),
        )
        padding = ctx.office.office.number_padding
        return Lease(
            id=row.id,
            service=service.code,
            day=day,
            numbers=[
                format_number(service.prefix, n, padding) for n in range(row.first, row.last + 1)
            ],
            expires_at=ctx.local(end_of_day),
        )


def hand_in(ctx: ServerContext, request: HandInRequest, actor: Actor) -> HandInReply:
    """Accept offline tickets in arrival order; a repeated hand-in returns the same tickets."""
    accepted: list[Ticket] = []
    refused: list[ErrorReply] = []
    for offline in sorted(request.tickets, key=lambda t: t.issued_at):
        try:
            accepted.append(ticket_by_id(ctx, _hand_in_one(ctx, offline, actor).id))
        except DomainError as error:
            refusal = ErrorReply(
                error=error.code,
                message=f"{offline.number}: {error.message_id}",
                message_en=f"{offline.number}: {error.message_en}",
            )
            _raise_to_staff(ctx, refusal, actor)
            refused.append(refusal)
    return HandInReply(accepted=accepted, refused=refused)


def _raise_to_staff(ctx: ServerContext, refusal: ErrorReply, actor: Actor) -> None:
    """A refused offline ticket becomes an open fault of the kiosk in the console."""
    with write(ctx, actor) as tx:
        row = DeviceFaultRow(
            device_name=actor.name,
            device="offline",
            state=REFUSED_STATE,
            message=f"{refusal.message_en} / {refusal.message}"[:500],
            ticket_id=None,
            at=ctx.now(),
        )
        record_store.add(tx.session, row)


def _hand_in_one(ctx: ServerContext, offline: OfflineTicket, actor: Actor) -> Ticket:
    with write(ctx, actor) as tx:
        existing = ticket_store.by_client_ref(tx.session, offline.client_ref)
        if existing is not None:
            return to_ticket(ctx, tx.session, existing, live=False)
        lease = _check_lease(tx, offline, actor)
        service = ctx.office.service(lease.service)
        assert service is not None  # a lease is only granted for a configured service
        if ticket_store.by_number(tx.session, lease.day, offline.number) is not None:
            raise DomainError(
                message_en=f"Number {offline.number} was handed in already.",
                message_id=f"Nomor {offline.number} sudah diserahkan.",
                code="duplicate_number",
            )
        priority: PriorityGroup | None = offline.priority_group
        issued_at = _check_rules(tx, offline, lease)
        booking = _offline_booking(tx, offline, lease, issued_at)
        if booking is None:
            pool = walk_in_pool(ctx, service, priority)
            regular = TicketClass.REGULAR
        else:
            pool, regular = ctx.office.bookings.pool, TicketClass.APPOINTMENT
        check_quota(tx, pool)
        row, ticket = create_ticket(
            tx,
            NewTicket(
                service=service,
                source=offline.source,
                ticket_class=TicketClass.PRIORITY if priority else regular,
                language=offline.language,
                client_ref=offline.client_ref,
                quota_pool=pool,
                priority_group=priority,
                booking_id=booking.id if booking else None,
                passport_hash=booking.passport_hash if booking else None,
                device=actor.name,
                number=offline.number,
                issued_at=issued_at,
                lease_id=lease.id,
                day=lease.day,
            ),
        )
        if booking is not None:
            booking.ticket_id = row.id
        return ticket


def _offline_booking(
    tx: Tx, offline: OfflineTicket, lease: LeaseRow, issued_at: datetime
) -> BookingRow | None:
    """The booking an offline ticket checked in (None for a walk-in), once: a booking
    that has a ticket already (checked in live, or handed in by another kiosk) refuses
    the second, naming the number the visitor is to be served under."""
    if offline.source != TicketSource.BOOKING:
        return None
    if not offline.booking_code:
        raise InvalidRequestError(
            message_en="A booking checked in offline needs its signed code.",
            message_id="Booking yang diproses saat luring memerlukan kode bertanda tangan.",
            code="offline_booking",
        )
    booking = bookings.find_for_offline_check_in(
        tx, offline.booking_code, day=lease.day, at=issued_at
    )
    if booking.ticket_id is not None:
        first = ticket_store.by_id(tx.session, booking.ticket_id)
        number = first.number if first is not None else "?"
        raise DomainError(
            message_en=f"The booking was checked in already as {number}; {offline.number} was not "
            f"added. Serve the visitor under {number}.",
            message_id=f"Booking ini sudah check-in sebagai {number}; {offline.number} tidak "
            f"ditambahkan. Layani pengunjung dengan nomor {number}.",
            code="booking_checked_in",
        )
    if booking.service != lease.service:
        raise InvalidRequestError(
            message_en=f"The booking is for another service ({booking.service}) than number "
            f"{offline.number}.",
            message_id=f"Booking ini untuk layanan lain ({booking.service}) daripada nomor "
            f"{offline.number}.",
            code="booking_wrong_service",
        )
    return booking


def _check_lease(tx: Tx, offline: OfflineTicket, actor: Actor) -> LeaseRow:
    lease = booking_store.lease(tx.session, offline.lease_id)
    if lease is None or lease.device != actor.name:
        raise NotFoundError(
            message_en=f"Lease {offline.lease_id} is not this kiosk's.",
            message_id=f"Sewa nomor {offline.lease_id} bukan milik kios ini.",
        )
    service = tx.ctx.office.service(lease.service)
    prefix, sequence = parse_number(offline.number)
    if service is None or prefix != service.prefix or not lease.first <= sequence <= lease.last:
        raise InvalidRequestError(
            message_en=f"Number {offline.number} is not in lease {lease.id}.",
            message_id=f"Nomor {offline.number} tidak termasuk sewa {lease.id}.",
            code="not_leased",
        )
    return lease


def _check_rules(tx: Tx, offline: OfflineTicket, lease: LeaseRow) -> datetime:
    """When the ticket was issued, if the kiosk's word holds and a live ticket could have
    been issued then; else why not."""
    now = tx.ctx.now()
    issued_at = offline.issued_at
    if issued_at > now + CLOCK_SKEW:
        raise InvalidRequestError(
            message_en="The ticket's issue time is in the future: check the kiosk's clock.",
            message_id="Waktu terbit tiket ada di masa depan: periksa jam kios.",
            code="issued_in_future",
        )
    if not lease.created_at - CLOCK_SKEW <= issued_at <= lease.expires_at:
        raise InvalidRequestError(
            message_en="The ticket was not issued while its lease was valid.",
            message_id="Tiket tidak diterbitkan selama masa sewa nomornya.",
            code="lease_expired",
        )
    issued_at = min(max(issued_at, lease.created_at), now)
    closed = closed_reason(tx.ctx.office, tx.ctx.local(issued_at))
    if closed is not None:
        raise ServiceClosedError(message_en=closed.en, message_id=closed.id, code="office_closed")
    return issued_at
