"""One visitor's rows, found by application number or passport hash (a UU PDP request to
see or erase what the office holds on them)."""

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, or_, select, update
from sqlalchemy.orm import Session

from queue_server.storage.models import BookingRow, EventRow, FeedbackRow, TicketRow
from queue_server.storage.retention_store import rewrite_events

# What a ticket event holds of its visitor: scrubbed on erasure (the event stays)
VISITOR_FIELDS = ("booking_ref", "status_url")


@dataclass(frozen=True)
class VisitorRows:
    bookings: list[BookingRow]
    tickets: list[TicketRow]
    events: list[EventRow]
    feedback: list[FeedbackRow]


def find(
    session: Session, *, application_number: str | None = None, passport_hash: str | None = None
) -> VisitorRows:
    """The bookings with that application number or passport hash, the tickets they led
    to or that carry the hash, and those tickets' events and ratings."""
    booking_match = (
        BookingRow.application_number == application_number
        if application_number is not None
        else BookingRow.passport_hash == passport_hash
    )
    bookings = list(session.scalars(select(BookingRow).where(booking_match)))
    ticket_match: list[ColumnElement[bool]] = [TicketRow.booking_id.in_([b.id for b in bookings])]
    ticket_match += [TicketRow.id.in_([b.ticket_id for b in bookings if b.ticket_id])]
    if passport_hash is not None:
        ticket_match.append(TicketRow.passport_hash == passport_hash)
    tickets = list(session.scalars(select(TicketRow).where(or_(*ticket_match))))
    ids = [ticket.id for ticket in tickets]
    events = session.scalars(
        select(EventRow).where(EventRow.ticket_id.in_(ids)).order_by(EventRow.seq)
    )
    feedback = session.scalars(select(FeedbackRow).where(FeedbackRow.ticket_id.in_(ids)))
    return VisitorRows(bookings, tickets, list(events), list(feedback))


def erase(session: Session, *, ticket_ids: Collection[int], booking_ids: Collection[int]) -> None:
    """The bookings deleted; the tickets kept as numbers and times only (no passport hash,
    status token or booking), their events without the visitor's fields, their ratings
    without the link to them."""
    tickets = list(ticket_ids)
    session.execute(
        update(TicketRow)
        .where(TicketRow.id.in_(tickets))
        .values(passport_hash=None, status_token=None, booking_id=None)
    )
    session.execute(delete(BookingRow).where(BookingRow.id.in_(list(booking_ids))))
    session.execute(
        update(FeedbackRow).where(FeedbackRow.ticket_id.in_(tickets)).values(ticket_id=None)
    )

    def scrub(data: dict[str, object]) -> dict[str, object]:
        ticket = data.get("ticket")
        if not isinstance(ticket, dict):
            return data
        return {**data, "ticket": {**ticket, **dict.fromkeys(VISITOR_FIELDS)}}

    rewrite_events(session, (EventRow.ticket_id.in_(tickets),), scrub)
