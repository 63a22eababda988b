"""Pooled PostgreSQL connections: no round trip to check one that was just used, and one
the server dropped while it sat idle is replaced before a request sees it."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from queue_server.storage import database
from queue_server.storage.database import Database
from tests.support.databases import fresh_database, postgres_base_url

pytestmark = pytest.mark.skipif(postgres_base_url() is None, reason="PostgreSQL not configured")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with fresh_database("postgresql", tmp_path) as url:
        handle = Database.from_url(url)
        yield handle
        handle.dispose()


def _backend_pid(db: Database) -> int:
    with db.read() as session:
        return int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _drop(pid: int) -> None:
    base = postgres_base_url()
    assert base is not None
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        admin.dispose()


def test_a_connection_dropped_while_idle_is_replaced(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "IDLE_PING_AFTER_S", 0.0)
    dropped = _backend_pid(db)
    _drop(dropped)
    assert _backend_pid(db) != dropped  # the request saw a new connection, not an error
    with db.write() as session:
        session.execute(text("SELECT 1"))


def test_a_connection_used_just_now_is_not_checked(db: Database) -> None:
    dropped = _backend_pid(db)
    _drop(dropped)
    with pytest.raises(OperationalError), db.read() as session:  # no ping: it fails once
        session.execute(text("SELECT 1"))
    assert _backend_pid(db) != dropped  # and the pool reconnects for the next request


def _two_clock_readings(session: Session) -> tuple[object, object]:
    first = session.execute(text("SELECT now()")).scalar_one()
    session.execute(text("SELECT pg_sleep(0.01)"))
    return first, session.execute(text("SELECT now()")).scalar_one()


def test_reads_run_without_a_transaction_and_writes_within_one(db: Database) -> None:
    with db.read() as session:
        first, second = _two_clock_readings(session)
        assert first != second  # each statement was a transaction of its own
    with db.write() as session:
        first, second = _two_clock_readings(session)
        assert first == second
