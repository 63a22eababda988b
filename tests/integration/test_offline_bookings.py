"""Bookings a kiosk checked in while it could not reach the server, handed in later: a
signed code only, on time at its issue time, and once per booking whoever comes first
(a live check-in, another kiosk, or the same kiosk again)."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from queue_protocol import DeviceKind
from queue_server.services import devices
from queue_server.services.booking_codes import sign_booking_token
from queue_server.storage import record_store
from tests.integration.test_api_bookings import _check_in
from tests.support.booking_office import KEY
from tests.support.live_server import ThreadServer

DAY = datetime(2026, 12, 1).date()
BOOKED = "1234567890123456"  # PB, session pagi (08:00-12:00) on DAY
LATER = "2222333344445555"  # GP, 13:00-14:00 on DAY


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _lease(server: ThreadServer, service: str, token: str) -> dict[str, Any]:
    reply = httpx.post(
        f"{server.url}/api/v1/leases", json={"service": service, "count": 3}, headers=_auth(token)
    )
    assert reply.status_code == 201, reply.text
    lease: dict[str, Any] = reply.json()
    return lease


def _offline_booking(lease: dict[str, Any], index: int, code: str, at: datetime) -> dict[str, Any]:
    return {
        "lease_id": lease["id"],
        "number": lease["numbers"][index],
        "service": lease["service"],
        "source": "booking",
        "issued_at": at.isoformat(),
        "client_ref": f"offline-{uuid.uuid4().hex[:12]}",
        "booking_code": code,
    }


def _hand_in(server: ThreadServer, token: str, *tickets: dict[str, Any]) -> dict[str, Any]:
    reply = httpx.post(
        f"{server.url}/api/v1/leases/hand-in", json={"tickets": list(tickets)}, headers=_auth(token)
    )
    assert reply.status_code == 200, reply.text
    result: dict[str, Any] = reply.json()
    return result


def _signed(number: str, service: str | None = None) -> str:
    return sign_booking_token(KEY, number, DAY, service)


def _kiosk(server: ThreadServer) -> str:
    return server.device_token("kiosk")


def test_offline_booking_handed_in_checks_the_booking_in(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, clock = booking_server
    lease = _lease(server, "PB", _kiosk(server))
    ticket = _offline_booking(lease, 0, _signed(BOOKED, "PB"), clock())
    clock.at += timedelta(minutes=5)  # handed in a little later
    reply = _hand_in(server, _kiosk(server), ticket, ticket)  # and once more: the same
    (accepted, again) = reply["accepted"]
    assert accepted == again
    assert (accepted["number"], accepted["class"], accepted["source"]) == (
        lease["numbers"][0],
        "appointment",
        "booking",
    )
    assert datetime.fromisoformat(accepted["issued_at"]) == clock() - timedelta(minutes=5)
    live = _check_in(server, _signed(BOOKED))  # the visitor scans again, server back
    assert live.status_code == 200, live.text
    assert (live.json()["id"], live.json()["reprinted"]) == (accepted["id"], True)


def test_booking_checked_in_live_then_handed_in_offline_is_refused(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, clock = booking_server
    lease = _lease(server, "PB", _kiosk(server))
    live = _check_in(server, BOOKED)
    assert live.status_code == 201, live.text
    reply = _hand_in(
        server, _kiosk(server), _offline_booking(lease, 0, _signed(BOOKED, "PB"), clock())
    )
    assert reply["accepted"] == []
    (refusal,) = reply["refused"]
    assert refusal["error"] == "booking_checked_in"
    number = live.json()["number"]
    assert f"Serve the visitor under {number}" in refusal["message_en"]
    assert f"Layani pengunjung dengan nomor {number}" in refusal["message"]
    with server.ctx.db.read() as session:  # staff see it: the visitor holds two numbers
        messages = [fault.message for fault in record_store.open_faults(session)]
    assert any(f"as {number}" in message for message in messages)


def test_one_booking_checked_in_offline_at_two_kiosks_counts_once(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, clock = booking_server
    other = devices.issue_token(server.ctx, "kiosk-2", DeviceKind.KIOSK)
    first_lease = _lease(server, "PB", _kiosk(server))
    second_lease = _lease(server, "PB", other)
    code = _signed(BOOKED, "PB")
    first = _hand_in(server, _kiosk(server), _offline_booking(first_lease, 0, code, clock()))
    second = _hand_in(server, other, _offline_booking(second_lease, 0, code, clock()))
    (kept,) = first["accepted"]
    assert second["accepted"] == []
    assert [r["error"] for r in second["refused"]] == ["booking_checked_in"]
    assert kept["number"] in second["refused"][0]["message_en"]


def test_offline_hand_in_of_a_typed_number_is_refused(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, clock = booking_server
    lease = _lease(server, "PB", _kiosk(server))
    reply = _hand_in(server, _kiosk(server), _offline_booking(lease, 0, BOOKED, clock()))
    assert [r["error"] for r in reply["refused"]] == ["offline_booking"]
    without = _offline_booking(lease, 1, BOOKED, clock()) | {"booking_code": None}
    reply = _hand_in(server, _kiosk(server), without)
    assert [r["error"] for r in reply["refused"]] == ["offline_booking"]


def test_offline_booking_is_checked_at_its_issue_time(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, clock = booking_server
    lease = _lease(server, "GP", _kiosk(server))
    early = _offline_booking(lease, 0, _signed(LATER, "GP"), clock())  # 09:30, slot at 13:00
    clock.at = datetime(2026, 12, 1, 13, 30, tzinfo=UTC) - timedelta(hours=7)  # 13:30 WIB
    reply = _hand_in(server, _kiosk(server), early)
    assert [r["error"] for r in reply["refused"]] == ["booking_too_early"]
    on_time = _offline_booking(lease, 1, _signed(LATER, "GP"), clock())
    assert len(_hand_in(server, _kiosk(server), on_time)["accepted"]) == 1


def test_offline_booking_under_another_services_number_is_refused(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, clock = booking_server
    lease = _lease(server, "GP", _kiosk(server))
    reply = _hand_in(
        server, _kiosk(server), _offline_booking(lease, 0, _signed(BOOKED, "GP"), clock())
    )
    assert [r["error"] for r in reply["refused"]] == ["booking_wrong_service"]
