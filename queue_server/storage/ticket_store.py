"""Queries on tickets, their stage visits, counters and number sequences. Never commits."""

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from queue_server.storage.models import (
    CounterRow,
    NumberSequenceRow,
    TicketRow,
    TicketStageRow,
)

WAITING = "waiting"
ACTIVE = ("called", "serving")


def next_sequence(session: Session, day: date, service: str, count: int = 1) -> int:
    """Reserve ``count`` numbers of (day, service) and return the first; needs the write lock."""
    row = session.get(NumberSequenceRow, (day, service), with_for_update=True)
    if row is None:
        row = NumberSequenceRow(day=day, service=service, last=0)
        session.add(row)
    first = row.last + 1
    row.last += count
    session.flush()
    return first


def by_id(session: Session, ticket_id: int) -> TicketRow | None:
    return session.get(TicketRow, ticket_id)


def by_client_ref(session: Session, client_ref: str) -> TicketRow | None:
    return session.scalars(select(TicketRow).where(TicketRow.client_ref == client_ref)).first()


def by_status_token(session: Session, token: str) -> TicketRow | None:
    return session.scalars(select(TicketRow).where(TicketRow.status_token == token)).first()


def by_number(session: Session, day: date, number: str) -> TicketRow | None:
    query = select(TicketRow).where(TicketRow.day == day, TicketRow.number == number)
    return session.scalars(query).first()


def oldest_waiting(
    session: Session, queues: Sequence[tuple[str, str | None]]
) -> list[tuple[int, str, str | None, str, datetime]]:
    """(id, service, stage, class, queued_at) of the oldest waiting ticket of each class in
    each queue: all any call strategy needs, however long the queue (one indexed pass)."""
    if not queues:
        return []
    matches = [and_(TicketRow.service == service, _stage_is(stage)) for service, stage in queues]
    rank = (
        func.row_number()
        .over(
            partition_by=(TicketRow.service, TicketRow.stage, TicketRow.ticket_class),
            order_by=(TicketRow.queued_at, TicketRow.id),
        )
        .label("rank")
    )
    ranked = (
        select(
            TicketRow.id,
            TicketRow.service,
            TicketRow.stage,
            TicketRow.ticket_class,
            TicketRow.queued_at,
            rank,
        )
        .where(TicketRow.status == WAITING, or_(*matches))
        .subquery()
    )
    query = select(
        ranked.c.id, ranked.c.service, ranked.c.stage, ranked.c.ticket_class, ranked.c.queued_at
    ).where(ranked.c.rank == 1)
    return [(int(i), s, st, c, q) for i, s, st, c, q in session.execute(query)]


def _stage_is(stage: str | None):  # type: ignore[no-untyped-def]
    return TicketRow.stage.is_(None) if stage is None else TicketRow.stage == stage


def claim(session: Session, ticket_id: int, *, counter: int, officer: str, at: datetime) -> bool:
    """Waiting -> called, only if still waiting: the guard against a double call."""
    result = session.execute(
        update(TicketRow)
        .where(TicketRow.id == ticket_id, TicketRow.status == WAITING)
        .values(status="called", counter=counter, officer=officer, called_at=at)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def waiting_summary(session: Session) -> list[tuple[str, str | None, int, datetime]]:
    """(service, stage, count, oldest queued_at) of every non-empty queue."""
    query = (
        select(TicketRow.service, TicketRow.stage, func.count(), func.min(TicketRow.queued_at))
        .where(TicketRow.status == WAITING)
        .group_by(TicketRow.service, TicketRow.stage)
    )
    return [(s, st, int(n), oldest) for s, st, n, oldest in session.execute(query)]


def issued_in_pool(session: Session, day: date, pool: str) -> int:
    query = select(func.count()).where(TicketRow.day == day, TicketRow.quota_pool == pool)
    return int(session.scalar(query) or 0)


def recent_classes(session: Session, limit: int) -> list[str]:
    """Classes of the latest calls (oldest first), for the call policy's interleaving."""
    query = (
        select(TicketStageRow.ticket_class)
        .where(TicketStageRow.called_at.is_not(None))
        .order_by(TicketStageRow.called_at.desc(), TicketStageRow.id.desc())
        .limit(limit)
    )
    return list(reversed(list(session.scalars(query))))


def recent_service_minutes(
    session: Session, since: datetime, limit: int = 2000
) -> list[tuple[str, str | None, datetime, datetime, datetime]]:
    """(service, stage, started, finished, finished) of recently finished stage visits."""
    query = (
        select(
            TicketStageRow.service,
            TicketStageRow.stage,
            func.coalesce(TicketStageRow.started_at, TicketStageRow.called_at),
            TicketStageRow.finished_at,
            TicketStageRow.finished_at,
        )
        .where(
            TicketStageRow.outcome == "done",
            TicketStageRow.finished_at >= since,
        )
        .order_by(TicketStageRow.finished_at.desc())
        .limit(limit)
    )
    return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]


def open_stage(session: Session, ticket_id: int) -> TicketStageRow | None:
    query = (
        select(TicketStageRow)
        .where(TicketStageRow.ticket_id == ticket_id, TicketStageRow.outcome.is_(None))
        .order_by(TicketStageRow.id.desc())
    )
    return session.scalars(query).first()


def counters(session: Session) -> list[CounterRow]:
    return list(session.scalars(select(CounterRow).order_by(CounterRow.number)))


def counter(session: Session, number: int, *, for_update: bool = False) -> CounterRow | None:
    return session.get(CounterRow, number, with_for_update=for_update)


def tickets_by_ids(session: Session, ids: Sequence[int]) -> dict[int, TicketRow]:
    if not ids:
        return {}
    return {row.id: row for row in session.scalars(select(TicketRow).where(TicketRow.id.in_(ids)))}


def served_today(session: Session, day: date, officer: str) -> dict[str, int]:
    """Counts of this officer's stage visits today by outcome."""
    query = (
        select(TicketStageRow.outcome, func.count())
        .where(TicketStageRow.day == day, TicketStageRow.officer == officer)
        .group_by(TicketStageRow.outcome)
    )
    return {str(outcome): int(n) for outcome, n in session.execute(query) if outcome}


def people_ahead(session: Session, row: TicketRow, higher_classes: Sequence[str]) -> int:
    """Waiting tickets of the same queue queued before this one, or of a class served first."""
    earlier = or_(
        TicketRow.queued_at < row.queued_at,
        and_(TicketRow.queued_at == row.queued_at, TicketRow.id < row.id),
    )
    ahead = or_(earlier, TicketRow.ticket_class.in_(higher_classes)) if higher_classes else earlier
    query = select(func.count()).where(
        TicketRow.status == WAITING,
        TicketRow.service == row.service,
        _stage_is(row.stage),
        TicketRow.id != row.id,
        ahead,
    )
    return int(session.scalar(query) or 0)


def day_summary(session: Session, day: date) -> list[tuple[str, str | None, str | None, int]]:
    """(service, stage, outcome, count) of the day's stage visits."""
    query = (
        select(TicketStageRow.service, TicketStageRow.stage, TicketStageRow.outcome, func.count())
        .where(TicketStageRow.day == day)
        .group_by(TicketStageRow.service, TicketStageRow.stage, TicketStageRow.outcome)
    )
    return [(s, st, o, int(n)) for s, st, o, n in session.execute(query)]


def day_waits(session: Session, day: date) -> list[tuple[str, datetime, datetime]]:
    """(service, queued_at, called_at) of the day's called visits."""
    query = select(
        TicketStageRow.service, TicketStageRow.queued_at, TicketStageRow.called_at
    ).where(TicketStageRow.day == day, TicketStageRow.called_at.is_not(None))
    return [(s, q, c) for s, q, c in session.execute(query) if c is not None]
