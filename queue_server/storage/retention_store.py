"""Personal data past its retention, purged or anonymised (``services.retention`` says
when). Each function touches only rows that still hold what it removes, so a run after a
run has nothing to do, and returns how many rows it changed.

What stays is not personal: ticket numbers, services, times, outcomes, counters and
ratings, which the reports and the audit trail are made of.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from queue_server.storage.models import (
    BookingRow,
    EventRow,
    FeedbackRow,
    SessionRow,
    TicketRow,
)

BATCH = 2000  # event rows rewritten per statement
ACCOUNT_EVENT = "account"


def _count(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def forget_passport_hashes(session: Session, *, issued_before: datetime, day_before: date) -> int:
    tickets = session.execute(
        update(TicketRow)
        .where(TicketRow.issued_at < issued_before, TicketRow.passport_hash.is_not(None))
        .values(passport_hash=None)
    )
    bookings = session.execute(
        update(BookingRow)
        .where(BookingRow.day < day_before, BookingRow.passport_hash.is_not(None))
        .values(passport_hash=None)
    )
    return _count(tickets) + _count(bookings)


def forget_bookings(session: Session, *, day_before: date) -> int:
    """Bookings of days before ``day_before``, with their application numbers; their
    tickets stay, as tickets that came by booking."""
    old = select(BookingRow.id).where(BookingRow.day < day_before)
    session.execute(
        update(TicketRow)
        .where(TicketRow.day < day_before, TicketRow.booking_id.in_(old))
        .values(booking_id=None)
    )
    return _count(session.execute(delete(BookingRow).where(BookingRow.day < day_before)))


def forget_status_tokens(session: Session, *, day_before: date) -> int:
    """The status links of tickets of days before ``day_before`` stop working."""
    return _count(
        session.execute(
            update(TicketRow)
            .where(TicketRow.day < day_before, TicketRow.status_token.is_not(None))
            .values(status_token=None)
        )
    )


def forget_feedback_links(session: Session, *, day_before: date) -> int:
    """Ratings of days before ``day_before`` no longer say which ticket they were for."""
    return _count(
        session.execute(
            update(FeedbackRow)
            .where(FeedbackRow.day < day_before, FeedbackRow.ticket_id.is_not(None))
            .values(ticket_id=None)
        )
    )


def forget_sessions(session: Session, *, ended_before: datetime) -> int:
    """Login sessions that ended before ``ended_before``."""
    return _count(session.execute(delete(SessionRow).where(SessionRow.expires_at < ended_before)))


def forget_ticket_field(session: Session, field: str, *, before: datetime) -> int:
    """``field`` of the ticket in the log's ticket events before ``before`` set to null
    (the event keeps its shape: a replay still reads it as a ticket)."""

    def scrub(data: dict[str, Any]) -> dict[str, Any]:
        return {**data, "ticket": {**data["ticket"], field: None}}

    path = EventRow.data[("ticket", field)].as_string()
    where = (EventRow.ticket_id.is_not(None), EventRow.at < before, path.is_not(None))
    return rewrite_events(session, where, scrub)


def forget_login_addresses(session: Session, *, before: datetime) -> int:
    """The address of account events (logins, logouts, changes) before ``before``."""

    def scrub(data: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in data.items() if key != "address"}

    path = EventRow.data["address"].as_string()
    where = (EventRow.type == ACCOUNT_EVENT, EventRow.at < before, path.is_not(None))
    return rewrite_events(session, where, scrub)


def rewrite_events(
    session: Session, where: tuple[Any, ...], scrub: Any, *, until_clean: bool = True
) -> int:
    """``scrub(data)`` written to the events ``where`` selects, in batches. With
    ``until_clean``, the rows scrubbed no longer match ``where``, so each batch asks for
    the next matching rows; without, batches walk on by ``seq``."""
    changed = 0
    after = 0
    while True:
        query = select(EventRow.seq, EventRow.data).where(*where).order_by(EventRow.seq)
        if not until_clean:
            query = query.where(EventRow.seq > after)
        rows = session.execute(query.limit(BATCH)).all()
        if not rows:
            return changed
        session.execute(update(EventRow), [{"seq": seq, "data": scrub(data)} for seq, data in rows])
        changed += len(rows)
        after = rows[-1][0]
