"""Nothing lost: a ``kill -9`` of the server loses no acknowledged ticket, and a server
stopped as systemd stops it leaves all its data in the one database file."""

import shutil
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import httpx

from queue_server.settings import Settings
from tests.support.live_server import ProcessServer, seed
from tests.support.office import office_settings


def _issued(server: ProcessServer, count: int) -> list[tuple[int, str]]:
    """``count`` walk-ins issued by a kiosk, each acknowledged: (id, number) of each."""
    headers = {"Authorization": f"Bearer {server.device_token('kiosk')}"}
    acknowledged = []
    with httpx.Client(base_url=server.url, headers=headers) as client:
        for _ in range(count):
            body = {"service": "AP", "source": "walk_in", "client_ref": uuid.uuid4().hex}
            reply = client.post("/api/v1/tickets", json=body)
            assert reply.status_code == 201
            acknowledged.append((reply.json()["id"], reply.json()["number"]))
    return acknowledged


def test_kill_minus_nine_loses_no_acknowledged_ticket(server_settings: Settings) -> None:
    server = ProcessServer(settings=server_settings, tokens=seed(server_settings))
    server.start()
    try:
        acknowledged = _issued(server, 30)
        server.kill()
        server.start()
        headers = {"Authorization": f"Bearer {server.device_token('kiosk')}"}
        with httpx.Client(base_url=server.url, headers=headers) as client:
            for ticket_id, number in acknowledged:
                reply = client.get(f"/api/v1/tickets/{ticket_id}")
                assert reply.status_code == 200
                assert reply.json()["number"] == number
        (after,) = _issued(server, 1)
    finally:
        server.stop()
    assert after[1] == f"C{len(acknowledged) + 1:03d}"


def test_a_stopped_server_leaves_all_its_data_in_the_database_file(tmp_path: Path) -> None:
    """Copying that one file (a backup) after ``systemctl stop`` takes every ticket."""
    database = tmp_path / "antrean.sqlite3"
    settings = office_settings(tmp_path, f"sqlite:///{database}")
    server = ProcessServer(settings=settings, tokens=seed(settings))
    server.start()
    try:
        _issued(server, 5)
    finally:
        server.stop()  # SIGTERM: uvicorn shuts down, then ends by the signal
    assert not Path(f"{database}-wal").exists()

    backup = shutil.copy(database, tmp_path / "backup.sqlite3")
    with closing(sqlite3.connect(backup)) as copy:  # closed: Python 3.13 warns of one left open
        assert copy.execute("SELECT count(*) FROM tickets").fetchone() == (5,)
