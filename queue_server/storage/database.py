"""Engines and transactions.

SQLite runs in WAL mode with ``synchronous=FULL``: a commit is on disk before the
client hears "201". Write transactions start with ``BEGIN IMMEDIATE`` so two
writers never deadlock on a lock upgrade, and one write of this process runs at
a time.

Events get their ``seq`` and reach the event hub in commit order. On SQLite that
follows from one write at a time. On PostgreSQL a write is either exclusive
(alone, holding a transaction-level advisory lock from its start, so a second
server process on the same database keeps the order too) or concurrent: the
busiest use cases keep their own invariants with row locks and run beside each
other, and take the advisory lock only to append their events, just before the
commit, in the statement that appends the first one (``event_order_to_take``). A
concurrent write that meets a deadlock, a serialization failure or a duplicate key
raises ``WriteConflictError`` having written nothing, and its use case runs again.
"""

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, bindparam, create_engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from queue_server.storage import driver
from queue_server.storage.write_gate import WriteGate

EVENT_ORDER_LOCK = 0x616E7472  # "antr": pg_advisory_xact_lock key for write transactions
_TAKE_EVENT_ORDER_LOCK = select(func.pg_advisory_xact_lock(bindparam("key")))
IDLE_PING_AFTER_S = 10.0
SQLITE_BUSY_TIMEOUT_MS = 30_000
BRIEF_LOCK_WAIT_S = 0.05  # the most a write that must not wait waits for another thread's write
MAX_CONCURRENT_WRITES = 3  # PostgreSQL: bench/README.md, "Concurrent writes on PostgreSQL"
_GIVE_UP = "give_up"
_ORDERING = "antrean_event_order"  # Session.info key of a concurrent write's _Ordering
# deadlock detected, serialization failure, unique violation: gone when run again
_CONFLICT_STATES = frozenset({"40P01", "40001", "23505"})


# The database cannot serve now: down, out of reach, full, out of connections, or
# held too long by another writer. What was asked was rolled back, and may be asked
# again later. Any other database error is a bug.
UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (
    OperationalError,
    InterfaceError,
    PoolTimeoutError,
)


def unavailable_cause(error: Exception) -> str:
    """What the driver said, in one line: never the statement or its values."""
    cause = error.orig if isinstance(error, DBAPIError) else error
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0] if lines else 'no detail'}"


class DatabaseBusyError(Exception):
    """A write begun within ``Database.without_waiting`` found the database busy."""


class WriteConflictError(Exception):
    """A concurrent write collided with another one and was rolled back: run it again."""


@dataclass
class _Ordering:
    holding: bool = False  # this write holds the event order, until after its commit


@dataclass
class _Patience:
    spent: bool = False  # a write of the block has begun


_PATIENCE: ContextVar[_Patience | None] = ContextVar("antrean_write_patience", default=None)


def printable_url(url: str) -> str:
    """``url`` fit to print, log or show: its password, if any, as ``***``. A database URL
    is printed nowhere else: its password would end up in terminals, logs and pages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):  # unparseable: show none of it
        return "(a database URL that cannot be read)"


def create_database_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    engine = create_engine(url, pool_size=20, max_overflow=20)
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection before use only if it sat idle in the pool.

    ``pool_pre_ping`` would cost a round trip on every checkout. A connection back in
    the pool within ``IDLE_PING_AFTER_S`` is used as it is; if the database dropped it
    meanwhile, the error invalidates the whole pool and the next request reconnects.
    """

    @event.listens_for(engine, "checkin")
    def _on_checkin(_connection: Any, record: Any) -> None:
        record.info["checked_in"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(connection: Any, record: Any, _proxy: Any) -> None:
        checked_in = record.info.get("checked_in")  # None: a connection made just now
        if checked_in is None or time.monotonic() - checked_in < IDLE_PING_AFTER_S:
            return
        try:
            engine.dialect.do_ping(connection)
        except Exception as error:
            raise DisconnectionError("pooled connection is gone") from error


def _sqlite_engine(url: str) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        path = Path(database)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():  # made here, its owner's alone; SQLite gives -wal, -shm the same
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    _listen_sqlite(engine)
    return engine


def sqlite_memory_copy(path: Path) -> "Database":
    """An in-memory SQLite database holding a copy of the database file at ``path``, on one
    connection: a throwaway office (a simulation's) that needs no durability and no
    second thread, where a commit costs no write to a disk."""
    source = sqlite3.connect(path)
    memory = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        source.backup(memory)
    finally:
        source.close()
    engine = create_engine("sqlite://", creator=lambda: memory, poolclass=StaticPool)
    _listen_sqlite(engine)
    return Database(engine)


def sqlite_save_copy(database: "Database", path: Path) -> None:
    """Write the whole of a SQLite ``database`` (one made by ``sqlite_memory_copy``, say)
    over the database file at ``path``, in one backup."""
    raw = database.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        target = sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        raw.close()


def _listen_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide when transactions begin.
        connection.isolation_level = None
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        options = connection.get_execution_options()
        mode = options.get("sqlite_begin", "BEGIN IMMEDIATE")
        driver_connection = connection.connection.driver_connection
        try:  # on the driver: BEGIN needs none of the statement machinery
            if options.get("sqlite_busy") == _GIVE_UP:
                _begin_or_give_up(driver_connection, mode)
            else:
                driver_connection.execute(mode)
        except sqlite3.Error as error:
            raise DBAPIError.instance(mode, None, error, sqlite3.Error) from error


def _begin_or_give_up(connection: sqlite3.Connection, mode: str) -> None:
    """BEGIN without waiting for another connection's write transaction."""
    connection.execute("PRAGMA busy_timeout=0")
    try:
        connection.execute(mode)
    except sqlite3.OperationalError as error:
        if error.sqlite_errorcode == sqlite3.SQLITE_BUSY:
            raise DatabaseBusyError from error
        raise
    finally:
        connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


class Database:
    """The one handle services use: ``read()`` and ``write()`` transactions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._gate = WriteGate(MAX_CONCURRENT_WRITES)
        self._event_order = threading.Lock()  # concurrent writes: publish in commit order
        # A read on SQLite is one snapshot. On PostgreSQL every statement of a READ
        # COMMITTED transaction sees its own snapshot anyway, so reads run in autocommit
        # and save the BEGIN and COMMIT round trips.
        reads = (
            {"sqlite_begin": "BEGIN DEFERRED"}
            if self.is_sqlite
            else {"isolation_level": "AUTOCOMMIT"}
        )
        self._reads = sessionmaker(bind=engine.execution_options(**reads), expire_on_commit=False)
        self._writes = sessionmaker(bind=engine, expire_on_commit=False)
        self._writes_now = sessionmaker(
            bind=engine.execution_options(sqlite_busy=_GIVE_UP), expire_on_commit=False
        )

    @classmethod
    def from_url(cls, url: str) -> "Database":
        return cls(create_database_engine(url))

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @property
    def in_process(self) -> bool:
        """The database is a library in this process (SQLite): its statements are calls
        into it, not network round trips."""
        return self.is_sqlite

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reads() as session, session.begin():
            yield session

    @contextmanager
    def write(
        self, after_commit: Callable[[], None] | None = None, *, concurrent: bool = False
    ) -> Iterator[Session]:
        """A write transaction, committed when the block ends without an exception.

        ``after_commit`` runs after the commit while the event order is still held,
        so what it publishes leaves in commit order. (The connection is checked out
        after the gate: a writer waiting with a pooled connection in hand would leave
        the readers none.)

        ``concurrent``: the block keeps its invariants with row locks, takes the event
        order with its first event (``event_order_to_take``), and may run beside other
        such blocks (on PostgreSQL; SQLite runs every write alone).

        Within ``without_waiting``, the first write gives up with ``DatabaseBusyError``
        rather than wait for a long write of this process, or at all for another
        process holding the SQLite database; nothing is written then.
        """
        if concurrent and not self.is_sqlite:
            with self._concurrent_write(after_commit) as session:
                yield session
            return
        patience = _PATIENCE.get()
        impatient = patience is not None and not patience.spent
        if patience is not None:
            patience.spent = True  # later writes of the same call wait as usual
        if not self._gate.acquire_exclusive(timeout=BRIEF_LOCK_WAIT_S if impatient else -1):
            raise DatabaseBusyError
        try:
            sessions = self._writes_now if impatient and self.is_sqlite else self._writes
            with sessions() as session, session.begin():
                if self.is_sqlite:
                    session.connection()  # BEGIN IMMEDIATE now, before the caller's work
                else:
                    driver.rows(session, _TAKE_EVENT_ORDER_LOCK, {"key": EVENT_ORDER_LOCK})
                yield session
            if after_commit is not None:
                after_commit()
        finally:
            self._gate.release_exclusive()

    @contextmanager
    def _concurrent_write(self, after_commit: Callable[[], None] | None) -> Iterator[Session]:
        ordering = _Ordering()
        self._gate.acquire_concurrent()
        try:
            try:
                with self._writes() as session, session.begin():
                    session.info[_ORDERING] = ordering
                    yield session
            except DBAPIError as error:
                if getattr(error.orig, "sqlstate", None) in _CONFLICT_STATES:
                    raise WriteConflictError(str(error.orig)) from error
                raise
            if after_commit is not None:
                after_commit()
        finally:
            if ordering.holding:
                self._event_order.release()
            self._gate.release_concurrent()

    def event_order_to_take(self, session: Session) -> bool:
        """Whether ``session`` is a concurrent write yet to take the event order. If so,
        the statement appending its first event takes the advisory lock too (one round
        trip for both: ``event_store.append(..., take_order=True)``), and then it calls
        ``event_order_taken``. The order is taken last, after every row lock the write
        needs, and held only for the appends and the commit, which wait for no other
        write: its events get their ``seq`` after every write that committed before,
        and before every later one."""
        ordering = session.info.get(_ORDERING)
        return ordering is not None and not ordering.holding

    def event_order_taken(self, session: Session) -> None:
        """The advisory lock is held: take this process's order too, until after the
        commit and the publishing (only the advisory lock's last holder can take it now)."""
        self._event_order.acquire()
        session.info[_ORDERING].holding = True

    @contextmanager
    def without_waiting(self) -> Iterator[None]:
        """Writes in this block, on this thread, give up instead of waiting (see ``write``)."""
        token = _PATIENCE.set(_Patience())
        try:
            yield
        finally:
            _PATIENCE.reset(token)

    def ping(self) -> bool:
        try:
            with self.read() as session:
                session.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    def dispose(self) -> None:
        self.engine.dispose()
