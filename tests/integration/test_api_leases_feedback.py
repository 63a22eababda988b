"""Offline leases and hand-in, feedback, printer faults, announcements."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from queue_protocol import DeviceKind
from queue_server.domain.errors import InvalidRequestError
from queue_server.services import devices
from queue_server.storage import account_store, record_store, ticket_store
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


def _served(server: ThreadServer, counter: int, *, finish: bool = True) -> dict[str, Any]:
    """A ticket issued, called at ``counter`` and (unless ``finish`` is False) finished."""
    kiosk = _auth(server.device_token("kiosk"))
    httpx.post(
        f"{server.url}/api/v1/tickets",
        headers=kiosk,
        json={"service": "IN", "source": "walk_in", "client_ref": _ref()},
    )
    officer = _officer(server)
    called: dict[str, Any] = httpx.post(
        f"{server.url}/api/v1/counters/{counter}/call-next", headers=officer
    ).json()
    if finish:
        for action in ("start", "finish"):
            reply = httpx.post(
                f"{server.url}/api/v1/tickets/{called['id']}/{action}", headers=officer
            )
            assert reply.status_code == 200, reply.text
    return called


def _rate(server: ThreadServer, ticket_id: int, counter: int = 7) -> httpx.Response:
    return httpx.post(
        f"{server.url}/api/v1/feedback",
        headers=_auth(server.device_token("feedback")),
        json={
            "ticket_id": ticket_id,
            "counter": counter,
            "answers": {"1": 4},
            "client_ref": _ref(),
        },
    )


def test_feedback_for_ticket_finished_at_another_counter_refused(
    api_server: ThreadServer,
) -> None:
    """The screen stands at counter 7; saying 8 in the request changes nothing."""
    elsewhere = _served(api_server, 8)
    for claimed in (7, 8):
        refused = _rate(api_server, elsewhere["id"], counter=claimed)
        assert refused.status_code == 404
        assert refused.json()["error"] == "not_finished_here"


def test_feedback_for_ticket_not_finished_refused(api_server: ThreadServer) -> None:
    serving = _served(api_server, 7, finish=False)
    assert _rate(api_server, serving["id"]).json()["error"] == "not_finished_here"
    assert _rate(api_server, serving["id"] + 1000).json()["error"] == "not_finished_here"


def test_feedback_recorded_once(api_server: ThreadServer) -> None:
    screen = _auth(api_server.device_token("feedback"))
    ticket = _served(api_server, 7)
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


def test_feedback_sent_late_keeps_its_time_within_the_tickets_end_and_now(
    api_server: ThreadServer,
) -> None:
    """A rating kept on the screen while the server was away comes with the time it was
    answered; a screen's clock outside the ticket's end and now is held to them."""
    screen = _auth(api_server.device_token("feedback"))
    times = []
    for answered_at in ("past", "future", "between"):
        ticket = _served(api_server, 7)
        with api_server.ctx.db.read() as session:
            row = ticket_store.by_id(session, ticket["id"])
            assert row is not None
            assert row.finished_at is not None
            finished = row.finished_at
        said = {
            "past": finished - timedelta(hours=3),
            "future": datetime.now(UTC) + timedelta(days=1),
            "between": finished,
        }[answered_at]
        body = {
            "ticket_id": ticket["id"],
            "answers": {"1": 3},
            "client_ref": _ref(),
            "answered_at": said.isoformat(),
        }
        reply = httpx.post(f"{api_server.url}/api/v1/feedback", json=body, headers=screen)
        assert reply.status_code == 201, reply.text
        with api_server.ctx.db.read() as session:
            rating = record_store.feedback_for_ticket(session, ticket["id"])
            assert rating is not None
            times.append((finished, rating.created_at))
    (past_end, past), (future_end, future), (_, between) = times
    assert past == past_end  # not before the ticket ended
    assert future_end <= future <= datetime.now(UTC)  # not after it reached the server
    assert between == times[2][0]


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


def test_feedback_screen_added_only_with_a_counter_of_the_office(
    api_server: ThreadServer,
) -> None:
    ctx = api_server.ctx
    for counter in (None, 99):
        with pytest.raises(InvalidRequestError) as refused:
            devices.add(ctx, "feedback-9", DeviceKind.FEEDBACK, counter=counter)
        assert refused.value.code == "counter_required"
    with pytest.raises(InvalidRequestError) as refused:
        devices.add(ctx, "kiosk-9", DeviceKind.KIOSK, counter=3)
    assert refused.value.code == "counter_not_for_kind"
    devices.add(ctx, "feedback-9", DeviceKind.FEEDBACK, counter=3)


def test_feedback_from_screen_without_counter_refused(api_server: ThreadServer) -> None:
    """A screen enrolled before screens belonged to counters is told to be added again."""
    with api_server.ctx.db.write() as session:
        screen = account_store.device_by_name(session, "feedback-1")
        assert screen is not None
        screen.counter = None
    finished = _served(api_server, 7)
    refused = _rate(api_server, finished["id"])
    assert refused.status_code == 409
    assert refused.json()["error"] == "counter_required"
