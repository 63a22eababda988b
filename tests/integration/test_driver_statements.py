"""Statements on the driver's cursor give what ``Connection.execute`` gives, on both engines."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from queue_server.storage import Database, driver
from queue_server.storage.migrate import upgrade
from queue_server.storage.models import EventRow, TicketRow

WIB = timezone(timedelta(hours=7))
_APPEND = insert(EventRow).returning(EventRow.seq, EventRow.at, EventRow.data)
_BY_SEQ = select(EventRow.seq, EventRow.at, EventRow.type, EventRow.data).where(
    EventRow.seq == bindparam("seq")
)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    upgrade(database_url)
    database = Database.from_url(database_url)
    yield database
    database.dispose()


def _event(at: datetime, data: dict[str, object]) -> dict[str, object]:
    return {
        "type": "ticket.issued",
        "at": at,
        "actor": "kiosk-1",
        "data": data,
        "ticket_id": None,
        "counter": None,
        "action": None,
    }


def _ticket(number: str) -> dict[str, object]:
    return {
        "day": date(2026, 11, 29),
        "service": "AP",
        "stage": None,
        "number": number,
        "status": "waiting",
        "ticket_class": "regular",
        "source": "walk_in",
        "language": "id",
        "issued_at": datetime.now(UTC),
        "queued_at": datetime.now(UTC),
        "recalls": 0,
        "reprints": 0,
        "status_token": f"token-{number}",
    }


def test_values_go_in_and_come_out_as_sqlalchemy_gives_them(db: Database) -> None:
    at = datetime(2026, 11, 29, 8, 30, 15, 123456, tzinfo=WIB)
    data = {"ticket": {"number": "AP-001"}, "recall": False}
    with db.write() as session:
        returned = driver.first(session, _APPEND, _event(at, data))
    assert returned is not None
    assert returned["at"] == at
    assert returned["at"].tzinfo == UTC
    assert returned["data"] == data
    with db.read() as session:
        through_sqlalchemy = session.execute(_BY_SEQ, {"seq": returned["seq"]}).one()
        on_the_cursor = driver.rows(session, _BY_SEQ, {"seq": returned["seq"]})
    assert on_the_cursor == [tuple(through_sqlalchemy)]


def test_literals_of_the_statement_are_bound_and_missing_rows_are_none(db: Database) -> None:
    waiting = select(TicketRow.id).where(
        TicketRow.status == "waiting", TicketRow.service == bindparam("service")
    )
    with db.read() as session:
        assert driver.rows(session, waiting, {"service": "AP"}) == []
        assert driver.first(session, waiting, {"service": "AP"}) is None
        assert driver.scalar(session, waiting, {"service": "AP"}) is None
        assert driver.scalar(session, select(text("41 + 1"))) == 42


def test_an_insert_names_only_the_columns_given(db: Database) -> None:
    """A column left out gets its table default, as with ``Connection.execute``."""
    with db.write() as session:
        seq = driver.scalar(
            session, insert(EventRow).returning(EventRow.seq), _event(datetime.now(UTC), {})
        )
        later = driver.scalar(
            session, insert(EventRow).returning(EventRow.seq), _event(datetime.now(UTC), {})
        )
    assert later == seq + 1


def test_a_driver_error_is_raised_as_sqlalchemy_raises_it(db: Database) -> None:
    ticket = _ticket("A001")
    add = insert(TicketRow).returning(TicketRow.id)
    with db.write() as session:
        driver.scalar(session, add, ticket)
    with pytest.raises(IntegrityError), db.write() as session:
        driver.scalar(session, add, {**ticket, "status_token": "token-2"})  # same number
    with pytest.raises((OperationalError, ProgrammingError)), db.read() as session:
        driver.rows(session, select(text("no_such_column")))
    with db.write() as session:  # the connection is usable again
        changed = update(TicketRow).where(TicketRow.number == "A001").values(recalls=1)
        assert driver.rows(session, changed) == []
    with db.read() as session:
        assert driver.scalar(session, select(TicketRow.recalls)) == 1


def test_an_expanding_parameter_is_refused(db: Database) -> None:
    query = select(TicketRow.id).where(TicketRow.status.in_(["waiting", "called"]))
    with pytest.raises(ValueError, match="expanding"), db.read() as session:
        driver.rows(session, query)


def test_a_missing_value_is_refused_by_name(db: Database) -> None:
    """As ``Connection.execute`` refuses it: a misspelt name never writes a NULL."""
    with pytest.raises(ValueError, match="seq"), db.read() as session:
        driver.rows(session, _BY_SEQ, {"sequence": 1})


def test_rows_of_a_text_statement_are_asked_of_the_cursor(db: Database) -> None:
    """A ``text()`` statement may or may not return rows: the cursor says which."""
    with db.write() as session:
        assert driver.rows(session, text("SELECT 41 + 1")) == [(42,)]
        assert driver.rows(session, text("UPDATE tickets SET recalls = 1")) == []


def test_a_statement_with_only_its_own_values_carries_them_inline_quoted(db: Database) -> None:
    """Such a statement (call-next's heads of the queues) runs without parameters, with the
    values quoted by SQLAlchemy, and finds what ``Connection.execute`` finds."""
    with db.write() as session:
        add = insert(TicketRow).returning(TicketRow.id)
        driver.scalar(session, add, {**_ticket("A001"), "service": "X'Y; --"})
    heads = select(TicketRow.number).where(
        TicketRow.service == "X'Y; --", TicketRow.status == "waiting"
    )
    plan = driver.Plan.compile(heads, db.engine.dialect, ())
    assert plan.names == ()
    assert "X''Y; --" in plan.sql
    with db.read() as session:
        assert driver.rows(session, heads) == [("A001",)]
        assert driver.rows(session, heads) == [tuple(row) for row in session.execute(heads)]
