"""Several server processes on one port (``antrean server --workers 2``, PostgreSQL).

Each request here goes over a connection of its own, so the kernel spreads them
over both processes; what one process wrote must reach the clients of the other.
"""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from queue_server.settings import Settings
from queue_server.storage import Database, event_store
from tests.support.live_server import PASSWORD, ProcessServer, seed
from tests.support.office import write_office
from tests.support.processes import children, wait_until_ended

REQUESTS = 30


@pytest.fixture
def settings(server_settings: Settings) -> Settings:
    if not server_settings.resolved_database_url.startswith("postgresql"):
        pytest.skip("several server processes need PostgreSQL")
    return server_settings


@pytest.fixture
def server(settings: Settings) -> Iterator[ProcessServer]:
    running = ProcessServer(settings=settings, tokens=seed(settings), workers=2)
    running.start()
    _wait_until_listening(running.port, processes=2)
    yield running
    running.stop()


def _issue(server: ProcessServer) -> int:
    reply = httpx.post(  # a connection of its own
        f"{server.url}/api/v1/tickets",
        json={"service": "AP", "source": "walk_in", "client_ref": uuid.uuid4().hex},
        headers={"Authorization": f"Bearer {server.device_token('kiosk')}"},
    )
    assert reply.status_code == 201, reply.text
    ticket_id: int = reply.json()["id"]
    return ticket_id


def test_every_subscriber_gets_every_event_of_both_processes_in_order(
    server: ProcessServer, settings: Settings
) -> None:
    url = f"ws://127.0.0.1:{server.port}/api/v1/events?since=0"
    bearer = {"Authorization": f"Bearer {server.device_token('display')}"}
    with ExitStack() as stack:
        boards = [
            stack.enter_context(connect(url, additional_headers=bearer, open_timeout=5))
            for _ in range(4)
        ]
        issued = [_issue(server) for _ in range(REQUESTS)]
        received = [_issued_events(board, REQUESTS) for board in boards]

    db = Database.from_url(settings.resolved_database_url)
    try:
        with db.read() as session:
            logged = [row.seq for row in event_store.since(session, 0, ["ticket.issued"])]
    finally:
        db.dispose()
    for events in received:
        assert [event["ticket"]["id"] for event in events] == issued
        assert [event["seq"] for event in events] == logged


def _issued_events(board: ClientConnection, count: int) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    while len(events) < count:
        event = json.loads(board.recv(timeout=10))
        if event["type"] == "ticket.issued":
            events.append(event)
    return events


def test_a_logout_ends_the_token_in_every_process(server: ProcessServer) -> None:
    token = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"username": "petugas", "password": PASSWORD}
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(10):  # both processes now hold it in their token caches
        assert httpx.get(f"{server.url}/api/v1/queue", headers=headers).status_code == 200
    assert httpx.post(f"{server.url}/api/v1/auth/logout", headers=headers).status_code == 204
    time.sleep(0.5)  # the other process reads the logout from the log
    statuses = {
        httpx.get(f"{server.url}/api/v1/queue", headers=headers).status_code for _ in range(10)
    }
    assert statuses == {401}


def test_a_logout_ends_the_event_streams_of_every_process(server: ProcessServer) -> None:
    """Streams opened over connections of their own reach both processes; the logout
    reaches one, and the other reads it from the log and closes its streams (4401)."""
    token = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"username": "petugas", "password": PASSWORD}
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    url = f"ws://127.0.0.1:{server.port}/api/v1/events"
    with ExitStack() as stack:
        streams = [
            stack.enter_context(connect(url, additional_headers=headers, open_timeout=5))
            for _ in range(6)
        ]
        assert httpx.post(f"{server.url}/api/v1/auth/logout", headers=headers).status_code == 204
        assert [_close_code(stream) for stream in streams] == [4401] * len(streams)


def _close_code(stream: ClientConnection) -> int | None:
    deadline = time.monotonic() + 10
    try:
        while (left := deadline - time.monotonic()) > 0:
            stream.recv(timeout=left)
    except TimeoutError:
        return None
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None
    return None


def test_failed_logins_count_in_every_process(server: ProcessServer) -> None:
    wrong = {"username": "petugas", "password": "salah-sekali"}
    for _ in range(5):
        assert httpx.post(f"{server.url}/api/v1/auth/login", json=wrong).status_code == 401
    time.sleep(0.5)
    statuses = {
        httpx.post(f"{server.url}/api/v1/auth/login", json=wrong).status_code for _ in range(6)
    }
    assert statuses == {429}


def test_an_extra_process_that_ends_is_started_again(server: ProcessServer) -> None:
    assert server.process is not None
    (extra,) = children(server.process.pid)
    os.kill(extra, signal.SIGKILL)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        replaced = [pid for pid in children(server.process.pid) if pid != extra]
        if replaced:
            break
        time.sleep(0.1)
    assert replaced
    for _ in range(REQUESTS):
        _issue(server)


def test_extra_processes_end_with_the_first(server: ProcessServer) -> None:
    assert server.process is not None
    (extra,) = children(server.process.pid)
    server.kill()
    assert wait_until_ended([extra]) == []


def _wait_until_listening(port: int, *, processes: int) -> None:
    """Until ``processes`` sockets listen on ``port`` (Linux): all serve requests now."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        table = Path("/proc/net/tcp").read_text().splitlines()[1:]
        listening = [
            line
            for line in table
            if line.split()[1].endswith(f":{port:04X}") and line.split()[3] == "0A"
        ]
        if len(listening) >= processes:
            return
        time.sleep(0.05)
    raise AssertionError(f"{processes} processes did not listen on port {port}")


def test_more_than_one_process_needs_postgresql(tmp_path: Path) -> None:
    refusal = _refused_server(tmp_path / "data", {}, "--workers", "2")
    assert "--workers 2 needs PostgreSQL" in refusal
    assert not (tmp_path / "data").exists()  # nothing was made


def test_a_bad_number_of_processes_is_refused_clearly(tmp_path: Path) -> None:
    refusal = _refused_server(tmp_path / "data", {"ANTREAN_WORKERS": "two"})
    assert "ANTREAN_WORKERS='two': give a whole number" in refusal
    assert "Traceback" not in refusal


def _refused_server(data_dir: Path, settings: dict[str, str], *options: str) -> str:
    """``antrean server`` on the default SQLite database must exit with status 2 at
    once; what it said."""
    office = write_office(data_dir.parent)
    environment = {
        **os.environ,
        "ANTREAN_DATA_DIR": str(data_dir),
        "ANTREAN_CONFIG": str(office),
        **settings,
    }
    environment.pop("ANTREAN_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "antrean", "server", "--no-advertise", *options],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    return done.stderr
