"""No double call: many officers pressing at once never get the same ticket."""

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import httpx

from queue_server.settings import Settings
from tests.support.live_server import PASSWORD, ThreadServer, seed
from tests.support.office import always_open_office_text, write_office

COUNTERS = 50


def _office_with_counters(tmp_path: Path) -> Path:
    extra = "".join(
        f'\n[[counters]]\nnumber = {100 + n}\nservices = ["IN"]\n' for n in range(COUNTERS)
    )
    return write_office(tmp_path, text=always_open_office_text(extra), name="busy.toml")


def test_fifty_threads_call_next_no_ticket_twice(server_settings: Settings, tmp_path: Path) -> None:
    settings = replace(server_settings, office_file=_office_with_counters(tmp_path))
    server = ThreadServer(settings=settings, tokens=seed(settings))
    server.start()
    try:
        kiosk = {"Authorization": f"Bearer {server.device_token('kiosk')}"}
        with httpx.Client(base_url=server.url, headers=kiosk) as client:
            for _ in range(40):
                body = {"service": "IN", "source": "walk_in", "client_ref": uuid.uuid4().hex}
                assert client.post("/api/v1/tickets", json=body).status_code == 201
        token = httpx.post(
            f"{server.url}/api/v1/auth/login", json={"username": "petugas", "password": PASSWORD}
        ).json()["token"]
        barrier = threading.Barrier(COUNTERS)

        def press(counter: int) -> int | None:
            with httpx.Client(
                base_url=server.url, timeout=60, headers={"Authorization": f"Bearer {token}"}
            ) as client:
                barrier.wait()
                reply = client.post(f"/api/v1/counters/{counter}/call-next")
                assert reply.status_code in (200, 204), reply.text
                return int(reply.json()["id"]) if reply.status_code == 200 else None

        with ThreadPoolExecutor(COUNTERS) as pool:
            results = list(pool.map(press, range(100, 100 + COUNTERS)))
    finally:
        server.stop()
    called = [ticket for ticket in results if ticket is not None]
    assert len(called) == 40
    assert Counter(called).most_common(1)[0][1] == 1
