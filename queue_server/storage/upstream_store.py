"""What the export to headquarters reads and writes: its state row, the outbox of numbered
batches, and the rows records are made of (closed visits, feedback, days, notices)."""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, select, tuple_
from sqlalchemy.orm import Session

from queue_server.storage.models import (
    AnnouncementRow,
    EventRow,
    FeedbackRow,
    NumberSequenceRow,
    OutboxRow,
    TicketRow,
    TicketStageRow,
    UpstreamStateRow,
)

BATCH = "batch"
TICKET_UPDATED = "ticket.updated"


def new_instance() -> str:
    """A new name for this database at HQ: record keys are unique within it."""
    return secrets.token_urlsafe(12)


def peek_state(session: Session) -> UpstreamStateRow | None:
    """The export's state, if it has begun."""
    return session.get(UpstreamStateRow, 1)


def state(session: Session, *, for_update: bool = False) -> UpstreamStateRow:
    """The export's state, made on first use with a new instance id (in a write)."""
    query = select(UpstreamStateRow).where(UpstreamStateRow.id == 1)
    row = session.scalars(query.with_for_update() if for_update else query).first()
    if row is None:
        row = UpstreamStateRow(
            id=1,
            instance=new_instance(),
            next_sequence=1,
            event_seq=0,
            feedback_id=0,
            notices={},
            acknowledged=0,
        )
        session.add(row)
        session.flush()
    return row


def events_upto(session: Session, after: int, limit: int) -> tuple[int, list[int]]:
    """The seq of the ``limit``-th event after ``after`` (or the last), and the tickets
    whose ``ticket.updated`` events lie in between: those that may have closed a visit."""
    last = session.scalar(
        select(func.max(EventRow.seq)).where(
            EventRow.seq.in_(
                select(EventRow.seq).where(EventRow.seq > after).order_by(EventRow.seq).limit(limit)
            )
        )
    )
    if last is None:
        return after, []
    tickets = session.scalars(
        select(EventRow.ticket_id)
        .where(
            EventRow.seq > after,
            EventRow.seq <= last,
            EventRow.type == TICKET_UPDATED,
            EventRow.ticket_id.is_not(None),
        )
        .distinct()
    )
    return int(last), [ticket for ticket in tickets if ticket is not None]


@dataclass(frozen=True)
class ClosedVisit:
    visit: TicketStageRow
    issued_at: datetime


def closed_visits(session: Session, ticket_ids: Iterable[int]) -> list[ClosedVisit]:
    """Every finished visit of these tickets, with its ticket's issue time."""
    ids = list(ticket_ids)
    found: list[ClosedVisit] = []
    for start in range(0, len(ids), 500):
        query = (
            select(TicketStageRow, TicketRow.issued_at)
            .join(TicketRow, TicketRow.id == TicketStageRow.ticket_id)
            .where(
                TicketStageRow.ticket_id.in_(ids[start : start + 500]),
                TicketStageRow.outcome.is_not(None),
            )
            .order_by(TicketStageRow.id)
        )
        found += [ClosedVisit(visit, issued_at) for visit, issued_at in session.execute(query)]
    return found


def feedback_after(
    session: Session, at: datetime | None, feedback_id: int, *, settled: datetime, limit: int
) -> list[FeedbackRow]:
    """Feedback written after the (time, id) cursor and before ``settled``, in that order."""
    query = select(FeedbackRow).where(FeedbackRow.created_at <= settled)
    if at is not None:
        query = query.where(
            tuple_(FeedbackRow.created_at, FeedbackRow.id) > tuple_(at, feedback_id)
        )
    order = query.order_by(FeedbackRow.created_at, FeedbackRow.id).limit(limit)
    return list(session.scalars(order))


def first_day(session: Session) -> date | None:
    """The first day a ticket was numbered: where the day records begin."""
    return session.scalar(select(func.min(NumberSequenceRow.day)))


def issued_on(session: Session, first: date, last: date) -> dict[date, dict[str, int]]:
    """Tickets issued per day and service, from ``first`` to ``last``."""
    rows = session.execute(
        select(NumberSequenceRow.day, NumberSequenceRow.service, NumberSequenceRow.last).where(
            NumberSequenceRow.day >= first, NumberSequenceRow.day <= last
        )
    )
    issued: dict[date, dict[str, int]] = {}
    for day, service, count in rows:
        issued.setdefault(day, {})[service] = int(count)
    return issued


def served_on(session: Session, day: date) -> int:
    """Tickets of ``day`` served to the end."""
    query = select(func.count()).where(TicketRow.day == day, TicketRow.status == "done")
    return int(session.scalar(query) or 0)


def announcements(session: Session, ids: Iterable[int]) -> list[AnnouncementRow]:
    """The active announcements, and those of ``ids`` whatever their state."""
    known = [int(i) for i in ids]
    query = select(AnnouncementRow).where(
        AnnouncementRow.active.is_(True) | AnnouncementRow.id.in_(known)
    )
    return list(session.scalars(query.order_by(AnnouncementRow.id)))


def open_batch(session: Session) -> OutboxRow | None:
    """The newest batch never sent and not refused: records may still be added to it."""
    query = (
        select(OutboxRow)
        .where(OutboxRow.sent_at.is_(None), OutboxRow.refused_at.is_(None))
        .order_by(OutboxRow.sequence.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def add_batch(session: Session, *, sequence: int, records: list[object], at: datetime) -> OutboxRow:
    row = OutboxRow(
        kind=BATCH,
        sequence=sequence,
        payload={"records": records},
        record_count=len(records),
        created_at=at,
        attempts=0,
        next_attempt_at=at,
    )
    session.add(row)
    session.flush()
    return row


def unsent_batches(session: Session) -> list[OutboxRow]:
    query = select(OutboxRow).where(OutboxRow.sent_at.is_(None), OutboxRow.refused_at.is_(None))
    return list(session.scalars(query.order_by(OutboxRow.sequence)))


def highest_sent(session: Session) -> int:
    """The highest sequence of a batch ever sent that is still in the outbox."""
    query = select(func.max(OutboxRow.sequence)).where(OutboxRow.sent_at.is_not(None))
    return int(session.scalar(query) or 0)


def due_batches(session: Session, now: datetime, limit: int) -> list[OutboxRow]:
    """Batches to send now, lowest sequence first."""
    query = (
        select(OutboxRow)
        .where(OutboxRow.refused_at.is_(None), OutboxRow.next_attempt_at <= now)
        .order_by(OutboxRow.sequence)
        .limit(limit)
    )
    return list(session.scalars(query))


def batch(session: Session, sequence: int) -> OutboxRow | None:
    return session.scalars(select(OutboxRow).where(OutboxRow.sequence == sequence)).first()


def delete_batch(session: Session, sequence: int) -> None:
    session.execute(delete(OutboxRow).where(OutboxRow.sequence == sequence))


@dataclass(frozen=True)
class Backlog:
    batches: int
    records: int
    refused: list[OutboxRow]


def backlog(session: Session) -> Backlog:
    waiting = session.execute(
        select(func.count(), func.coalesce(func.sum(OutboxRow.record_count), 0)).where(
            OutboxRow.refused_at.is_(None)
        )
    ).one()
    refused = select(OutboxRow).where(OutboxRow.refused_at.is_not(None))
    return Backlog(
        batches=int(waiting[0]),
        records=int(waiting[1]),
        refused=list(session.scalars(refused.order_by(OutboxRow.sequence))),
    )
