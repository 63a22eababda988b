"""On SQLite the busiest calls run on the event loop; the loop must never wait long for
the database. A write there gives up when another process holds the database, or when
a long write of this process holds the write lock, and the call runs in a worker
thread instead."""

import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from queue_server.storage import Database, DatabaseBusyError, Session
from queue_server.storage.migrate import upgrade
from tests.support.live_server import ThreadServer

EVENT_COUNT = text("SELECT count(*) FROM events")


@pytest.fixture
def database_file(tmp_path: Path) -> Path:
    path = tmp_path / "busy.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def db(database_file: Path) -> Iterator[Database]:
    database = Database.from_url(f"sqlite:///{database_file}")
    yield database
    database.dispose()


@pytest.fixture
def other_process(database_file: Path) -> Iterator[sqlite3.Connection]:
    """Another connection to the file, as another process (the command line) has."""
    connection = sqlite3.connect(database_file, isolation_level=None, check_same_thread=False)
    yield connection
    connection.close()


def _append_event(session: Session) -> None:
    session.execute(
        text(
            "INSERT INTO events (at, type, actor, data)"
            " VALUES ('2026-11-29 01:00:00.000000', 'test', 'test', '{}')"
        )
    )


def test_a_write_that_must_not_wait_gives_up_at_once_on_another_process(
    db: Database, other_process: sqlite3.Connection
) -> None:
    other_process.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    with pytest.raises(DatabaseBusyError), db.without_waiting(), db.write() as session:
        _append_event(session)
    assert time.monotonic() - started < 1
    other_process.execute("ROLLBACK")
    with db.read() as session:
        assert session.execute(EVENT_COUNT).scalar() == 0  # nothing was written

    with db.without_waiting(), db.write() as session:  # the database is free again
        _append_event(session)
    other_process.execute("BEGIN IMMEDIATE")  # an ordinary write still waits, as before
    threading.Timer(0.3, other_process.execute, ["ROLLBACK"]).start()
    with db.write() as session:
        _append_event(session)
    with db.read() as session:
        assert session.execute(EVENT_COUNT).scalar() == 2


@contextmanager
def _long_write_in_a_thread(db: Database, seconds: float) -> Iterator[None]:
    """Another thread of this process holds a write for ``seconds``; the block starts
    once it does, and ends after it has."""
    holding = threading.Event()

    def long_write() -> None:
        with db.write():
            holding.set()
            time.sleep(seconds)

    with ThreadPoolExecutor(1) as pool:
        done = pool.submit(long_write)
        holding.wait(5)
        yield
        done.result()


def test_a_write_that_must_not_wait_gives_up_on_a_long_write_of_this_process(
    db: Database,
) -> None:
    with _long_write_in_a_thread(db, 0.5):
        started = time.monotonic()
        with pytest.raises(DatabaseBusyError), db.without_waiting(), db.write():
            pass
        assert time.monotonic() - started < 0.4


def test_only_the_first_write_of_a_call_may_give_up(db: Database) -> None:
    """Giving up after a write was committed would have the call done twice."""
    with db.without_waiting():
        with db.write() as session:
            _append_event(session)
        with _long_write_in_a_thread(db, 0.3), db.write() as session:  # waits for it
            _append_event(session)
    with db.read() as session:
        assert session.execute(EVENT_COUNT).scalar() == 2


def test_the_loop_keeps_answering_while_another_process_holds_the_database(
    live_server: ThreadServer,
) -> None:
    database = live_server.settings.resolved_database_url.removeprefix("sqlite:///")
    other = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    kiosk = {"Authorization": f"Bearer {live_server.device_token('kiosk')}"}
    body = {"service": "AP", "source": "walk_in", "client_ref": uuid.uuid4().hex}
    with httpx.Client(base_url=live_server.url, headers=kiosk, timeout=30) as client:
        client.get("/api/v1/queue").raise_for_status()
        other.execute("BEGIN IMMEDIATE")
        try:
            with ThreadPoolExecutor(1) as pool:
                issuing = pool.submit(client.post, "/api/v1/tickets", json=body)
                time.sleep(0.3)
                started = time.monotonic()
                queue = client.get("/api/v1/queue")  # served while the issue waits
                assert queue.status_code == 200
                assert time.monotonic() - started < 2
                assert not issuing.done()
                other.execute("ROLLBACK")
                issued = issuing.result(timeout=30)
        finally:
            other.close()
    assert issued.status_code == 201, issued.text
    assert issued.json()["number"]
