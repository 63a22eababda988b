"""Ids and counters past a 64-bit column, years no office served in, and control
characters (NUL above all) get a 4xx with a reason, never a 500, on every engine."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.support.live_server import PASSWORD, ThreadServer

TOO_BIG = 2**63  # one past SQLite's INTEGER and PostgreSQL's BIGINT
NAMES = {"officer": "petugas", "supervisor": "kepala", "admin": "admin"}

# (caller, method, path, JSON body)
REFUSED: list[tuple[str | None, str, str, Any]] = [
    ("kiosk", "GET", f"/api/v1/tickets/{TOO_BIG}", None),
    ("kiosk", "GET", "/api/v1/tickets/0", None),
    ("kiosk", "GET", "/api/v1/tickets/-1", None),
    ("officer", "POST", f"/api/v1/counters/{TOO_BIG}/call-next", None),
    ("officer", "POST", f"/api/v1/counters/{10**30}/open", None),
    ("officer", "POST", f"/api/v1/tickets/{TOO_BIG}/recall", None),
    ("officer", "GET", f"/api/v1/console/{TOO_BIG}", None),
    ("officer", "POST", f"/api/v1/faults/{TOO_BIG}/resolve", None),
    ("supervisor", "DELETE", f"/api/v1/announcements/{TOO_BIG}", None),
    ("supervisor", "POST", "/api/v1/announcements", {"id": "Halo\x00", "en": "Hello"}),
    ("feedback", "POST", "/api/v1/feedback",
     {"ticket_id": TOO_BIG, "answers": {"1": 4}, "client_ref": "bounds-feedback-1"}),
    ("feedback", "POST", "/api/v1/feedback",
     {"ticket_id": 1, "answers": {str(TOO_BIG): 4}, "client_ref": "bounds-feedback-2"}),
    ("kiosk", "POST", "/api/v1/devices/faults",
     {"device": "printer", "state": "paper_out", "message": "x", "ticket_id": TOO_BIG}),
    ("kiosk", "POST", "/api/v1/devices/faults",
     {"device": "printer\x00", "state": "paper_out", "message": "x"}),
    ("kiosk", "POST", "/api/v1/devices/faults",  # "|" would split the report's fault key
     {"device": "printer|x", "state": "paper_out", "message": "x"}),
    ("kiosk", "POST", "/api/v1/tickets",
     {"service": "AP", "source": "booking", "booking_code": "A\x00B",
      "client_ref": "bounds-ticket-1"}),
    ("kiosk", "POST", "/api/v1/leases/hand-in",
     {"tickets": [{"lease_id": TOO_BIG, "number": "A001", "service": "AP",
                   "source": "walk_in", "issued_at": "2026-01-01T08:00:00+07:00",
                   "client_ref": "bounds-hand-in-1"}]}),
    ("kiosk", "POST", "/api/v1/leases/hand-in",
     {"tickets": [{"lease_id": 1, "number": "A001", "service": "AP",
                   "source": "walk_in", "issued_at": "9999-12-31T23:59:59+07:00",
                   "client_ref": "bounds-hand-in-2"}]}),
    (None, "POST", "/api/v1/auth/login", {"username": "petugas\x00", "password": PASSWORD}),
    (None, "GET", "/api/v1/status/abc%00def", None),
    (None, "GET", "/status/%00", None),
    ("supervisor", "GET", "/api/v1/reports/day?date=9999-12-31", None),
    ("supervisor", "GET", "/api/v1/reports/range?start=0001-01-01&end=0001-01-31", None),
    ("supervisor", "GET", "/reports/range?start=9999-12-01&end=9999-12-31", None),
    ("admin", "GET", f"/admin/audit?ticket={TOO_BIG}", None),
    ("officer", "GET", f"/counter?n={TOO_BIG}", None),
    ("supervisor", "GET", "/reports?fragment=99999999999999999999", None),
    ("admin", "GET", "/admin/audit?who=%00", None),
]  # fmt: skip


@contextmanager
def _caller(server: ThreadServer, caller: str | None) -> Iterator[httpx.Client]:
    headers: dict[str, str] = {}
    if caller in NAMES:
        login = {"username": NAMES[caller], "password": PASSWORD}
        token = httpx.post(f"{server.url}/api/v1/auth/login", json=login).json()["token"]
        headers["authorization"] = f"Bearer {token}"
    elif caller is not None:
        headers["authorization"] = f"Bearer {server.device_token(caller)}"
    with httpx.Client(base_url=server.url, headers=headers) as client:
        yield client


def test_out_of_bounds_values_get_a_reason_not_a_500(api_server: ThreadServer) -> None:
    for caller, method, path, body in REFUSED:
        with _caller(api_server, caller) as client:
            reply = client.request(method, path, json=body)
        where = f"{caller} {method} {path} {body}: {reply.status_code} {reply.text[:300]}"
        assert reply.status_code in (400, 422), where
        assert reply.json()["message"], where


def test_audit_filter_on_a_day_past_the_calendar_filters_nothing(
    api_server: ThreadServer,
) -> None:
    with _caller(api_server, "admin") as client:
        reply = client.get("/admin/audit?start=0001-01-01&end=9999-12-31")
    assert reply.status_code == 200, reply.text[:300]


def test_login_form_with_a_nul_is_refused(api_server: ThreadServer) -> None:
    with httpx.Client(base_url=api_server.url) as client:
        client.get("/login")
        csrf = str(client.cookies.get("antrean_csrf"))
        reply = client.post(
            "/login", data={"username": "petugas\x00", "password": "x", "csrf_token": csrf}
        )
    assert reply.status_code == 422, reply.text[:300]


def test_event_stream_since_past_the_calendar_is_refused(api_server: ThreadServer) -> None:
    token = api_server.device_token("display")
    url = f"ws://127.0.0.1:{api_server.port}/api/v1/events?token={token}&since={TOO_BIG}"
    with pytest.raises(InvalidStatus), connect(url, open_timeout=5):
        pass


def test_largest_id_is_a_plain_404(api_server: ThreadServer) -> None:
    with _caller(api_server, "kiosk") as client:
        reply = client.get(f"/api/v1/tickets/{TOO_BIG - 1}")
    assert reply.status_code == 404
