"""The append-only event log. Rows are never updated or deleted except by retention."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, bindparam, delete, func, insert, select
from sqlalchemy.orm import Session

from queue_server.storage import driver
from queue_server.storage.database import EVENT_ORDER_LOCK
from queue_server.storage.models import EventRow

_APPEND = insert(EventRow).returning(EventRow.seq)
_COLUMNS = [column for column in EventRow.__table__.columns if column.key != "seq"]
_APPEND_TAKING_ORDER = (  # PostgreSQL: the advisory lock is taken before the row gets its seq
    insert(EventRow)
    .from_select(
        [column.key for column in _COLUMNS],
        select(*(bindparam(column.key, type_=column.type) for column in _COLUMNS)).select_from(
            select(func.pg_advisory_xact_lock(bindparam("order_key", type_=BigInteger))).subquery(
                "event_order"
            )
        ),
    )
    .returning(EventRow.seq)
)


def append(
    session: Session,
    *,
    type: str,
    at: datetime,
    actor: str,
    data: dict[str, Any],
    ticket_id: int | None = None,
    counter: int | None = None,
    action: str | None = None,
    take_order: bool = False,
) -> int:
    """Append one event; its ``seq``. A plain INSERT on the transaction's connection: the
    log is never read back as objects by the transaction that writes it. ``take_order``
    (PostgreSQL): take the event order's advisory lock in the same statement
    (``Database.event_order_to_take``)."""
    values = {
        "type": type,
        "at": at,
        "actor": actor,
        "data": data,
        "ticket_id": ticket_id,
        "counter": counter,
        "action": action,
    }
    if take_order:
        values["order_key"] = EVENT_ORDER_LOCK
        return int(driver.scalar(session, _APPEND_TAKING_ORDER, values))
    return int(driver.scalar(session, _APPEND, values))


def since(
    session: Session, seq: int, types: Iterable[str], *, batch: int = 500
) -> Iterator[EventRow]:
    """Events of ``types`` after ``seq`` in order, read in batches so a long replay stays
    small in memory."""
    last = seq
    wanted = EventRow.type.in_(list(types))
    while True:
        query = (
            select(EventRow).where(EventRow.seq > last, wanted).order_by(EventRow.seq).limit(batch)
        )
        rows = list(session.scalars(query))
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1].seq


def page(
    session: Session, after: int, end: int, types: Iterable[str], *, limit: int
) -> list[EventRow]:
    """Up to ``limit`` events of ``types`` with ``after < seq <= end``, in order."""
    query = (
        select(EventRow)
        .where(EventRow.seq > after, EventRow.seq <= end, EventRow.type.in_(list(types)))
        .order_by(EventRow.seq)
        .limit(limit)
    )
    return list(session.scalars(query))


def count_after(session: Session, seq: int, types: Iterable[str], *, cap: int) -> int:
    """How many events of ``types`` came after ``seq``, counted up to ``cap`` at most (the
    count of a long log stops there)."""
    wanted = select(EventRow.seq).where(EventRow.seq > seq, EventRow.type.in_(list(types)))
    capped = wanted.order_by(EventRow.seq).limit(cap).subquery()
    return int(session.scalar(select(func.count()).select_from(capped)) or 0)


def first_after(session: Session, seq: int, types: Iterable[str]) -> EventRow | None:
    query = (
        select(EventRow)
        .where(EventRow.seq > seq, EventRow.type.in_(list(types)))
        .order_by(EventRow.seq)
        .limit(1)
    )
    return session.scalars(query).first()


@dataclass(frozen=True)
class LoggedEvent:
    seq: int
    at: datetime
    type: str
    action: str | None
    actor: str
    data: dict[str, Any]


def after(session: Session, seq: int, *, limit: int = 500) -> list[LoggedEvent]:
    """Up to ``limit`` events after ``seq``, of every type, in order: what a server process
    following the log reads after each notified commit. On the driver's cursor, without
    a type filter: read this often, the ORM's cost would be most of it."""
    found = driver.rows(session, _AFTER, {"after": seq, "limit": limit})
    return [LoggedEvent(*row) for row in found]


_AFTER = (
    select(EventRow.seq, EventRow.at, EventRow.type, EventRow.action, EventRow.actor, EventRow.data)
    .where(EventRow.seq > bindparam("after"))
    .order_by(EventRow.seq)
    .limit(bindparam("limit"))
)


def last_seq(session: Session) -> int:
    return int(session.scalar(select(func.max(EventRow.seq))) or 0)


def last_of_type(session: Session, type_: str) -> EventRow | None:
    query = select(EventRow).where(EventRow.type == type_).order_by(EventRow.seq.desc()).limit(1)
    return session.scalars(query).first()


def audit(
    session: Session,
    *,
    actor: str | None = None,
    ticket_id: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    event_type: str | None = None,
    exclude_types: tuple[str, ...] = ("queue.changed",),
    limit: int = 200,
) -> list[EventRow]:
    """The audit trail, newest first, with the filters an admin uses."""
    query = select(EventRow).where(EventRow.type.not_in(exclude_types))
    if event_type:
        query = query.where(EventRow.type == event_type)
    if actor:
        query = query.where(EventRow.actor == actor)
    if ticket_id is not None:
        query = query.where(EventRow.ticket_id == ticket_id)
    if start is not None:
        query = query.where(EventRow.at >= start)
    if end is not None:
        query = query.where(EventRow.at < end)
    return list(session.scalars(query.order_by(EventRow.seq.desc()).limit(limit)))


def prune_snapshots(session: Session, before: datetime, since: datetime | None = None) -> int:
    """Drop queue snapshots older than ``before`` (and, given ``since``, not older than it:
    those are gone already): only the latest one is ever replayed."""
    query = delete(EventRow).where(EventRow.type == "queue.changed", EventRow.at < before)
    if since is not None:
        query = query.where(EventRow.at >= since)
    result = session.execute(query)
    return int(getattr(result, "rowcount", 0))
