"""Issuing and serving tickets through the real API on a real uvicorn."""

import re
import uuid
from typing import Any

import httpx

from tests.support.live_server import ThreadServer


def ref() -> str:
    return f"test-{uuid.uuid4().hex[:16]}"


def kiosk(server: ThreadServer) -> httpx.Client:
    return httpx.Client(
        base_url=server.url, headers={"Authorization": f"Bearer {server.device_token('kiosk')}"}
    )


def officer(server: ThreadServer, username: str = "petugas") -> httpx.Client:
    token = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"username": username, "password": "rahasia-123"}
    ).json()["token"]
    return httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"})


def issue(client: httpx.Client, service: str = "AP", **extra: Any) -> dict[str, Any]:
    body = {"service": service, "source": "walk_in", "language": "id", "client_ref": ref(), **extra}
    reply = client.post("/api/v1/tickets", json=body)
    assert reply.status_code == 201, reply.text
    result: dict[str, Any] = reply.json()
    return result


def test_health_reports_version_and_database(api_server: ThreadServer) -> None:
    reply = httpx.get(f"{api_server.url}/healthz")
    assert reply.status_code == 200
    body = reply.json()
    assert body["status"] == "ok"
    assert body["version"]
    assert "ok" in body["database"]


def test_issue_walk_in_numbers_per_service_and_fields(api_server: ThreadServer) -> None:
    with kiosk(api_server) as client:
        first = issue(client, "AP")
        second = issue(client, "AP")
        other = issue(client, "IT")
    assert (first["number"], second["number"], other["number"]) == ("C001", "C002", "D001")
    assert first["status"] == "waiting"
    assert first["class"] == "regular"
    assert first["source"] == "walk_in"
    assert second["position"] == 1
    assert first["estimated_wait_min"] >= 0
    assert "+07:00" in first["issued_at"]
    assert re.fullmatch(r"http://.+/status/[A-Za-z0-9_-]{20,}", first["status_url"])


def test_issue_same_client_ref_returns_same_ticket(api_server: ThreadServer) -> None:
    body = {"service": "AP", "source": "walk_in", "language": "en", "client_ref": ref()}
    with kiosk(api_server) as client:
        first = client.post("/api/v1/tickets", json=body)
        again = client.post("/api/v1/tickets", json=body)
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["number"] == first.json()["number"]


def test_issue_booking_only_service_walk_in_refused(api_server: ThreadServer) -> None:
    body = {"service": "PB", "source": "walk_in", "client_ref": ref()}
    with kiosk(api_server) as client:
        reply = client.post("/api/v1/tickets", json=body)
    assert reply.status_code == 409
    assert reply.json()["error"] == "booking_required"
    assert "M-Paspor" in reply.json()["message"]


def test_issue_priority_group_walks_into_booking_service(api_server: ThreadServer) -> None:
    with kiosk(api_server) as client:
        ticket = issue(client, "PB", priority_group="lansia")
    assert ticket["class"] == "priority"
    assert ticket["stage"] == "berkas"
    assert ticket["number"] == "A001"


def test_issue_bad_requests_get_clear_errors(api_server: ThreadServer) -> None:
    with kiosk(api_server) as client:
        unknown = client.post(
            "/api/v1/tickets", json={"service": "ZZ", "source": "walk_in", "client_ref": ref()}
        )
        malformed = client.post("/api/v1/tickets", json={"source": "teleport"})
        not_json = client.post(
            "/api/v1/tickets", content=b"{", headers={"Content-Type": "application/json"}
        )
    assert unknown.status_code == 404
    assert unknown.json()["error"] == "not_found"
    for reply in (malformed, not_json):
        assert reply.status_code == 422
        assert reply.json()["error"] == "invalid_request"
        assert reply.json()["message"]


def test_call_next_empty_queue_is_204(api_server: ThreadServer) -> None:
    with officer(api_server) as client:
        reply = client.post("/api/v1/counters/7/call-next")
    assert reply.status_code == 204


def test_call_next_then_lifecycle_through_two_stages(api_server: ThreadServer) -> None:
    with kiosk(api_server) as desk, officer(api_server) as staff:
        ticket = issue(desk, "PB", priority_group="ibu_hamil")
        called = staff.post("/api/v1/counters/1/call-next").json()
        assert (called["id"], called["status"], called["counter"]) == (ticket["id"], "called", 1)
        busy = staff.post("/api/v1/counters/1/call-next")
        assert busy.status_code == 409
        assert busy.json()["error"] == "counter_busy"
        recalled = staff.post(f"/api/v1/tickets/{ticket['id']}/recall").json()
        assert recalled["recalls"] == 1
        assert staff.post(f"/api/v1/tickets/{ticket['id']}/start").json()["status"] == "serving"
        advanced = staff.post(f"/api/v1/tickets/{ticket['id']}/finish").json()
        assert (advanced["status"], advanced["stage"], advanced["number"]) == (
            "waiting",
            "wawancara",
            ticket["number"],
        )
        assert staff.post("/api/v1/counters/1/call-next").status_code == 204
        photo = staff.post("/api/v1/counters/5/call-next").json()
        assert photo["id"] == ticket["id"]
        done = staff.post(f"/api/v1/tickets/{ticket['id']}/finish").json()
        assert done["status"] == "done"


def test_illegal_transition_refused_and_state_unchanged(api_server: ThreadServer) -> None:
    with kiosk(api_server) as desk, officer(api_server) as staff:
        ticket = issue(desk, "AP")
        reply = staff.post(f"/api/v1/tickets/{ticket['id']}/finish")
        assert reply.status_code == 409
        assert reply.json()["error"] == "illegal_transition"
        assert desk.get(f"/api/v1/tickets/{ticket['id']}").json()["status"] == "waiting"


def test_no_show_cancel_and_transfer(api_server: ThreadServer) -> None:
    with kiosk(api_server) as desk, officer(api_server) as staff:
        first, second, third = issue(desk, "IN"), issue(desk, "IN"), issue(desk, "IN")
        assert staff.post("/api/v1/counters/7/call-next").json()["id"] == first["id"]
        assert staff.post(f"/api/v1/tickets/{first['id']}/no-show").json()["status"] == "no_show"
        assert staff.post(f"/api/v1/tickets/{third['id']}/cancel").json()["status"] == "cancelled"
        assert staff.post("/api/v1/counters/7/call-next").json()["id"] == second["id"]
        moved = staff.post(f"/api/v1/tickets/{second['id']}/transfer", json={"service": "IT"})
        assert moved.status_code == 200, moved.text
        assert (moved.json()["service"], moved.json()["status"]) == ("IT", "waiting")
        assert staff.post("/api/v1/counters/8/call-next").json()["id"] == second["id"]


def test_counter_open_pause_close_show_in_queue(api_server: ThreadServer) -> None:
    with officer(api_server) as staff:
        assert staff.post("/api/v1/counters/3/open").status_code == 204
        assert staff.post("/api/v1/counters/4/pause").status_code == 204
        queue = staff.get("/api/v1/queue").json()
        states = {counter["number"]: counter["state"] for counter in queue["counters"]}
        assert (states[3], states[4], states[1]) == ("open", "paused", "closed")
        assert staff.post("/api/v1/counters/99/open").status_code == 404
        assert staff.post("/api/v1/counters/3/explode").status_code == 422


def test_queue_snapshot_counts_waiting_per_queue(api_server: ThreadServer) -> None:
    with kiosk(api_server) as desk:
        issue(desk, "AP")
        issue(desk, "AP")
        queue = desk.get("/api/v1/queue").json()
    waiting = {(q["code"], q["stage"]): q["waiting"] for q in queue["services"]}
    assert waiting[("AP", None)] == 2
    assert waiting[("PB", "berkas")] == 0
    assert queue["seq"] > 0


def test_services_list_has_waiting_estimates_and_quota(api_server: ThreadServer) -> None:
    with kiosk(api_server) as desk:
        issue(desk, "HR")
        services = {s["code"]: s for s in desk.get("/api/v1/services").json()}
    assert services["HR"]["waiting"] == 1
    assert services["HR"]["quota_remaining"] == 24
    assert services["AP"]["quota_remaining"] is None
    assert services["PB"]["walk_in"] is False
    assert all(s["open"] for s in services.values())


def test_quota_full_has_clear_answer(api_server: ThreadServer) -> None:
    with kiosk(api_server) as desk:
        for _ in range(25):
            issue(desk, "HR")
        reply = desk.post(
            "/api/v1/tickets", json={"service": "HR", "source": "walk_in", "client_ref": ref()}
        )
        services = {s["code"]: s for s in desk.get("/api/v1/services").json()}
    assert reply.status_code == 409
    assert reply.json()["error"] == "quota_full"
    assert "hilang/rusak" in reply.json()["message"]
    assert services["HR"]["open"] is False
    assert services["HR"]["closed_reason"]["en"].startswith("Today's quota is full")
