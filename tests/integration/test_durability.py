"""Nothing lost: a ``kill -9`` of the server loses no acknowledged ticket."""

import uuid

import httpx

from queue_server.settings import Settings
from tests.support.live_server import ProcessServer, seed


def test_kill_minus_nine_loses_no_acknowledged_ticket(server_settings: Settings) -> None:
    server = ProcessServer(settings=server_settings, tokens=seed(server_settings))
    server.start()
    acknowledged: list[tuple[int, str]] = []
    try:
        headers = {"Authorization": f"Bearer {server.device_token('kiosk')}"}
        with httpx.Client(base_url=server.url, headers=headers) as client:
            for _ in range(30):
                body = {"service": "AP", "source": "walk_in", "client_ref": uuid.uuid4().hex}
                reply = client.post("/api/v1/tickets", json=body)
                assert reply.status_code == 201
                acknowledged.append((reply.json()["id"], reply.json()["number"]))
        server.kill()
        server.start()
        with httpx.Client(base_url=server.url, headers=headers) as client:
            for ticket_id, number in acknowledged:
                reply = client.get(f"/api/v1/tickets/{ticket_id}")
                assert reply.status_code == 200
                assert reply.json()["number"] == number
            body = {"service": "AP", "source": "walk_in", "client_ref": uuid.uuid4().hex}
            after = client.post("/api/v1/tickets", json=body).json()
    finally:
        server.stop()
    assert after["number"] == f"C{len(acknowledged) + 1:03d}"
