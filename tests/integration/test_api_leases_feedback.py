"""Offline leases and hand-in, feedback, printer faults, announcements."""

import uuid
from datetime import datetime, timedelta

import httpx

from tests.support.live_server import ThreadServer


def _ref() -> str:
    return f"t-{uuid.uuid4().hex[:16]}"


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _officer(server: ThreadServer) -> dict[str, str]:
    reply = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"username": "kepala", "password": "rahasia-123"}
    )
    return _auth(reply.json()["token"])


def test_lease_numbers_never_collide_with_online_ones(api_server: ThreadServer) -> None:
    kiosk = _auth(api_server.device_token("kiosk"))
    lease = httpx.post(
        f"{api_server.url}/api/v1/leases", json={"service": "AP", "count": 3}, headers=kiosk
    ).json()
    assert lease["numbers"] == ["C001", "C002", "C003"]
    online = httpx.post(
        f"{api_server.url}/api/v1/tickets",
        headers=kiosk,
        json={"service": "AP", "source": "walk_in", "client_ref": _ref()},
    ).json()
    assert online["number"] == "C004"


def test_hand_in_keeps_arrival_order_and_is_idempotent(api_server: ThreadServer) -> None:
    kiosk = _auth(api_server.device_token("kiosk"))
    url = api_server.url
    lease = httpx.post(
        f"{url}/api/v1/leases", json={"service": "IN", "count": 5}, headers=kiosk
    ).json()
    started = datetime.now().astimezone()  # after the lease's grant, before the online issue
    offline = [
        {
            "lease_id": lease["id"],
            "number": lease["numbers"][i],
            "service": "IN",
            "source": "walk_in",
            "issued_at": (started + timedelta(milliseconds=i)).isoformat(),
            "client_ref": f"offline-{lease['id']}-{i}",
        }
        for i in (1, 0)  # handed in out of order
    ]
    online = httpx.post(
        f"{url}/api/v1/tickets",
        headers=kiosk,
        json={"service": "IN", "source": "walk_in", "client_ref": _ref()},
    ).json()
    reply = httpx.post(f"{url}/api/v1/leases/hand-in", json={"tickets": offline}, headers=kiosk)
    assert reply.status_code == 200, reply.text
    accepted = reply.json()["accepted"]
    assert [t["number"] for t in accepted] == lease["numbers"][:2]
    again = httpx.post(
        f"{url}/api/v1/leases/hand-in", json={"tickets": offline}, headers=kiosk
    ).json()
    assert [t["id"] for t in again["accepted"]] == [t["id"] for t in accepted]
    officer = _officer(api_server)
    order = []
    for _ in range(3):
        called = httpx.post(f"{url}/api/v1/counters/7/call-next", headers=officer).json()
        order.append(called["number"])
        httpx.post(f"{url}/api/v1/tickets/{called['id']}/no-show", headers=officer)
    assert order == [*lease["numbers"][:2], online["number"]]


def test_hand_in_refuses_number_outside_lease(api_server: ThreadServer) -> None:
    kiosk = _auth(api_server.device_token("kiosk"))
    lease = httpx.post(
        f"{api_server.url}/api/v1/leases", json={"service": "IN", "count": 2}, headers=kiosk
    ).json()
    bogus = {
        "lease_id": lease["id"],
        "number": "H999",
        "service": "IN",
        "source": "walk_in",
        "issued_at": datetime.now().astimezone().isoformat(),
        "client_ref": _ref(),
    }
    reply = httpx.post(
        f"{api_server.url}/api/v1/leases/hand-in", json={"tickets": [bogus]}, headers=kiosk
    ).json()
    assert reply["accepted"] == []
    assert reply["refused"][0]["error"] == "not_leased"


def test_feedback_recorded_once(api_server: ThreadServer) -> None:
    kiosk = _auth(api_server.device_token("kiosk"))
    screen = _auth(api_server.device_token("feedback"))
    ticket = httpx.post(
        f"{api_server.url}/api/v1/tickets",
        headers=kiosk,
        json={"service": "IN", "source": "walk_in", "client_ref": _ref()},
    ).json()
    body = {
        "ticket_id": ticket["id"],
        "counter": 7,
        "answers": {"1": 4, "2": 3, "9": 4},
        "client_ref": _ref(),
    }
    first = httpx.post(f"{api_server.url}/api/v1/feedback", json=body, headers=screen)
    again = httpx.post(f"{api_server.url}/api/v1/feedback", json=body, headers=screen)
    other = httpx.post(
        f"{api_server.url}/api/v1/feedback", headers=screen, json={**body, "client_ref": _ref()}
    )
    bad = httpx.post(
        f"{api_server.url}/api/v1/feedback",
        headers=screen,
        json={**body, "answers": {"1": 5}, "client_ref": _ref()},
    )
    assert first.status_code == 201
    assert first.json()["answered"] == 3
    assert again.json()["id"] == first.json()["id"]
    assert other.status_code == 409
    assert other.json()["error"] == "already_rated"
    assert bad.status_code == 422


def test_announcement_appears_in_queue(api_server: ThreadServer) -> None:
    supervisor = _officer(api_server)
    reply = httpx.post(
        f"{api_server.url}/api/v1/announcements",
        headers=supervisor,
        json={"id": "Loket 3 istirahat", "en": "Counter 3 on break"},
    )
    assert reply.status_code == 201
    queue = httpx.get(f"{api_server.url}/api/v1/queue", headers=supervisor).json()
    assert queue["announcements"] == [{"id": "Loket 3 istirahat", "en": "Counter 3 on break"}]
    httpx.delete(f"{api_server.url}/api/v1/announcements/{reply.json()['id']}", headers=supervisor)
    assert (
        httpx.get(f"{api_server.url}/api/v1/queue", headers=supervisor).json()["announcements"]
        == []
    )


def test_printer_fault_report_accepted(api_server: ThreadServer) -> None:
    kiosk = _auth(api_server.device_token("kiosk"))
    ticket = httpx.post(
        f"{api_server.url}/api/v1/tickets",
        headers=kiosk,
        json={"service": "IN", "source": "walk_in", "client_ref": _ref()},
    ).json()
    reply = httpx.post(
        f"{api_server.url}/api/v1/devices/faults",
        headers=kiosk,
        json={
            "device": "printer",
            "state": "out_of_paper",
            "message": "printer at tcp://127.0.0.1:9100: out of paper",
            "ticket_id": ticket["id"],
        },
    )
    assert reply.status_code == 204
