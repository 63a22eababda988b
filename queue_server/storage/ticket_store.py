"""Queries on tickets, their stage visits, counters and number sequences. Never commits."""

import functools
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    String,
    bindparam,
    cast,
    func,
    insert,
    literal_column,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import CompoundSelect

from queue_server.storage import driver
from queue_server.storage.models import (
    CounterRow,
    NumberSequenceRow,
    TicketRow,
    TicketStageRow,
    detached,
)

WAITING = "waiting"
ACTIVE = ("called", "serving")


def next_sequence(session: Session, day: date, service: str, count: int = 1) -> int:
    """Reserve ``count`` numbers of (day, service) and return the first. One UPDATE ...
    RETURNING, which holds the row until the commit, except for the day's first number:
    of two writes inserting it at once, the second fails on the key (and runs again)."""
    values = {"for_day": day, "for_service": service, "count": count}
    bumped = driver.scalar(session, _BUMP_SEQUENCE, values)
    if bumped is None:
        session.execute(insert(NumberSequenceRow).values(day=day, service=service, last=count))
        bumped = count
    return int(bumped) - count + 1


_BUMP_SEQUENCE = (
    update(NumberSequenceRow)
    .where(
        NumberSequenceRow.day == bindparam("for_day"),
        NumberSequenceRow.service == bindparam("for_service"),
    )
    .values(last=NumberSequenceRow.last + bindparam("count"))
    .returning(NumberSequenceRow.last)
)


def by_id(session: Session, ticket_id: int) -> TicketRow | None:
    return session.get(TicketRow, ticket_id)


def lock_quota_pool(session: Session, pool: str) -> None:
    """Hold the count of ``pool`` until the commit, so of two issues running side by side
    on PostgreSQL only one can take the pool's last place. (SQLite writes one at a time.)"""
    if driver.on_postgresql(session):
        driver.rows(session, _LOCK_POOL, {"space": POOL_LOCK_SPACE, "pool": _pool_key(pool)})


POOL_LOCK_SPACE = 0x616E7472  # "antr"; the two-key advisory locks are apart from one-key ones
_LOCK_POOL = select(
    func.pg_advisory_xact_lock(bindparam("space", type_=Integer), bindparam("pool", type_=Integer))
)


def _pool_key(pool: str) -> int:
    key = zlib.crc32(pool.encode())
    return key - (1 << 32) if key >= 1 << 31 else key  # a signed 32-bit int


def by_client_ref(session: Session, client_ref: str) -> TicketRow | None:
    """The ticket issued for ``client_ref``; nearly always none, so only its id is asked."""
    ticket_id = driver.scalar(session, _ID_BY_CLIENT_REF, {"client_ref": client_ref})
    return None if ticket_id is None else session.get(TicketRow, ticket_id)


_ID_BY_CLIENT_REF = select(TicketRow.id).where(TicketRow.client_ref == bindparam("client_ref"))


def new_ticket(**values: Any) -> TicketRow:
    """A ticket to insert with ``add_ticket``: a row object outside the session."""
    return detached(TicketRow, values)


def add_ticket(session: Session, row: TicketRow) -> None:
    """Insert a new ticket; ``row`` gets its id. A plain INSERT, the object staying out
    of the session: issuing is the busiest write there is."""
    values = {column.key: getattr(row, column.key) for column in _TICKET_COLUMNS}
    row.id = int(driver.scalar(session, _ADD_TICKET, values))


_TICKET_COLUMNS = [column for column in TicketRow.__table__.columns if column.key != "id"]
_ADD_TICKET = insert(TicketRow).returning(TicketRow.id)


def add_numbered_ticket(session: Session, row: TicketRow, *, prefix: str, padding: int) -> bool:
    """PostgreSQL: take the day's next number of ``row``'s service, and insert the ticket
    with it and its first stage visit, in one statement; ``row`` gets its id and number.

    Issues of one service wait for one another from the number's ``UPDATE`` to their
    commit, so the statements after it are what the busiest service's issues queue
    for: here none are left before the events and the commit. False, with nothing
    written, when the service has no number yet that day (``next_sequence`` makes the
    first), and on SQLite, whose statements are calls into this process."""
    if not driver.on_postgresql(session):
        return False
    values = {column.key: getattr(row, column.key) for column in _NUMBERED_COLUMNS}
    values.update(prefix=prefix, padding=padding)
    added = driver.first(session, _ADD_NUMBERED_TICKET, values)
    if added is None:
        return False
    row.id, row.number = int(added["id"]), str(added["number"])
    return True


def _add_numbered_ticket() -> Select[Any]:
    bumped = (
        update(NumberSequenceRow)
        .where(
            NumberSequenceRow.day == bindparam("day"),
            NumberSequenceRow.service == bindparam("service"),
        )
        .values(last=NumberSequenceRow.last + 1)
        .returning(NumberSequenceRow.last)
        .cte("bumped")
    )
    digits = cast(bumped.c.last, String)
    padding = bindparam("padding", type_=Integer)
    number = bindparam("prefix", type_=String) + func.lpad(  # format_number's "A012", "A1000"
        digits, func.greatest(func.length(digits), padding), "0"
    )
    ticket = (
        insert(TicketRow)
        .from_select(
            [column.key for column in _TICKET_COLUMNS],
            select(
                *(
                    number if column.key == "number" else bindparam(column.key, type_=column.type)
                    for column in _TICKET_COLUMNS
                )
            ).select_from(bumped),
        )
        .returning(TicketRow.id, TicketRow.number, *_VISIT_COLUMNS[1:])
        .cte("ticket")
    )
    visit = insert(TicketStageRow).from_select(
        [column.key for column in _VISIT_COLUMNS],
        select(ticket.c.id, *(ticket.c[column.key] for column in _VISIT_COLUMNS[1:])),
    )
    return select(ticket.c.id, ticket.c.number).add_cte(visit.cte("visit"))


_NUMBERED_COLUMNS = [column for column in _TICKET_COLUMNS if column.key != "number"]
_VISIT_COLUMNS = (  # a stage visit's columns; all but the first are the ticket's own
    TicketStageRow.ticket_id,
    TicketRow.day,
    TicketRow.service,
    TicketRow.stage,
    TicketRow.ticket_class,
    TicketRow.source,
    TicketRow.queued_at,
)
_ADD_NUMBERED_TICKET = _add_numbered_ticket()


def add_stage_visit(session: Session, row: TicketRow) -> None:
    """Start ``row``'s visit to its current queue: a plain INSERT, it is not read back."""
    values = {column.key: getattr(row, column.key) for column in _VISIT_COLUMNS[1:]}
    driver.rows(session, _ADD_STAGE_VISIT, {"ticket_id": row.id, **values})


_ADD_STAGE_VISIT = insert(TicketStageRow)


def by_status_token(session: Session, token: str) -> TicketRow | None:
    return session.scalars(select(TicketRow).where(TicketRow.status_token == token)).first()


def by_number(session: Session, day: date, number: str) -> TicketRow | None:
    query = select(TicketRow).where(TicketRow.day == day, TicketRow.number == number)
    return session.scalars(query).first()


def oldest_waiting(
    session: Session, queues: Sequence[tuple[str, str | None]], classes: Sequence[str]
) -> list[tuple[int, str, str | None, str, datetime]]:
    """(id, service, stage, class, queued_at) of the oldest waiting ticket of each class in
    each queue: all any call strategy needs, however long the queues. One statement of
    one index seek per queue and class.

    On PostgreSQL the heads are locked until the commit, and a ticket another call-next
    holds is passed over: counters calling at the same moment each get a different head
    instead of waiting for one another to find theirs taken."""
    if not queues or not classes:
        return []
    query = _oldest_waiting_query(tuple(queues), tuple(classes))
    return [(int(i), s, st, c, q) for i, s, st, c, q in driver.rows(session, query)]


@functools.lru_cache(maxsize=256)
def _oldest_waiting_query(
    queues: tuple[tuple[str, str | None], ...], classes: tuple[str, ...]
) -> CompoundSelect[Any]:
    """Built once per set of queues (a counter's are fixed by the config)."""
    heads = [
        select(
            TicketRow.id,
            TicketRow.service,
            TicketRow.stage,
            TicketRow.ticket_class,
            TicketRow.queued_at,
        )
        .where(
            TicketRow.status == WAITING,
            TicketRow.service == service,
            _stage_is(stage),
            TicketRow.ticket_class == ticket_class,
        )
        .order_by(TicketRow.queued_at, TicketRow.id)
        .limit(1)
        .with_for_update(key_share=True, skip_locked=True)
        .subquery()
        for service, stage in queues
        for ticket_class in classes
    ]
    return union_all(*(select(head) for head in heads))


def _stage_is(stage: str | None):  # type: ignore[no-untyped-def]
    return TicketRow.stage.is_(None) if stage is None else TicketRow.stage == stage


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
    return [
        str(row[0]) for row in reversed(driver.rows(session, _RECENT_CLASSES, {"limit": limit}))
    ]


_RECENT_CLASSES = (
    select(TicketStageRow.ticket_class)
    .where(TicketStageRow.called_at.is_not(None))
    .order_by(TicketStageRow.called_at.desc(), TicketStageRow.id.desc())
    .limit(bindparam("limit"))
)


def recent_counter_holds(
    session: Session, since: datetime, limit: int = 2000
) -> list[tuple[str, str | None, datetime, datetime]]:
    """(service, stage, called, ended) of the latest ``limit`` visits that ended after
    ``since``, oldest first: how long each call held its counter, from the call to the
    end of the visit (served, no-show, or sent on to another queue). The wait forecast
    asks once a minute: the statement is built once."""
    found = driver.rows(session, _RECENT_HOLDS, {"since": since, "limit": limit})
    return [(s, st, c, f) for s, st, c, f in reversed(found) if c is not None and f is not None]


_RECENT_HOLDS = (
    select(
        TicketStageRow.service,
        TicketStageRow.stage,
        TicketStageRow.called_at,
        TicketStageRow.finished_at,
    )
    .where(
        TicketStageRow.finished_at > bindparam("since", type_=TicketStageRow.finished_at.type),
        TicketStageRow.called_at.is_not(None),
        TicketStageRow.outcome.op("IN")(literal_column("('done', 'no_show', 'transferred')")),
    )
    .order_by(TicketStageRow.finished_at.desc())
    .limit(bindparam("limit"))
)


def open_stage(session: Session, ticket_id: int) -> TicketStageRow | None:
    return session.scalars(_OPEN_STAGE, {"ticket_id": ticket_id}).first()


_OPEN_STAGE = (
    select(TicketStageRow)
    .where(TicketStageRow.ticket_id == bindparam("ticket_id"), TicketStageRow.outcome.is_(None))
    .order_by(TicketStageRow.id.desc())
)


def counters(session: Session) -> list[CounterRow]:
    return list(session.scalars(select(CounterRow).order_by(CounterRow.number)))


def tickets_by_ids(session: Session, ids: Sequence[int]) -> dict[int, TicketRow]:
    if not ids:
        return {}
    return {row.id: row for row in session.scalars(select(TicketRow).where(TicketRow.id.in_(ids)))}


def recent_no_shows(
    session: Session, day: date, counter: int, since: datetime, *, limit: int = 5
) -> list[TicketRow]:
    """The tickets ``counter`` marked no-show today since ``since``, newest first."""
    query = (
        select(TicketRow)
        .where(
            TicketRow.day == day,
            TicketRow.status == "no_show",
            TicketRow.counter == counter,
            TicketRow.finished_at >= since,
        )
        .order_by(TicketRow.finished_at.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


@dataclass(frozen=True)
class StatusRow:
    """What a live status page shows of its ticket (``services.ticket_status``)."""

    id: int
    number: str
    service: str
    stage: str | None
    status: str
    counter: int | None


def status_rows(session: Session, ids: Sequence[int]) -> list[StatusRow]:
    """The tickets of ``ids`` that their status token still opens (not purged, not
    erased): columns only, no ORM objects, as a thousand pages are read at once."""
    if not ids:
        return []
    query = select(
        TicketRow.id,
        TicketRow.number,
        TicketRow.service,
        TicketRow.stage,
        TicketRow.status,
        TicketRow.counter,
    ).where(TicketRow.id.in_(ids), TicketRow.status_token.is_not(None))
    return [StatusRow(*row) for row in session.execute(query)]


def served_today(session: Session, day: date, officer: str) -> dict[str, int]:
    """Counts of this officer's stage visits today by outcome."""
    query = (
        select(TicketStageRow.outcome, func.count())
        .where(TicketStageRow.day == day, TicketStageRow.officer == officer)
        .group_by(TicketStageRow.outcome)
    )
    return {str(outcome): int(n) for outcome, n in session.execute(query) if outcome}


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


@dataclass(frozen=True)
class Visit:
    """One visit of a ticket to one queue, as the day's figures need it."""

    ticket_id: int
    service: str
    stage: str | None
    ticket_class: str
    queued_at: datetime
    called_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    counter: int | None
    outcome: str | None


def day_visits(session: Session, day: date) -> list[Visit]:
    """Every stage visit of the day, in the order they were queued."""
    query = (
        select(
            TicketStageRow.ticket_id,
            TicketStageRow.service,
            TicketStageRow.stage,
            TicketStageRow.ticket_class,
            TicketStageRow.queued_at,
            TicketStageRow.called_at,
            TicketStageRow.started_at,
            TicketStageRow.finished_at,
            TicketStageRow.counter,
            TicketStageRow.outcome,
        )
        .where(TicketStageRow.day == day)
        .order_by(TicketStageRow.id)
    )
    return [
        Visit(int(ticket), service, stage, cls, queued, called, started, finished, counter, end)
        for ticket, service, stage, cls, queued, called, started, finished, counter, end in (
            session.execute(query)
        )
    ]
