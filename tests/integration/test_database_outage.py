"""The database fails under a running server: SQLite's disk is full, PostgreSQL refuses
every connection. Each request gets a clear 503 that a kiosk (issue from the lease)
and a console (show it) can act on, never a bare 500; nothing acknowledged is lost;
and the server serves again, by itself, once the database is back."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from queue_protocol import IssueTicketRequest, TicketSource, TicketState
from queue_protocol.client import QueueClient, ServerUnavailableError
from tests.support.live_server import ThreadServer

TRIES = 500  # issues until a full disk has no room left for one more


def _walk_in() -> IssueTicketRequest:
    return IssueTicketRequest(
        service="AP", source=TicketSource.WALK_IN, client_ref=uuid.uuid4().hex
    )


@contextmanager
def _sqlite_disk_full(engine: Engine) -> Iterator[None]:
    """Every new connection may not grow the file by a page: SQLite says "database or
    disk is full", as it does when the disk is."""

    def no_room(connection: Any, _record: Any) -> None:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(engine, "connect", no_room)
    engine.dispose()
    try:
        yield
    finally:
        event.remove(engine, "connect", no_room)
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
def database_down(server: ThreadServer) -> Iterator[None]:
    db = server.ctx.db
    if db.is_sqlite:
        with _sqlite_disk_full(db.engine):
            yield
    else:
        with _postgresql_down(server.settings.resolved_database_url):
            yield


def test_a_failing_database_gets_a_clear_503_and_loses_nothing(api_server: ThreadServer) -> None:
    token = api_server.device_token("kiosk")
    with QueueClient(api_server.url, token) as kiosk:
        acknowledged = [kiosk.issue_ticket(_walk_in())]
        refused: ServerUnavailableError | None = None
        with database_down(api_server):
            for _ in range(TRIES):
                try:
                    acknowledged.append(kiosk.issue_ticket(_walk_in()))
                except ServerUnavailableError as error:
                    refused = error
                    break
            raw = httpx.post(
                f"{api_server.url}/api/v1/tickets",
                json=_walk_in().model_dump(mode="json", exclude_none=True),
                headers={"Authorization": f"Bearer {token}"},
            )

        assert refused is not None, f"{TRIES} tickets issued on a database that was down"
        assert (refused.status, refused.error) == (503, "database_unavailable")
        assert "petugas TI" in refused.message
        assert "call IT" in refused.message_en
        assert raw.status_code == 503
        assert raw.headers["Retry-After"] == "5"
        assert raw.json()["error"] == "database_unavailable"

        after = kiosk.issue_ticket(_walk_in())  # the database is back: served again
        assert after.status == TicketState.WAITING
        for ticket in acknowledged:
            assert kiosk.ticket(ticket.id).number == ticket.number
