"""Personal data past its retention, purged or anonymised (``services.retention`` says
when). Each function touches only rows that still hold what it removes, so a run after a
run has nothing to do, and returns how many rows it changed.

What stays is not personal: ticket numbers, services, times, outcomes, counters and
ratings, which the reports and the audit trail are made of.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, select, text, update
from sqlalchemy.orm import Session

from queue_server.storage.models import (
    BookingRow,
    EventRow,
    FeedbackRow,
    RetentionMarkRow,
    SessionRow,
    TicketRow,
)
from queue_server.storage.types import UtcDateTime

BATCH = 2000  # event rows rewritten per statement


def _count(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def forget_passport_hashes(
    session: Session, *, issued_before: datetime, day_before: date, day_from: date = date.min
) -> int:
    tickets = session.execute(
        update(TicketRow)
        .where(TicketRow.day >= day_from, TicketRow.issued_at < issued_before)
        .where(TicketRow.passport_hash.is_not(None))
        .values(passport_hash=None)
    )
    bookings = session.execute(
        update(BookingRow)
        .where(BookingRow.day >= day_from, BookingRow.day < day_before)
        .where(BookingRow.passport_hash.is_not(None))
        .values(passport_hash=None)
    )
    return _count(tickets) + _count(bookings)


def forget_bookings(session: Session, *, day_before: date, day_from: date = date.min) -> int:
    """Bookings of days before ``day_before``, with their application numbers; their
    tickets stay, as tickets that came by booking."""
    days = (BookingRow.day >= day_from, BookingRow.day < day_before)
    old = select(BookingRow.id).where(*days)
    session.execute(update(TicketRow).where(TicketRow.booking_id.in_(old)).values(booking_id=None))
    return _count(session.execute(delete(BookingRow).where(*days)))


def forget_status_tokens(session: Session, *, day_before: date, day_from: date = date.min) -> int:
    """The status links of tickets of days before ``day_before`` stop working."""
    return _count(
        session.execute(
            update(TicketRow)
            .where(TicketRow.day >= day_from, TicketRow.day < day_before)
            .where(TicketRow.status_token.is_not(None))
            .values(status_token=None)
        )
    )


def forget_feedback_links(session: Session, *, day_before: date, day_from: date = date.min) -> int:
    """Ratings of days before ``day_before`` no longer say which ticket they were for."""
    return _count(
        session.execute(
            update(FeedbackRow)
            .where(FeedbackRow.day >= day_from, FeedbackRow.day < day_before)
            .where(FeedbackRow.ticket_id.is_not(None))
            .values(ticket_id=None)
        )
    )


def forget_sessions(session: Session, *, ended_before: datetime) -> int:
    """Login sessions that ended before ``ended_before``."""
    return _count(session.execute(delete(SessionRow).where(SessionRow.expires_at < ended_before)))


# The log's kinds of personal data: (name, what marks an event holding it, how to clear it)
# per dialect. Run in SQL, a year of events is scrubbed without a row crossing to Python.
_LOG_KINDS: dict[str, dict[str, tuple[str, str]]] = {
    "log_booking_ref": {
        "sqlite": (
            "ticket_id IS NOT NULL AND json_extract(data, '$.ticket.booking_ref') IS NOT NULL",
            "json_set(data, '$.ticket.booking_ref', json('null'))",
        ),
        "postgresql": (
            "ticket_id IS NOT NULL AND data #>> '{ticket,booking_ref}' IS NOT NULL",
            "jsonb_set(data::jsonb, '{ticket,booking_ref}', 'null'::jsonb)::json",
        ),
    },
    "log_status_url": {
        "sqlite": (
            "ticket_id IS NOT NULL AND json_extract(data, '$.ticket.status_url') IS NOT NULL",
            "json_set(data, '$.ticket.status_url', json('null'))",
        ),
        "postgresql": (
            "ticket_id IS NOT NULL AND data #>> '{ticket,status_url}' IS NOT NULL",
            "jsonb_set(data::jsonb, '{ticket,status_url}', 'null'::jsonb)::json",
        ),
    },
    "log_address": {
        "sqlite": (
            "type = 'account' AND json_extract(data, '$.address') IS NOT NULL",
            "json_remove(data, '$.address')",
        ),
        "postgresql": (
            "type = 'account' AND data ->> 'address' IS NOT NULL",
            "(data::jsonb - 'address')::json",
        ),
    },
}
LOG_KINDS = tuple(_LOG_KINDS)


def scrub_log(session: Session, kind: str, *, start: datetime, end: datetime) -> int:
    """Clears ``kind`` (one of ``LOG_KINDS``) from the events logged in [start, end): the
    ticket's field set to null (the event keeps its shape: a replay still reads it), the
    account event's address dropped."""
    holds, cleared = _LOG_KINDS[kind][session.get_bind().dialect.name]
    statement = text(
        f"UPDATE events SET data = {cleared} "  # noqa: S608 - fixed SQL, values bound
        f"WHERE at >= :start AND at < :end AND {holds}"
    ).bindparams(bindparam("start", type_=UtcDateTime()), bindparam("end", type_=UtcDateTime()))
    return _count(session.execute(statement, {"start": start, "end": end}))


def mark(session: Session, kind: str) -> datetime | None:
    """Before when ``kind`` has been purged already (None: never)."""
    row = session.get(RetentionMarkRow, kind)
    return row.before if row is not None else None


def log_mark(session: Session, kind: str) -> datetime | None:
    """Where scrubbing ``kind`` from the log resumes: its mark, else the oldest event's
    time; None when the log is empty."""
    return mark(session, kind) or session.scalar(select(func.min(EventRow.at)))


def set_mark(session: Session, kind: str, before: datetime) -> None:
    """``kind`` is purged before ``before`` (a mark only moves forward)."""
    row = session.get(RetentionMarkRow, kind)
    if row is None:
        session.add(RetentionMarkRow(kind=kind, before=before))
    elif row.before < before:
        row.before = before
    session.flush()


def rewrite_events(session: Session, where: tuple[Any, ...], scrub: Any) -> int:
    """``scrub(data)`` written to the events ``where`` selects, in batches by ``seq``."""
    changed = 0
    after = 0
    while True:
        query = select(EventRow.seq, EventRow.data).where(*where, EventRow.seq > after)
        rows = session.execute(query.order_by(EventRow.seq).limit(BATCH)).all()
        if not rows:
            return changed
        session.execute(update(EventRow), [{"seq": seq, "data": scrub(data)} for seq, data in rows])
        changed += len(rows)
        after = rows[-1][0]
