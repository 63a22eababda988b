"""Creating tickets: numbers, quotas, the first stage's queue, the issued event.

Shared by every way a ticket comes to be (walk-in, booking, passport, an
offline kiosk handing in what it issued from a lease).
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from queue_protocol import (
    EventType,
    Language,
    LocalizedText,
    PriorityGroup,
    Ticket,
    TicketClass,
    TicketSource,
    TicketState,
)
from queue_server.domain.errors import InvalidRequestError, QuotaFullError, ServiceClosedError
from queue_server.domain.numbering import format_number
from queue_server.domain.office import ServiceDef
from queue_server.services.context import ServerContext
from queue_server.services.queue_state import quota_remaining
from queue_server.services.ticket_view import to_ticket
from queue_server.services.transaction import Tx
from queue_server.storage import ticket_store
from queue_server.storage.models import TicketRow

POOL_NAMES = {
    "booking": LocalizedText(id="kuota M-Paspor", en="M-Paspor quota"),
    "priority": LocalizedText(id="kuota layanan prioritas", en="priority service quota"),
    "same_day": LocalizedText(id="kuota layanan percepatan", en="same-day service quota"),
    "lost_damaged": LocalizedText(id="kuota paspor hilang/rusak", en="lost/damaged passport quota"),
}


@dataclass(frozen=True)
class NewTicket:
    service: ServiceDef
    source: TicketSource
    ticket_class: TicketClass
    language: Language
    client_ref: str | None
    quota_pool: str | None = None
    priority_group: PriorityGroup | None = None
    booking_id: int | None = None
    passport_hash: str | None = None
    device: str | None = None
    desk: int | None = None  # the information desk whose officer issued it
    # Set only when a kiosk hands in a ticket it issued offline from a lease.
    number: str | None = None
    issued_at: datetime | None = None
    lease_id: int | None = None
    day: date | None = None


def walk_in_pool(
    ctx: ServerContext, service: ServiceDef, priority: PriorityGroup | None
) -> str | None:
    """The quota pool a ticket without a booking counts against, or why the visitor may
    not have one: a priority group the office does not serve, or a service for bookings
    only. The same for a ticket issued live and for one a kiosk hands in later."""
    if priority is not None and priority not in ctx.office.priority.groups:
        raise InvalidRequestError(
            message_en="This office has no priority service for that group.",
            message_id="Kantor ini tidak memiliki layanan prioritas untuk kelompok tersebut.",
        )
    if priority is not None and service.admits_priority_walk_in:
        return ctx.office.priority.pool
    if service.walk_in:
        return service.quota_pool
    raise ServiceClosedError(
        message_en=f"{service.name_en} needs an M-Paspor booking. Book in the M-Paspor app, or "
        "choose priority service if you are 60 or older, disabled, pregnant or with a small "
        "child.",
        message_id=f"{service.name_id} memerlukan booking M-Paspor. Silakan booking lewat "
        "aplikasi M-Paspor, atau pilih layanan prioritas bila Anda lansia, penyandang "
        "disabilitas, ibu hamil, atau membawa balita.",
        code="booking_required",
    )


def check_quota(tx: Tx, pool: str | None) -> None:
    if pool is None:
        return
    ticket_store.lock_quota_pool(tx.session, pool)  # until the commit: one last place, one taker
    if quota_remaining(tx.ctx, tx.session, pool) == 0:
        name = POOL_NAMES.get(pool, LocalizedText(id=f"kuota {pool}", en=f"{pool} quota"))
        raise QuotaFullError(
            message_en=f"Today's {name.en} is full. Please come back on the next working day, or "
            "ask at the information desk.",
            message_id=f"{name.id.capitalize()} hari ini sudah habis. Silakan datang kembali pada "
            "hari kerja berikutnya, atau tanyakan di meja informasi.",
        )


def create_ticket(tx: Tx, new: NewTicket) -> tuple[TicketRow, Ticket]:
    """Insert the ticket and its first queue visit; emit ``ticket.issued`` (its ticket
    without people ahead and wait: those are the reply's, counted after the commit)."""
    ctx, session = tx.ctx, tx.session
    issued_at = new.issued_at or ctx.now()
    day = new.day or ctx.today()
    row = ticket_store.new_ticket(
        day=day,
        service=new.service.code,
        stage=new.service.first_stage,
        number=new.number,
        status=TicketState.WAITING.value,
        ticket_class=new.ticket_class.value,
        source=new.source.value,
        priority_group=new.priority_group.value if new.priority_group else None,
        language=new.language.value,
        issued_at=issued_at,
        queued_at=issued_at,
        recalls=0,
        reprints=0,
        client_ref=new.client_ref,
        status_token=secrets.token_urlsafe(18),
        booking_id=new.booking_id,
        passport_hash=new.passport_hash,
        quota_pool=new.quota_pool,
        device=new.device,
        lease_id=new.lease_id,
    )
    prefix, padding = new.service.prefix, ctx.office.office.number_padding
    # PostgreSQL, once the service has a number that day: the number, the ticket and its
    # visit in one statement, the last before the events (``add_numbered_ticket``).
    if new.number is not None or not ticket_store.add_numbered_ticket(
        session, row, prefix=prefix, padding=padding
    ):
        if new.number is None:
            sequence = ticket_store.next_sequence(session, day, new.service.code)
            row.number = format_number(prefix, sequence, padding)
        ticket_store.add_ticket(session, row)
        open_visit(tx, row)
    ticket = to_ticket(ctx, session, row, live=False)  # the reply counts the people ahead
    tx.emit(EventType.TICKET_ISSUED, ticket=ticket, counter=new.desk, action="issue")
    return row, ticket


def open_visit(tx: Tx, row: TicketRow) -> None:
    """Start the ticket's visit to its current queue (the projection reports read)."""
    ticket_store.add_stage_visit(tx.session, row)
