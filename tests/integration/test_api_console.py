"""The officer console's calls through the real API: a no-show put back in line, a ticket
found by its number, a ticket issued at the information desk, a pause with its reason,
and the open device faults."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from queue_server.services.reports import period_report
from queue_server.settings import Settings
from queue_server.storage import event_store
from tests.integration.test_api_tickets import issue, kiosk, officer, ref
from tests.support.live_server import ThreadServer, seed
from tests.support.office import always_open_office_text, office_settings

DESK = 7  # counter 7 of the example office is its information desk; it serves AP and IN


@dataclass
class MovableClock:
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __call__(self) -> datetime:
        return self.now


def started(settings: Settings, clock: MovableClock | None = None) -> ThreadServer:
    server = ThreadServer(settings=settings, tokens=seed(settings))
    if clock is not None:
        server.clock = clock
    server.start()
    return server


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def clocked_server(server_settings: Settings, clock: MovableClock) -> Iterator[ThreadServer]:
    server = started(server_settings, clock)
    yield server
    server.stop()


def office_with(tmp_path: Path, database_url: str, old: str, new: str) -> Settings:
    text = always_open_office_text()
    assert old in text
    return office_settings(tmp_path, database_url, office_text=text.replace(old, new))


def no_show_of_first(server: ThreadServer) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two AP tickets; the first called at the desk and marked a no-show."""
    with kiosk(server) as device, officer(server) as staff:
        first, second = issue(device, "AP"), issue(device, "AP")
        called = staff.post(f"/api/v1/counters/{DESK}/call-next")
        assert called.json()["id"] == first["id"]
        marked = staff.post(f"/api/v1/tickets/{first['id']}/no-show")
        assert marked.json()["status"] == "no_show"
    return first, second


def test_requeue_no_show_goes_to_back_of_line(api_server: ThreadServer) -> None:
    first, second = no_show_of_first(api_server)
    with officer(api_server) as staff:
        recent = staff.get(f"/api/v1/console/{DESK}").json()["recent_no_shows"]
        assert recent == [{"id": first["id"], "number": first["number"]}]
        reply = staff.post(f"/api/v1/tickets/{first['id']}/requeue")
        assert reply.status_code == 200, reply.text
        assert reply.json()["status"] == "waiting"
        assert staff.post(f"/api/v1/counters/{DESK}/call-next").json()["id"] == second["id"]
        trail = staff.get(f"/api/v1/console/{DESK}/tickets", params={"number": first["number"]})
    actions = [line["action"] for line in trail.json()["history"]]
    assert actions == ["issue", "call", "no-show", "requeue"]
    assert trail.json()["history"][-1]["actor"] == "petugas"


def test_requeue_original_place_goes_before_later_tickets(
    tmp_path: Path, database_url: str
) -> None:
    settings = office_with(
        tmp_path,
        database_url,
        'no_show_requeue_place = "back"',
        'no_show_requeue_place = "original"',
    )
    server = started(settings)
    try:
        first, _second = no_show_of_first(server)
        with officer(server) as staff:
            assert staff.post(f"/api/v1/tickets/{first['id']}/requeue").status_code == 200
            assert staff.post(f"/api/v1/counters/{DESK}/call-next").json()["id"] == first["id"]
    finally:
        server.stop()


def test_requeue_after_window_refused_in_both_languages(
    clocked_server: ThreadServer, clock: MovableClock
) -> None:
    first, _ = no_show_of_first(clocked_server)
    clock.now += timedelta(minutes=31)
    with officer(clocked_server) as staff:
        reply = staff.post(f"/api/v1/tickets/{first['id']}/requeue")
        found = staff.get(f"/api/v1/console/{DESK}/tickets", params={"number": first["number"]})
        console = staff.get(f"/api/v1/console/{DESK}").json()
    assert console["recent_no_shows"] == []
    assert reply.status_code == 409
    body = reply.json()
    assert body["error"] == "requeue_window_passed"
    assert "30 menit" in body["message"]
    assert "30 minutes" in body["message_en"]
    assert found.json()["actions"] == []
    assert "30 menit" in found.json()["requeue_refused"]["id"]


def test_requeue_office_disallows_refused(tmp_path: Path, database_url: str) -> None:
    settings = office_with(
        tmp_path, database_url, "no_show_requeue = true", "no_show_requeue = false"
    )
    server = started(settings)
    try:
        first, _ = no_show_of_first(server)
        with officer(server) as staff:
            reply = staff.post(f"/api/v1/tickets/{first['id']}/requeue")
        assert reply.status_code == 409
        assert reply.json()["error"] == "requeue_disabled"
    finally:
        server.stop()


def test_requeue_waiting_ticket_is_illegal(api_server: ThreadServer) -> None:
    with kiosk(api_server) as device, officer(api_server) as staff:
        ticket = issue(device, "AP")
        reply = staff.post(f"/api/v1/tickets/{ticket['id']}/requeue")
    assert reply.status_code == 409
    assert reply.json()["error"] == "illegal_transition"


def test_search_finds_todays_ticket_with_place_and_actions(api_server: ThreadServer) -> None:
    with kiosk(api_server) as device, officer(api_server) as staff:
        issue(device, "IT")
        second = issue(device, "IT")
        reply = staff.get(f"/api/v1/console/{DESK}/tickets", params={"number": " d2 "})
        missing = staff.get(f"/api/v1/console/{DESK}/tickets", params={"number": "D999"})
        garbled = staff.get(f"/api/v1/console/{DESK}/tickets", params={"number": "<script>"})
    assert reply.status_code == 200, reply.text
    found = reply.json()
    assert found["ticket"]["id"] == second["id"]
    assert found["ticket"]["number"] == "D002"
    assert found["ticket"]["status"] == "waiting"
    assert found["ticket"]["position"] == 1
    assert found["queue"]["en"] == "Stay Permits (ITAS/ITAP/ITK)"
    assert found["actions"] == ["transfer", "cancel"]
    assert [line["action"] for line in found["history"]] == ["issue"]
    assert missing.status_code == 404
    assert missing.json()["error"] == "ticket_not_found"
    assert "D999" in missing.json()["message"]
    assert garbled.status_code == 422
    assert garbled.json()["error"] == "bad_ticket_number"


def test_search_no_show_offers_requeue(api_server: ThreadServer) -> None:
    first, _ = no_show_of_first(api_server)
    with officer(api_server) as staff:
        found = staff.get(f"/api/v1/console/{DESK}/tickets", params={"number": first["number"]})
    assert found.json()["actions"] == ["requeue"]
    assert found.json()["requeue_refused"] is None


def test_desk_ticket_issued_audited_and_counted_as_walk_in(api_server: ThreadServer) -> None:
    body = {"service": "IT", "priority_group": "lansia", "language": "en", "client_ref": ref()}
    with officer(api_server) as staff:
        reply = staff.post(f"/api/v1/console/{DESK}/tickets", json=body)
        again = staff.post(f"/api/v1/console/{DESK}/tickets", json=body)
        elsewhere = staff.post("/api/v1/console/1/tickets", json={**body, "client_ref": ref()})
        trail = staff.get(f"/api/v1/console/{DESK}/tickets", params={"number": "D001"})
        printable = staff.get(f"/counter/tickets/{reply.json()['id']}/print")
    assert reply.status_code == 201, reply.text
    ticket = reply.json()
    assert (ticket["number"], ticket["class"], ticket["source"]) == ("D001", "priority", "walk_in")
    assert ticket["position"] == 0
    assert again.status_code == 200
    assert again.json()["id"] == ticket["id"]
    assert elsewhere.status_code == 403
    assert elsewhere.json()["error"] == "not_information_desk"
    assert "meja informasi" in elsewhere.json()["message"]
    issued = trail.json()["history"][0]
    assert (issued["action"], issued["actor"], issued["counter"]) == ("issue", "petugas", DESK)
    ctx = api_server.ctx
    report = period_report(ctx, ctx.today(), ctx.today())
    assert report.sources == {"walk_in": 1}
    assert printable.status_code == 200
    assert "D001" in printable.text
    assert "<svg" in printable.text


def test_desk_ticket_bad_input_refused(api_server: ThreadServer) -> None:
    with officer(api_server) as staff:
        unknown = staff.post(
            f"/api/v1/console/{DESK}/tickets", json={"service": "ZZ", "client_ref": ref()}
        )
        bad_group = staff.post(
            f"/api/v1/console/{DESK}/tickets",
            json={"service": "IT", "priority_group": "vip", "client_ref": ref()},
        )
        no_counter = staff.post(
            "/api/v1/console/99/tickets", json={"service": "IT", "client_ref": ref()}
        )
    assert unknown.status_code == 404
    assert bad_group.status_code == 422
    assert no_counter.status_code == 404


def test_desk_ticket_needs_an_officer(api_server: ThreadServer) -> None:
    with kiosk(api_server) as device:
        reply = device.post(
            f"/api/v1/console/{DESK}/tickets", json={"service": "IT", "client_ref": ref()}
        )
    assert reply.status_code in (401, 403)


def counter_info(client: httpx.Client, number: int) -> dict[str, Any]:
    counters = client.get("/api/v1/queue").json()["counters"]
    found: dict[str, Any] = next(c for c in counters if c["number"] == number)
    return found


def test_pause_with_reason_shown_audited_and_cleared(api_server: ThreadServer) -> None:
    with officer(api_server) as staff:
        assert staff.post("/api/v1/counters/3/open").status_code == 204
        paused = staff.post("/api/v1/counters/3/pause", json={"reason": "prayer"})
        assert paused.status_code == 204, paused.text
        api_server.wait_for_snapshot()
        during = counter_info(staff, 3)
        console = staff.get("/api/v1/console/3").json()
        assert staff.post("/api/v1/counters/3/open").status_code == 204
        api_server.wait_for_snapshot()
        after = counter_info(staff, 3)
        bad = staff.post("/api/v1/counters/3/pause", json={"reason": "nap"})
        plain = staff.post("/api/v1/counters/3/pause")
    assert (during["state"], during["pause_reason"]) == ("paused", "prayer")
    assert console["pause_reason"] == "prayer"
    assert (after["state"], after["pause_reason"]) == ("open", None)
    assert bad.status_code == 422
    assert plain.status_code == 204
    with api_server.ctx.db.read() as session:
        rows = event_store.audit(session, event_type="counter")
    assert [(row.action, row.counter, row.actor) for row in rows[:3]] == [
        ("pause", 3, "petugas"),
        ("open", 3, "petugas"),
        ("pause", 3, "petugas"),
    ]
    assert rows[2].data == {"state": "paused", "reason": "prayer"}


def test_open_faults_listed_with_bilingual_headline_until_cleared(
    api_server: ThreadServer,
) -> None:
    fault = {"device": "printer", "state": "out_of_paper", "message": "paper end"}
    with kiosk(api_server) as device, officer(api_server) as staff:
        assert device.post("/api/v1/devices/faults", json=fault).status_code == 204
        listed = staff.get("/api/v1/faults").json()
        assert (
            device.post("/api/v1/devices/faults", json={**fault, "state": "ok"}).status_code == 204
        )
        cleared = staff.get("/api/v1/faults").json()
        forbidden = device.get("/api/v1/faults")
    assert [f["headline"] for f in listed] == [
        {
            "id": "kiosk-1: kertas printer habis: isi ulang kertas",
            "en": "kiosk-1: printer out of paper: refill the paper",
        }
    ]
    assert cleared == []
    assert forbidden.status_code in (401, 403)
