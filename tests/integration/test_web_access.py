"""Every page and API route against every role and no login, on a real server.

``ROUTES`` must name every route the app serves: a new route without an entry
fails ``test_every_route_is_in_the_matrix`` until someone decides who may use it.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute

from tests.support.live_server import PASSWORD, ThreadServer

PUBLIC, VIEW, SERVE, REPORTS, ANNOUNCE, ADMIN, ISSUE, FEEDBACK = (
    "public", "view_queue", "serve", "reports", "announce", "admin", "issue", "feedback",
)  # fmt: skip
DEVICE = "device"  # the calling device itself: no user role, not even admin
CODE = "enrolment_code"  # open to anyone; the one-time code decides (a wrong one: 401)
ROLE_CAN = {
    "officer": {PUBLIC, VIEW, SERVE},
    "supervisor": {PUBLIC, VIEW, SERVE, REPORTS, ANNOUNCE},
    "admin": {PUBLIC, VIEW, SERVE, REPORTS, ANNOUNCE, ADMIN, ISSUE, FEEDBACK},
}
# (method, route template, concrete path, JSON body, permission, is a browser page)
ROUTES: list[tuple[str, str, str, Any, str, bool]] = [
    ("GET", "/healthz", "/healthz", None, PUBLIC, False),
    ("GET", "/api/v1/office", "/api/v1/office", None, PUBLIC, False),
    ("GET", "/ca.pem", "/ca.pem", None, PUBLIC, False),
    # from loopback, as here, for any caller; from the LAN only with the scraper's token
    # (tests/integration/test_metrics.py)
    ("GET", "/metrics", "/metrics", None, PUBLIC, False),
    ("POST", "/api/v1/devices/enrol", "/api/v1/devices/enrol",
     {"secret": "A" * 24, "kind": "kiosk"}, CODE, False),
    ("GET", "/api/v1/devices/me", "/api/v1/devices/me", None, DEVICE, False),
    ("POST", "/api/v1/devices/token", "/api/v1/devices/token", None, DEVICE, False),
    ("POST", "/api/v1/auth/login", "/api/v1/auth/login",
     {"username": "petugas", "password": PASSWORD}, PUBLIC, False),
    ("POST", "/api/v1/auth/logout", "/api/v1/auth/logout", None, PUBLIC, False),
    ("GET", "/api/v1/status/{token}", "/api/v1/status/nope", None, PUBLIC, False),
    ("GET", "/api/v1/services", "/api/v1/services", None, VIEW, False),
    ("POST", "/api/v1/tickets", "/api/v1/tickets",
     {"service": "AP", "source": "walk_in", "client_ref": "matrix-web-1"}, ISSUE, False),
    ("GET", "/api/v1/tickets/{ticket_id}", "/api/v1/tickets/1", None, SERVE, False),
    ("POST", "/api/v1/leases", "/api/v1/leases", {"service": "AP", "count": 2}, ISSUE, False),
    ("POST", "/api/v1/leases/hand-in", "/api/v1/leases/hand-in", {"tickets": []}, ISSUE, False),
    ("POST", "/api/v1/devices/faults", "/api/v1/devices/faults",
     {"device": "printer", "state": "ok", "message": "ok"}, ISSUE, False),
    ("POST", "/api/v1/feedback", "/api/v1/feedback",
     {"ticket_id": 1, "answers": {}, "client_ref": "matrix-web-2"}, FEEDBACK, False),
    ("GET", "/api/v1/queue", "/api/v1/queue", None, VIEW, False),
    ("POST", "/api/v1/counters/{counter}/call-next", "/api/v1/counters/8/call-next", None,
     SERVE, False),
    ("POST", "/api/v1/counters/{counter}/{action}", "/api/v1/counters/8/open", None, SERVE, False),
    ("POST", "/api/v1/tickets/{ticket_id}/{action}", "/api/v1/tickets/1/recall", None, SERVE,
     False),
    ("POST", "/api/v1/announcements", "/api/v1/announcements", {"id": "Halo", "en": "Hello"},
     ANNOUNCE, False),
    ("DELETE", "/api/v1/announcements/{announcement_id}", "/api/v1/announcements/999", None,
     ANNOUNCE, False),
    # the web package
    ("GET", "/", "/", None, PUBLIC, True),
    ("GET", "/login", "/login", None, PUBLIC, True),
    ("GET", "/lang/{code}", "/lang/en", None, PUBLIC, True),
    ("GET", "/status/{token}", "/status/nope", None, PUBLIC, True),
    ("GET", "/counter", "/counter", None, SERVE, True),
    ("GET", "/api/v1/console/{counter}", "/api/v1/console/8", None, SERVE, False),
    ("POST", "/api/v1/faults/{fault_id}/reprint", "/api/v1/faults/999/reprint", None, SERVE,
     False),
    ("POST", "/api/v1/faults/{fault_id}/resolve", "/api/v1/faults/999/resolve", None, SERVE,
     False),
    ("GET", "/api/v1/faults", "/api/v1/faults", None, SERVE, False),
    ("GET", "/api/v1/console/{counter}/tickets", "/api/v1/console/7/tickets?number=A001", None,
     SERVE, False),
    # counter 7 is the example office's information desk
    ("POST", "/api/v1/console/{counter}/tickets", "/api/v1/console/7/tickets",
     {"service": "AP", "client_ref": "matrix-desk-1"}, SERVE, False),
    ("GET", "/counter/tickets/{ticket_id}/print", "/counter/tickets/1/print", None, SERVE, True),
    ("GET", "/reports", "/reports", None, REPORTS, True),
    ("GET", "/reports/simulation", "/reports/simulation", None, REPORTS, True),
    ("GET", "/reports/{kind}", "/reports/day", None, REPORTS, True),
    ("GET", "/reports/{kind}.csv", "/reports/day.csv?table=queues", None, REPORTS, True),
    ("GET", "/reports/{kind}.xlsx", "/reports/trends.xlsx", None, REPORTS, True),
    ("GET", "/api/v1/reports/{kind}", "/api/v1/reports/range", None, REPORTS, False),
    ("GET", "/announcements", "/announcements", None, ANNOUNCE, True),
    ("GET", "/admin", "/admin", None, ADMIN, True),
    ("GET", "/admin/users", "/admin/users", None, ADMIN, True),
    ("GET", "/admin/devices", "/admin/devices", None, ADMIN, True),
    ("GET", "/admin/audit", "/admin/audit", None, ADMIN, True),
    ("GET", "/admin/config", "/admin/config", None, ADMIN, True),
    ("GET", "/admin/upstream", "/admin/upstream", None, ADMIN, True),
    # the API's documentation: admins alone outside the demo
    ("GET", "/openapi.json", "/openapi.json", None, ADMIN, False),
    ("GET", "/docs", "/docs", None, ADMIN, False),
    ("GET", "/redoc", "/redoc", None, ADMIN, False),
    ("GET", "/admin/visitor-data", "/admin/visitor-data", None, ADMIN, True),
]  # fmt: skip
FORM_ROUTES = {  # page forms: (path template, concrete path, form fields, permission)
    ("POST", "/login"): ("/login", {"username": "petugas", "password": PASSWORD}, PUBLIC),
    ("POST", "/logout"): ("/logout", {}, PUBLIC),
    ("POST", "/admin/users"): (
        "/admin/users",
        {"username": "baru", "role": "officer", "password": "rahasia-456"},
        ADMIN,
    ),
    ("POST", "/admin/users/{username}/password"): (
        "/admin/users/petugas/password",
        {"password": "rahasia-123"},
        ADMIN,
    ),
    ("POST", "/admin/users/{username}/{change}"): ("/admin/users/nobody/enable", {}, ADMIN),
    # a form that is refused before any simulation runs (422)
    ("POST", "/reports/simulation"): ("/reports/simulation", {"source": "nonsense"}, REPORTS),
    ("POST", "/announcements"): (
        "/announcements",
        {"text_id": "Halo", "text_en": "Hello"},
        ANNOUNCE,
    ),
    ("POST", "/announcements/{announcement_id}/withdraw"): (
        "/announcements/999/withdraw",
        {},
        ANNOUNCE,
    ),
    ("POST", "/admin/devices"): ("/admin/devices", {"name": "kiosk-9", "kind": "kiosk"}, ADMIN),
    ("POST", "/admin/devices/{name}/{change}"): ("/admin/devices/nothing/revoke", {}, ADMIN),
    ("POST", "/admin/visitor-data/export"): (
        "/admin/visitor-data/export",
        {"kind": "application", "number": "1234567890"},
        ADMIN,
    ),
    ("POST", "/admin/visitor-data/erase"): (
        "/admin/visitor-data/erase",
        {"kind": "passport", "number": "X1234567", "confirm": "true"},
        ADMIN,
    ),
}
IGNORED = {"/api/v1/events"}


def _walk(routes: Iterable[BaseRoute]) -> Iterator[tuple[str, str]]:
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _walk(inner.routes)
        elif isinstance(route, Route):
            for method in sorted((route.methods or set()) - {"HEAD"}):
                yield method, route.path
        elif isinstance(route, Mount | WebSocketRoute):
            continue


def test_every_route_is_in_the_matrix(live_server: ThreadServer) -> None:
    assert live_server.server is not None
    app: FastAPI = live_server.server.app
    served = {(m, p) for m, p in _walk(app.routes) if p not in IGNORED}
    listed = {(m, template) for m, template, *_ in ROUTES} | set(FORM_ROUTES)
    assert served - listed == set(), "routes missing from the access matrix"
    assert listed - served == set(), "matrix lists routes the app does not serve"


@contextmanager
def _browser(server: ThreadServer, username: str | None) -> Iterator[httpx.Client]:
    """A client that behaves like a browser: cookies, CSRF token, no automatic redirects."""
    with httpx.Client(base_url=server.url, follow_redirects=False) as client:
        client.get("/login")
        if username is not None:
            reply = client.post(
                "/login",
                data={"username": username, "password": PASSWORD, "csrf_token": _csrf(client)},
            )
            assert reply.status_code == 303, reply.text
        yield client


def _csrf(client: httpx.Client) -> str:
    return str(client.cookies.get("antrean_csrf"))


@pytest.mark.parametrize("caller", [None, "officer", "supervisor", "admin"])
def test_route_matrix(api_server: ThreadServer, caller: str | None) -> None:
    username = {"officer": "petugas", "supervisor": "kepala", "admin": "admin"}.get(caller or "")
    allowed = ROLE_CAN.get(caller or "", {PUBLIC})
    with _browser(api_server, username) as client:
        for method, _template, path, body, permission, is_page in ROUTES:
            if path in ("/api/v1/auth/logout",):
                continue  # would end this client's session; covered by the logout form
            headers = {"x-csrf-token": _csrf(client)}
            reply = client.request(method, path, json=body, headers=headers)
            where = f"{caller} {method} {path}: {reply.status_code} {reply.text[:200]}"
            if permission == CODE:
                assert reply.status_code == 401, where
            elif permission in allowed:
                assert reply.status_code not in (401, 403), where
                assert reply.status_code < 500, where
            elif caller is None and is_page:
                assert reply.status_code == 303, where
                assert reply.headers["location"].startswith("/login?next="), where
            else:
                assert reply.status_code == (401 if caller is None else 403), where


@pytest.mark.parametrize("caller", [None, "officer", "supervisor", "admin"])
def test_form_matrix(live_server: ThreadServer, caller: str | None) -> None:
    username = {"officer": "petugas", "supervisor": "kepala", "admin": "admin"}.get(caller or "")
    allowed = ROLE_CAN.get(caller or "", {PUBLIC})
    for path, fields, permission in FORM_ROUTES.values():
        with _browser(live_server, username) as client:
            reply = client.post(path, data={**fields, "csrf_token": _csrf(client)})
            where = f"{caller} POST {path}: {reply.status_code} {reply.text[:200]}"
            if permission in allowed:
                assert reply.status_code not in (401, 403), where
                assert reply.status_code < 500, where
            elif caller is None:
                assert reply.status_code == 303
                assert "/login?next=" in reply.headers["location"]
            else:
                assert reply.status_code == 403, where


def test_cookie_post_without_csrf_token_is_refused(live_server: ThreadServer) -> None:
    with _browser(live_server, "admin") as client:
        api = client.post("/api/v1/counters/8/open")
        assert api.status_code == 403
        assert api.json()["error"] == "csrf_failed"
        wrong = client.post("/api/v1/counters/8/open", headers={"x-csrf-token": "forged"})
        assert wrong.status_code == 403
        form = client.post("/admin/devices", data={"name": "kiosk-8", "kind": "kiosk"})
        assert form.status_code == 403
        logout = client.post("/logout", data={"csrf_token": "forged"})
        assert logout.status_code == 403
        assert client.get("/admin/devices").status_code == 200  # still logged in


@pytest.mark.parametrize("authorization", ["Basic cGV0dWdhczp4", "Bearer forged-token", "Token x"])
def test_session_with_other_authorization_still_needs_csrf_token(
    api_server: ThreadServer, authorization: str
) -> None:
    with _browser(api_server, "petugas") as client:
        reply = client.post("/api/v1/counters/8/open", headers={"authorization": authorization})
        assert reply.status_code == 403, reply.text
        assert reply.json()["error"] == "csrf_failed"


def test_session_with_valid_bearer_token_needs_no_csrf_token(api_server: ThreadServer) -> None:
    login = {"username": "petugas", "password": PASSWORD}
    token = httpx.post(f"{api_server.url}/api/v1/auth/login", json=login).json()["token"]
    with _browser(api_server, "petugas") as client:
        reply = client.post("/api/v1/counters/8/open", headers={"authorization": f"Bearer {token}"})
        assert reply.status_code == 204, reply.text


def test_bearer_clients_need_no_csrf_token(live_server: ThreadServer) -> None:
    login = {"username": "petugas", "password": PASSWORD}
    token = httpx.post(f"{live_server.url}/api/v1/auth/login", json=login).json()["token"]
    reply = httpx.post(
        f"{live_server.url}/api/v1/counters/8/open", headers={"authorization": f"Bearer {token}"}
    )
    assert reply.status_code == 204


def test_devices_alone_read_and_swap_their_own_token(live_server: ThreadServer) -> None:
    kiosk = {"authorization": f"Bearer {live_server.device_token('kiosk')}"}
    me = httpx.get(f"{live_server.url}/api/v1/devices/me", headers=kiosk)
    assert me.status_code == 200
    assert me.json()["name"] == "kiosk-1"
    swapped = httpx.post(f"{live_server.url}/api/v1/devices/token", headers=kiosk)
    assert swapped.status_code == 200
    fresh = {"authorization": f"Bearer {swapped.json()['token']}"}
    assert httpx.get(f"{live_server.url}/api/v1/devices/me", headers=fresh).status_code == 200


def test_devices_cannot_open_staff_pages(live_server: ThreadServer) -> None:
    kiosk = {"authorization": f"Bearer {live_server.device_token('kiosk')}"}
    for path in ("/api/v1/console/8", "/api/v1/reports/day"):
        assert httpx.get(f"{live_server.url}{path}", headers=kiosk).status_code == 403
    assert httpx.get(f"{live_server.url}/counter", headers=kiosk).status_code == 403
