"""Numbers leased to a kiosk for offline use, and the hand-in of what it issued.

A lease reserves a block of the day's sequence for one service, so a number
issued offline can never collide with one issued online. Handed-in tickets
join the queue at the time they were issued, keeping the order of arrival.
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
)
from queue_server.domain.errors import DomainError, InvalidRequestError, NotFoundError
from queue_server.domain.numbering import format_number, parse_number
from queue_server.services.context import Actor, ServerContext
from queue_server.services.issuing import NewTicket, create_ticket
from queue_server.services.ticket_view import to_ticket
from queue_server.services.tickets import ticket_by_id
from queue_server.services.transaction import Tx, write
from queue_server.storage import booking_store, ticket_store
from queue_server.storage.models import LeaseRow


def grant_lease(ctx: ServerContext, request: LeaseRequest, actor: Actor) -> Lease:
    service = ctx.office.service(request.service)
    if service is None:
        raise NotFoundError(
            f"There is no service {request.service!r}.", f"Layanan {request.service!r} tidak ada."
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
            refused.append(
                ErrorReply(
                    error=error.code,
                    message=error.message_id,
                    message_en=f"{offline.number}: {error.message_en}",
                )
            )
    return HandInReply(accepted=accepted, refused=refused)


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
                f"Number {offline.number} was handed in already.",
                f"Nomor {offline.number} sudah diserahkan.",
                code="duplicate_number",
            )
        priority: PriorityGroup | None = offline.priority_group
        _, ticket = create_ticket(
            tx,
            NewTicket(
                service=service,
                source=offline.source,
                ticket_class=TicketClass.PRIORITY if priority else TicketClass.REGULAR,
                language=offline.language,
                client_ref=offline.client_ref,
                quota_pool=ctx.office.priority.pool if priority else service.quota_pool,
                priority_group=priority,
                device=actor.name,
                number=offline.number,
                issued_at=min(offline.issued_at, ctx.now()),
                lease_id=lease.id,
                day=lease.day,
            ),
        )
        return ticket


def _check_lease(tx: Tx, offline: OfflineTicket, actor: Actor) -> LeaseRow:
    lease = booking_store.lease(tx.session, offline.lease_id)
    if lease is None or lease.device != actor.name:
        raise NotFoundError(
            f"Lease {offline.lease_id} is not this kiosk's.",
            f"Sewa nomor {offline.lease_id} bukan milik kios ini.",
        )
    service = tx.ctx.office.service(lease.service)
    prefix, sequence = parse_number(offline.number)
    if service is None or prefix != service.prefix or not lease.first <= sequence <= lease.last:
        raise InvalidRequestError(
            f"Number {offline.number} is not in lease {lease.id}.",
            f"Nomor {offline.number} tidak termasuk sewa {lease.id}.",
            code="not_leased",
        )
    if offline.issued_at > lease.expires_at + timedelta(hours=1):
        raise InvalidRequestError(
            "The lease had expired.", "Masa sewa nomor sudah berakhir.", code="lease_expired"
        )
    return lease
