"""A kiosk's hand-in of offline tickets is checked as a live issue is: its issue time
within its lease's life and not ahead of the server, opening hours, booking-only
services, priority groups and quotas. A refused ticket is answered to the kiosk and
shown to staff as a fault of that kiosk."""

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from queue_server.config import always_open_office_text
from tests.support.live_server import PASSWORD, ThreadServer, seed
from tests.support.office import office_settings


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _lease(server: ThreadServer, service: str, count: int = 3) -> dict[str, Any]:
    reply = httpx.post(
        f"{server.url}/api/v1/leases",
        json={"service": service, "count": count},
        headers=_auth(server.device_token("kiosk")),
    )
    assert reply.status_code == 201, reply.text
    lease: dict[str, Any] = reply.json()
    return lease


def _offline(
    lease: dict[str, Any], index: int, issued_at: datetime, priority: str | None = None
) -> dict[str, Any]:
    return {
        "lease_id": lease["id"],
        "number": lease["numbers"][index],
        "service": lease["service"],
        "source": "walk_in",
        "priority_group": priority,
        "issued_at": issued_at.isoformat(),
        "client_ref": f"offline-{uuid.uuid4().hex[:12]}",
    }


def _hand_in(server: ThreadServer, *tickets: dict[str, Any]) -> dict[str, Any]:
    reply = httpx.post(
        f"{server.url}/api/v1/leases/hand-in",
        json={"tickets": list(tickets)},
        headers=_auth(server.device_token("kiosk")),
    )
    assert reply.status_code == 200, reply.text
    result: dict[str, Any] = reply.json()
    return result


def _refusals(reply: dict[str, Any]) -> list[str]:
    assert reply["accepted"] == []
    return [refusal["error"] for refusal in reply["refused"]]


def _now() -> datetime:
    return datetime.now(UTC)


def test_hand_in_issued_in_1970_refused(api_server: ThreadServer) -> None:
    lease = _lease(api_server, "IN")
    early = _offline(lease, 0, datetime(1970, 1, 1, tzinfo=UTC))
    assert _refusals(_hand_in(api_server, early)) == ["lease_expired"]


def test_hand_in_and_rating_times_without_an_offset_refused(api_server: ThreadServer) -> None:
    """A clock reading without its offset names no instant: refused, not guessed."""
    lease = _lease(api_server, "IN")
    naive = _offline(lease, 0, _now()) | {"issued_at": "2026-12-01T09:00:00"}
    reply = httpx.post(
        f"{api_server.url}/api/v1/leases/hand-in",
        json={"tickets": [naive]},
        headers=_auth(api_server.device_token("kiosk")),
    )
    assert reply.status_code == 422
    rating = {
        "ticket_id": 1,
        "answers": {"1": 4},
        "client_ref": f"fb-{uuid.uuid4().hex[:12]}",
        "answered_at": "2026-12-01T09:00:00",
    }
    reply = httpx.post(
        f"{api_server.url}/api/v1/feedback",
        json=rating,
        headers=_auth(api_server.device_token("feedback")),
    )
    assert reply.status_code == 422
    assert "answered_at" in reply.json()["message_en"]


def test_hand_in_issued_in_future_refused(api_server: ThreadServer) -> None:
    lease = _lease(api_server, "IN")
    ahead = _offline(lease, 0, _now() + timedelta(hours=3))
    assert _refusals(_hand_in(api_server, ahead)) == ["issued_in_future"]


def test_hand_in_never_jumps_ahead_of_earlier_live_tickets(api_server: ThreadServer) -> None:
    """Issued a second before its lease existed: within the clock skew, it queues at the
    lease's grant, not before the tickets already waiting."""
    kiosk = _auth(api_server.device_token("kiosk"))
    live = httpx.post(
        f"{api_server.url}/api/v1/tickets",
        json={"service": "IN", "source": "walk_in", "client_ref": f"live-{uuid.uuid4().hex}"},
        headers=kiosk,
    ).json()
    lease = _lease(api_server, "IN")
    reply = _hand_in(api_server, _offline(lease, 0, _now() - timedelta(seconds=90)))
    handed = reply["accepted"][0]
    issued = datetime.fromisoformat(handed["issued_at"])
    assert issued > datetime.fromisoformat(live["issued_at"])


def test_hand_in_to_booking_only_service_needs_priority(api_server: ThreadServer) -> None:
    lease = _lease(api_server, "PB")
    now = _now()
    assert _refusals(_hand_in(api_server, _offline(lease, 0, now))) == ["booking_required"]
    reply = _hand_in(api_server, _offline(lease, 1, now, priority="lansia"))
    assert [ticket["class"] for ticket in reply["accepted"]] == ["priority"]


def test_hand_in_refusal_shown_to_staff(api_server: ThreadServer) -> None:
    lease = _lease(api_server, "PB")
    _hand_in(api_server, _offline(lease, 0, _now()))
    officer = httpx.post(
        f"{api_server.url}/api/v1/auth/login", json={"username": "petugas", "password": PASSWORD}
    ).json()["token"]
    console = httpx.get(f"{api_server.url}/api/v1/console/1", headers=_auth(officer)).json()
    refused = [fault for fault in console["faults"] if fault["state"] == "hand_in_refused"]
    assert len(refused) == 1
    assert refused[0]["device_name"] == "kiosk-1"
    assert refused[0]["message"].startswith(lease["numbers"][0])


def _server(tmp_path: Path, database_url: str, office_text: str) -> Iterator[ThreadServer]:
    settings = office_settings(tmp_path, database_url, office_text=office_text)
    server = ThreadServer(settings=settings, tokens=seed(settings))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def strict_server(tmp_path: Path, database_url: str) -> Iterator[ThreadServer]:
    """An office serving only seniors first, with room for one lost/damaged walk-in."""
    text = always_open_office_text()
    text = re.sub(r"(?m)^groups = .*$", 'groups = ["lansia"]', text, count=1)
    text = re.sub(r"(?m)^lost_damaged = \d+", "lost_damaged = 1", text, count=1)
    yield from _server(tmp_path, database_url, text)


@pytest.fixture
def closed_server(tmp_path: Path, database_url: str) -> Iterator[ThreadServer]:
    """An office closed all day today (in its own zone), open every other day."""
    today = datetime.now(ZoneInfo("Asia/Jakarta")).isoweekday()
    days = ", ".join(str(day) for day in range(1, 8) if day != today)
    text = always_open_office_text().replace("days = [1, 2, 3, 4, 5, 6, 7]", f"days = [{days}]")
    yield from _server(tmp_path, database_url, text)


def test_hand_in_priority_group_office_does_not_serve_refused(
    strict_server: ThreadServer,
) -> None:
    lease = _lease(strict_server, "IN")
    pregnant = _offline(lease, 0, _now(), priority="ibu_hamil")
    assert _refusals(_hand_in(strict_server, pregnant)) == ["invalid_request"]


def test_hand_in_beyond_quota_refused(strict_server: ThreadServer) -> None:
    lease = _lease(strict_server, "HR")
    now = _now()
    reply = _hand_in(strict_server, _offline(lease, 0, now), _offline(lease, 1, now))
    assert len(reply["accepted"]) == 1
    assert [refusal["error"] for refusal in reply["refused"]] == ["quota_full"]


def test_hand_in_while_office_closed_refused(closed_server: ThreadServer) -> None:
    lease = _lease(closed_server, "IN")
    assert _refusals(_hand_in(closed_server, _offline(lease, 0, _now()))) == ["office_closed"]
