"""The busiest writes as plain statements: call-next and the officer's actions.

A ticket or counter is read as its columns into a row object that stays outside
the session, and every change is one ``UPDATE`` of the columns that changed. The
ORM's identity map and unit of work would cost each call more than its SQL does,
and every other write waits for it. On PostgreSQL the changes that go together
(a call: ticket, visit, counter; an end: the same three) are one statement with
data-modifying CTEs, each round trip fewer being a wait fewer while the write
holds its rows. Never commits.
"""

import functools
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Select,
    Update,
    bindparam,
    exists,
    func,
    insert,
    literal_column,
    select,
    update,
)
from sqlalchemy.orm import Session

from queue_server.storage import driver
from queue_server.storage.models import (
    Base,
    CounterRow,
    TicketRow,
    TicketStageRow,
    detached,
)


def load_ticket(session: Session, ticket_id: int, *, for_update: bool = False) -> TicketRow | None:
    """The ticket, detached: change it with ``change_ticket``, not by setting attributes.
    ``for_update`` locks its row on PostgreSQL until the commit (``FOR NO KEY UPDATE``:
    rows that refer to it may still be inserted)."""
    query = _LOAD_TICKET_FOR_UPDATE if for_update else _LOAD_TICKET
    found = driver.first(session, query, {"ticket_id": ticket_id})
    return None if found is None else detached(TicketRow, found)


_LOAD_TICKET = select(*TicketRow.__table__.columns).where(TicketRow.id == bindparam("ticket_id"))
_LOAD_TICKET_FOR_UPDATE = _LOAD_TICKET.with_for_update(key_share=True)


def lock_ticket(session: Session, ticket_id: int) -> TicketRow | None:
    """The ticket, its row locked until the commit, and first its counter's row: the
    order call-next takes them in (counter, then ticket), so the two never wait on each
    other in a circle. (SQLite runs one write at a time: no locks there.)"""
    if driver.on_postgresql(session):
        driver.rows(session, _LOCK_COUNTER_OF_TICKET, {"ticket_id": ticket_id})
    return load_ticket(session, ticket_id, for_update=True)


_LOCK_COUNTER_OF_TICKET = (
    select(CounterRow.number)
    .where(
        CounterRow.number
        == select(TicketRow.counter).where(TicketRow.id == bindparam("ticket_id")).scalar_subquery()
    )
    .with_for_update()
)


def change_ticket(session: Session, row: TicketRow, **values: Any) -> None:
    """Set columns of the ticket, in the database and on ``row``."""
    statement = _update_statement(TicketRow, tuple(values))
    driver.rows(session, statement, {"key": row.id, **_new(values)})
    _assign(row, values)


def _claim_ticket(session: Session, ticket_id: int, **values: Any) -> TicketRow | None:
    """Waiting -> called, only if still waiting (the guard against a double call): the
    ticket as claimed, or None if another counter was first."""
    statement = _claim_statement(tuple(values))
    claimed = driver.first(session, statement, {"key": ticket_id, **_new(values)})
    return None if claimed is None else detached(TicketRow, claimed)


def call_ticket(
    session: Session, ticket_id: int, counter: CounterRow, *, officer: str, at: datetime
) -> TicketRow | None:
    """Waiting -> called at ``counter``, only if still waiting: the ticket as called, its
    open stage visit called too and the counter holding it (``counter`` is changed to
    match), or None if another counter was first. On PostgreSQL one statement does all
    three, so call-next holds its rows over two round trips fewer; SQLite, whose
    statements are calls into this process, takes the three one by one."""
    called = {"status": "called", "counter": counter.number, "officer": officer}
    if not driver.on_postgresql(session):
        claimed = _claim_ticket(session, ticket_id, **called, called_at=at)
        if claimed is not None:
            change_open_visit(
                session, claimed.id, called_at=at, counter=counter.number, officer=officer
            )
            change_counter(session, counter, current_ticket_id=claimed.id, updated_at=at)
        return claimed
    params = {"key": ticket_id, "number": counter.number, "officer": officer, "at": at}
    found = driver.first(session, _CALL_TICKET, params)
    if found is None:
        return None
    _assign(counter, {"current_ticket_id": found["id"], "updated_at": at})
    return detached(TicketRow, found)


def _call_ticket() -> Select[Any]:
    at = bindparam("at", type_=TicketRow.called_at.type)
    number = bindparam("number", type_=TicketRow.counter.type)
    officer = bindparam("officer", type_=TicketRow.officer.type)
    claimed = (
        update(TicketRow)
        .where(TicketRow.id == bindparam("key"), TicketRow.status == "waiting")
        .values(status="called", counter=number, officer=officer, called_at=at)
        .returning(*TicketRow.__table__.columns)
        .cte("claimed")
    )
    visit = (
        update(TicketStageRow)
        .where(
            TicketStageRow.ticket_id == select(claimed.c.id).scalar_subquery(),
            TicketStageRow.outcome.is_(None),
        )
        .values(called_at=at, counter=number, officer=officer)
    )
    held = (
        update(CounterRow)
        .where(CounterRow.number == number, exists(select(claimed.c.id)))
        .values(current_ticket_id=select(claimed.c.id).scalar_subquery(), updated_at=at)
    )
    return select(*claimed.c).add_cte(visit.cte("visit")).add_cte(held.cte("held"))


_CALL_TICKET = _call_ticket()


def load_counter(session: Session, number: int, *, for_update: bool = False) -> CounterRow | None:
    """The counter, detached (``for_update`` locks its row on PostgreSQL)."""
    query = _LOAD_COUNTER_FOR_UPDATE if for_update else _LOAD_COUNTER
    found = driver.first(session, query, {"number": number})
    return None if found is None else detached(CounterRow, found)


_LOAD_COUNTER = select(*CounterRow.__table__.columns).where(
    CounterRow.number == bindparam("number")
)
_LOAD_COUNTER_FOR_UPDATE = _LOAD_COUNTER.with_for_update()


def add_counter(session: Session, row: CounterRow) -> None:
    values = {column.key: getattr(row, column.key) for column in CounterRow.__table__.columns}
    session.connection().execute(_ADD_COUNTER, values)


_ADD_COUNTER = insert(CounterRow)


def change_counter(session: Session, row: CounterRow, **values: Any) -> None:
    """Set columns of the counter, in the database and on ``row``."""
    statement = _update_statement(CounterRow, tuple(values))
    driver.rows(session, statement, {"key": row.number, **_new(values)})
    _assign(row, values)


def end_ticket(session: Session, row: TicketRow, *, outcome: str, at: datetime) -> None:
    """The ticket ends (done, no-show, cancelled): its status, its open visit closed, and
    its counter, if it still holds it, free. On PostgreSQL one statement does all three
    (two round trips fewer while the action holds its rows); SQLite takes them one by
    one."""
    if not driver.on_postgresql(session):
        change_ticket(session, row, status=outcome, finished_at=at)
        close_open_visit(session, row.id, at=at, outcome=outcome)
        if row.counter is not None:
            release_counter(session, row.counter, row.id, at)
        return
    statement = _END_TICKET_DONE if outcome == "done" else _END_TICKET
    params = {"key": row.id, "end": outcome, "at": at, "counter": row.counter}
    driver.rows(session, statement, params)
    _assign(row, {"status": outcome, "finished_at": at})


def release_counter(session: Session, number: int, ticket_id: int, at: datetime) -> None:
    """The counter no longer holds the ticket (if it still did)."""
    driver.rows(session, _RELEASE_COUNTER, {"counter": number, "key": ticket_id, "at": at})


_RELEASE_COUNTER = (
    update(CounterRow)
    .where(
        CounterRow.number == bindparam("counter", type_=CounterRow.number.type),
        CounterRow.current_ticket_id == bindparam("key"),
    )
    .values(current_ticket_id=None, updated_at=bindparam("at", type_=CounterRow.updated_at.type))
)


def change_open_visit(session: Session, ticket_id: int, **values: Any) -> None:
    """Set columns of the ticket's open stage visit (there is one while it is queued,
    called or served)."""
    statement = _open_visit_update(tuple(values))
    driver.rows(session, statement, {"key": ticket_id, **_new(values)})


def close_open_visit(session: Session, ticket_id: int, *, at: datetime, outcome: str) -> None:
    """End the open visit. A visit done without a start was served from its call."""
    statement = _CLOSE_VISIT_DONE if outcome == "done" else _CLOSE_VISIT
    driver.rows(session, statement, {"key": ticket_id, "at": at, "end": outcome})


_CLOSE_VISIT = (
    update(TicketStageRow)
    .where(TicketStageRow.ticket_id == bindparam("key"), TicketStageRow.outcome.is_(None))
    .values(
        finished_at=bindparam("at", type_=TicketStageRow.finished_at.type),
        outcome=bindparam("end", type_=TicketStageRow.outcome.type),
    )
)
_CLOSE_VISIT_DONE = _CLOSE_VISIT.values(
    started_at=func.coalesce(TicketStageRow.started_at, TicketStageRow.called_at)
)


def _end_ticket(close_visit: Update) -> Select[Any]:
    """A ticket's end as one statement: its status, then ``close_visit`` and
    ``_RELEASE_COUNTER`` as they run alone, with the same parameters."""
    ended = (
        update(TicketRow)
        .where(TicketRow.id == bindparam("key"))
        .values(
            status=bindparam("end", type_=TicketRow.status.type),
            finished_at=bindparam("at", type_=TicketRow.finished_at.type),
        )
    )
    return (
        select(literal_column("1"))
        .add_cte(ended.cte("ended"))
        .add_cte(close_visit.cte("closed"))
        .add_cte(_RELEASE_COUNTER.cte("freed"))
    )


_END_TICKET = _end_ticket(_CLOSE_VISIT)
_END_TICKET_DONE = _end_ticket(_CLOSE_VISIT_DONE)


def _new(values: dict[str, Any]) -> dict[str, Any]:
    return {f"new_{name}": value for name, value in values.items()}


def _assign(row: TicketRow | CounterRow, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(row, name, value)


@functools.lru_cache(maxsize=64)
def _update_statement(model: type[TicketRow] | type[CounterRow], names: tuple[str, ...]) -> Update:
    """``UPDATE ... SET name = :new_name, ... WHERE key = :key``, built once per set of
    columns."""
    key = TicketRow.id if model is TicketRow else CounterRow.number
    return update(model).where(key == bindparam("key")).values(_new_values(model, names))


@functools.lru_cache(maxsize=4)
def _claim_statement(names: tuple[str, ...]) -> Update:
    return (
        _update_statement(TicketRow, names)
        .where(TicketRow.status == "waiting")
        .returning(*TicketRow.__table__.columns)
    )


@functools.lru_cache(maxsize=16)
def _open_visit_update(names: tuple[str, ...]) -> Update:
    return (
        update(TicketStageRow)
        .where(TicketStageRow.ticket_id == bindparam("key"), TicketStageRow.outcome.is_(None))
        .values(_new_values(TicketStageRow, names))
    )


def _new_values(model: type[Base], names: tuple[str, ...]) -> dict[str, Any]:
    columns = model.__table__.c
    return {name: bindparam(f"new_{name}", type_=columns[name].type) for name in names}
