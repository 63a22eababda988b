"""The database failing under a running server, as it does in an office: the disk
fills up, the file system turns read-only after a disk error or goes altogether,
PostgreSQL goes down."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from tests.support.live_server import ThreadServer

SqliteFailure = Literal["disk_full", "read_only", "gone"]


def _no_room(connection: Any, _record: Any) -> None:
    """The file may not grow by a page: "database or disk is full", as on a full disk."""
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")


def _read_only(connection: Any, _record: Any) -> None:
    """No write at all: "attempt to write a readonly database", as on a file system
    remounted read-only."""
    connection.execute("PRAGMA query_only = ON")


def _gone(_connection: Any, _record: Any) -> None:
    """Not even a read: what SQLite says when the disk under the file has gone."""
    raise sqlite3.OperationalError("unable to open database file")


_SQLITE_FAILURES = {"disk_full": _no_room, "read_only": _read_only, "gone": _gone}


@contextmanager
def _sqlite_connections(engine: Engine, failing: Any) -> Iterator[None]:
    """The pool's connections are made again, each set up by ``failing``."""
    event.listen(engine, "connect", failing)
    engine.dispose()
    try:
        yield
    finally:
        event.remove(engine, "connect", failing)
        engine.dispose()


@contextmanager
def _postgresql_down(url: str) -> Iterator[None]:
    """The database takes no connection, and the server's are cut."""
    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
        yield
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()


@contextmanager
def database_down(server: ThreadServer, sqlite: SqliteFailure = "disk_full") -> Iterator[None]:
    """On SQLite, ``sqlite`` says how it fails; PostgreSQL takes no connection."""
    db = server.ctx.db
    if db.is_sqlite:
        with _sqlite_connections(db.engine, _SQLITE_FAILURES[sqlite]):
            yield
    else:
        with _postgresql_down(server.settings.resolved_database_url):
            yield
