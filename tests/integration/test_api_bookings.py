"""M-Paspor check-in: plain numbers, signed tokens, forged codes, windows, reprints."""

import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from websockets.sync.client import connect

from queue_protocol import DeviceKind
from queue_server.services import devices
from queue_server.services.booking_codes import sign_booking_token
from queue_server.storage import event_store
from tests.support.booking_office import KEY
from tests.support.live_server import PASSWORD, ThreadServer

JAKARTA = ZoneInfo("Asia/Jakarta")


def _check_in(server: ThreadServer, code: str, ref: str | None = None) -> httpx.Response:
    body = {
        "source": "booking",
        "booking_code": code,
        "language": "id",
        "client_ref": ref or f"bk-{uuid.uuid4().hex[:12]}",
    }
    return httpx.post(
        f"{server.url}/api/v1/tickets",
        json=body,
        headers={"Authorization": f"Bearer {server.device_token('kiosk')}"},
    )


def test_check_in_plain_number_then_reprint(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, _ = booking_server
    first = _check_in(server, "1234-5678-9012-3456")
    assert first.status_code == 201, first.text
    assert first.json()["class"] == "appointment"
    assert first.json()["source"] == "booking"
    assert first.json()["booking_ref"] == "1234567890123456"
    again = _check_in(server, "1234567890123456")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["reprinted"] is True


def test_check_in_of_one_booking_at_several_kiosks_at_once_makes_one_ticket(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, _ = booking_server
    barrier = threading.Barrier(8)

    def scan(_: int) -> httpx.Response:
        barrier.wait()
        return _check_in(server, "1234567890123456")

    with ThreadPoolExecutor(8) as pool:
        replies = list(pool.map(scan, range(8)))

    assert sorted(reply.status_code for reply in replies) == [200] * 7 + [201]
    assert len({reply.json()["id"] for reply in replies}) == 1


def test_check_in_signed_token(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, _ = booking_server
    token = sign_booking_token(KEY, "1234567890123456", datetime(2026, 12, 1).date())
    reply = _check_in(server, token)
    assert reply.status_code == 201, reply.text


@pytest.mark.parametrize("mutation", ["forged", "altered", "truncated"])
def test_check_in_forged_or_altered_token_refused(booking_server, mutation: str) -> None:  # type: ignore[no-untyped-def]
    server, _ = booking_server
    if mutation == "forged":
        token = sign_booking_token(
            Ed25519PrivateKey.generate(), "1234567890123456", datetime(2026, 12, 1).date()
        )
    else:
        good = sign_booking_token(KEY, "1234567890123456", datetime(2026, 12, 1).date())
        prefix, payload, signature = good.split(".")
        token = (
            f"{prefix}.{payload[:-2]}AA.{signature}"
            if mutation == "altered"
            else f"{prefix}.{payload}"
        )
    reply = _check_in(server, token)
    assert reply.status_code == 422
    assert reply.json()["error"] == "booking_forged"


def test_check_in_malformed_code_refused(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, _ = booking_server
    reply = _check_in(server, "<script>alert(1)</script>")
    assert reply.status_code == 422
    assert reply.json()["error"] == "booking_malformed"


def _signed(number: str, day: str = "2026-12-01") -> str:
    return sign_booking_token(KEY, number, datetime.fromisoformat(day).date())


def test_check_in_too_early_says_when_to_come(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, clock = booking_server
    clock.at = datetime(2026, 12, 1, 11, 0, tzinfo=JAKARTA).astimezone(UTC)
    reply = _check_in(server, _signed("2222333344445555"))  # slot 13:00-14:00, opens 12:00
    assert reply.status_code == 422
    assert reply.json()["error"] == "booking_too_early"
    assert "12.00" in reply.json()["message"] or "12:00" in reply.json()["message"]


def test_check_in_too_late_explains_rule(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, clock = booking_server
    clock.at = datetime(2026, 12, 1, 14, 45, tzinfo=JAKARTA).astimezone(UTC)
    reply = _check_in(server, _signed("1234567890123456"))  # pagi ended 12:00, late 30 min
    assert reply.status_code == 422
    assert reply.json()["error"] == "booking_too_late"


def test_check_in_other_days_told_to_the_holder_of_a_signed_code(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, _ = booking_server
    future = _check_in(server, _signed("9999888877776666", "2026-12-02"))
    past = _check_in(server, _signed("1111000011110000", "2026-11-28"))
    assert future.json()["error"] == "booking_too_early"
    assert "02-12-2026" in future.json()["message"]
    assert past.json()["error"] == "booking_too_late"


def test_a_typed_number_gets_one_refusal_whether_its_booking_is_unknown_of_another_day_or_not_now(  # type: ignore[no-untyped-def]
    booking_server,
) -> None:
    server, clock = booking_server
    clock.at = datetime(2026, 12, 1, 11, 0, tzinfo=JAKARTA).astimezone(UTC)
    replies = [
        _check_in(server, number)
        for number in (
            "5555555555555555",  # no such booking
            "9999888877776666",  # tomorrow's
            "1111000011110000",  # of a past day
            "2222333344445555",  # today's, its window not open yet
        )
    ]
    assert {reply.status_code for reply in replies} == {422}
    bodies = {reply.text for reply in replies}
    assert len(bodies) == 1, bodies  # not a word more for one than for another
    (body,) = bodies
    assert replies[0].json()["error"] == "booking_refused"
    assert not [told for told in ("2026", "12.00", "13.00") if told in body]


@pytest.mark.parametrize("booking_server", [True], indirect=True)
def test_an_office_that_requires_signed_codes_refuses_a_typed_number(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, _ = booking_server
    typed = _check_in(server, "1234567890123456")  # today's booking, on time
    unknown = _check_in(server, "5555555555555555")
    assert typed.status_code == 422
    assert typed.json()["error"] == "booking_refused"
    assert typed.text == unknown.text
    signed = _check_in(server, _signed("1234567890123456"))
    assert signed.status_code == 201, signed.text
    assert signed.json()["booking_ref"] == "1234567890123456"


def test_clock_moves_past_window_within_day(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, clock = booking_server
    clock.at += timedelta(minutes=1)
    assert _check_in(server, "1234567890123456").status_code == 201


SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
)


def td3(document: str, birth: str, expiry: str) -> str:
    """A valid TD3 MRZ (check digits computed) for a made-up passport."""
    from queue_protocol.mrz import check_digit

    personal = "<" * 14
    doc = document.ljust(9, "<")
    parts = [
        doc + str(check_digit(doc)),
        "IDN",
        birth + str(check_digit(birth)),
        "M",
        expiry + str(check_digit(expiry)),
        personal + str(check_digit(personal)),
    ]
    composite = parts[0] + parts[2] + parts[4] + parts[5]
    line2 = "".join(parts) + str(check_digit(composite))
    return "P<IDNSANTOSO<<BUDI<<<<<<<<<<<<<<<<<<<<<<<<<<\n" + line2


def _passport(server: ThreadServer, mrz: str, **extra: object) -> httpx.Response:
    body = {"source": "passport", "mrz": mrz, "client_ref": f"pp-{uuid.uuid4().hex[:12]}", **extra}
    return httpx.post(
        f"{server.url}/api/v1/tickets",
        json=body,
        headers={"Authorization": f"Bearer {server.device_token('kiosk')}"},
    )


def test_passport_of_booked_visitor_checks_in(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, _ = booking_server
    reply = _passport(server, SPECIMEN)
    assert reply.status_code == 201, reply.text
    assert reply.json()["booking_ref"] == "3333444455556666"
    assert reply.json()["class"] == "appointment"
    assert "L898902C3" not in reply.text


def test_passport_expired_without_service_is_steered(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, _ = booking_server
    reply = _passport(server, td3("B1234567", "800101", "200101"))
    assert reply.status_code == 409
    assert reply.json()["error"] == "passport_expired"
    assert "Penggantian Paspor" in reply.json()["message"]
    chosen = _passport(
        server, td3("B1234567", "800101", "200101"), service="GP", priority_group="disabilitas"
    )
    assert chosen.status_code == 201, chosen.text


@pytest.mark.parametrize("mrz", ["not an mrz", SPECIMEN.replace("7408122", "7408123")])
def test_passport_garbled_gets_clear_error(booking_server, mrz: str) -> None:  # type: ignore[no-untyped-def]
    server, _ = booking_server
    reply = _passport(server, mrz, service="IN")
    assert reply.status_code == 422
    assert reply.json()["error"] in ("mrz_unreadable", "mrz_invalid")
    assert "Paspor" in reply.json()["message"]


def test_passport_senior_priority_checks_age(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, _ = booking_server
    young = _passport(
        server, td3("C7654321", "900101", "300101"), service="IN", priority_group="lansia"
    )
    senior = _passport(
        server, td3("C1111111", "500101", "300101"), service="IN", priority_group="lansia"
    )
    assert young.status_code == 422
    assert young.json()["error"] == "priority_not_eligible"
    assert senior.status_code == 201
    assert senior.json()["class"] == "priority"


def _raw_events(server: ThreadServer, token: str) -> list[str]:
    """Every event the stream replays to ``token`` from the start, as sent (up to the
    newest queue snapshot, which the replay ends with)."""
    with server.ctx.db.read() as session:
        snapshot = event_store.last_of_type(session, "queue.changed")
    assert snapshot is not None
    last = snapshot.seq
    received: list[str] = []
    with connect(
        f"ws://127.0.0.1:{server.port}/api/v1/events?since=0",
        additional_headers={"Authorization": f"Bearer {token}"},
        open_timeout=5,
    ) as socket:
        while not received or json.loads(received[-1])["seq"] < last:
            received.append(str(socket.recv(timeout=5)))
    return received


def test_devices_never_see_status_link_or_application_number(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, _ = booking_server
    ticket = _check_in(server, "1234-5678-9012-3456").json()
    status_token = ticket["status_url"].rsplit("/", 1)[-1]
    officer = server.officer_client()
    called = officer.call_next(1)
    officer.close()
    assert called is not None
    assert called.id == ticket["id"]
    server.wait_for_snapshot()
    secrets = ("1234567890123456", status_token, "status_url", "booking_ref", "petugas")
    for kind in ("display", "feedback", "kiosk"):
        token = server.device_token(kind)
        seen = _raw_events(server, token)
        assert any('"ticket.called"' in event for event in seen)
        queue = httpx.get(f"{server.url}/api/v1/queue", headers=_bearer(token)).text
        assert str(ticket["number"]) in queue
        for text in [*seen, queue]:
            assert not [secret for secret in secrets if secret in text], (kind, text)
    staff = _staff_token(server)
    assert any("1234567890123456" in event for event in _raw_events(server, staff))


def test_status_reply_and_page_show_no_application_number(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, _ = booking_server
    ticket = _check_in(server, "1234-5678-9012-3456").json()
    status_token = ticket["status_url"].rsplit("/", 1)[-1]
    reply = httpx.get(f"{server.url}/api/v1/status/{status_token}")
    page = httpx.get(f"{server.url}/status/{status_token}")
    assert reply.status_code == page.status_code == 200
    assert reply.json()["number"] == ticket["number"]
    for text in (reply.text, page.text):
        assert "1234567890123456" not in text
        assert "booking_ref" not in reply.text or reply.json()["booking_ref"] is None


def test_ticket_by_id_only_for_staff_and_the_kiosk_that_issued_it(booking_server) -> None:  # type: ignore[no-untyped-def]
    server, _ = booking_server
    ticket = _check_in(server, "1234-5678-9012-3456").json()
    other_kiosk = devices.issue_token(server.ctx, "kiosk-2", DeviceKind.KIOSK)
    callers = {
        "display": (server.device_token("display"), 403),
        "feedback": (server.device_token("feedback"), 403),
        "kiosk-2": (other_kiosk, 404),
        "kiosk-1": (server.device_token("kiosk"), 200),
        "officer": (_staff_token(server), 200),
    }
    for who, (token, expected) in callers.items():
        for ticket_id in (ticket["id"], ticket["id"] + 1):  # its own, and one not issued yet
            reply = httpx.get(f"{server.url}/api/v1/tickets/{ticket_id}", headers=_bearer(token))
            wanted = 404 if expected == 200 and ticket_id != ticket["id"] else expected
            assert reply.status_code == wanted, (who, ticket_id, reply.text)


def _staff_token(server: ThreadServer) -> str:
    login = {"username": "petugas", "password": PASSWORD}
    token: str = httpx.post(f"{server.url}/api/v1/auth/login", json=login).json()["token"]
    return token


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
