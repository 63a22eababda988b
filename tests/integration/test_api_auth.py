"""Who may do what: every protected route against every kind of caller."""

import httpx
import pytest

from queue_protocol import Role
from queue_server.domain.errors import DomainError
from queue_server.services import admin, auth, devices, event_log
from queue_server.services.context import Actor, ActorKind
from tests.support.live_server import PASSWORD, ThreadServer

# (method, path, json body) of every protected call of the contract.
ROUTES: list[tuple[str, str, object]] = [
    ("GET", "/api/v1/services", None),
    (
        "POST",
        "/api/v1/tickets",
        {"service": "AP", "source": "walk_in", "client_ref": "matrix-0001"},
    ),
    ("GET", "/api/v1/tickets/1", None),
    ("GET", "/api/v1/queue", None),
    ("POST", "/api/v1/counters/7/call-next", None),
    ("POST", "/api/v1/counters/7/open", None),
    ("POST", "/api/v1/tickets/1/recall", None),
    ("POST", "/api/v1/leases", {"service": "AP", "count": 2}),
    ("POST", "/api/v1/leases/hand-in", {"tickets": []}),
    ("POST", "/api/v1/devices/faults", {"device": "printer", "state": "ok", "message": "ok"}),
    ("POST", "/api/v1/feedback", {"ticket_id": 1, "answers": {}, "client_ref": "matrix-0002"}),
    ("POST", "/api/v1/announcements", {"id": "Selamat datang", "en": "Welcome"}),
]

# Which routes (by index above) each caller may use.
ALLOWED: dict[str, set[int]] = {
    "kiosk": {0, 1, 2, 3, 7, 8, 9},
    "display": {0, 3},  # no ticket by id: ids are sequential
    "feedback": {0, 3, 10},
    "officer": {0, 2, 3, 4, 5, 6},
    "supervisor": {0, 2, 3, 4, 5, 6, 11},
    "admin": set(range(len(ROUTES))),
}


def _token(server: ThreadServer, caller: str) -> str:
    if caller in ("kiosk", "display", "feedback"):
        return server.device_token(caller)
    username = {"officer": "petugas", "supervisor": "kepala", "admin": "admin"}[caller]
    reply = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"username": username, "password": PASSWORD}
    )
    assert reply.status_code == 200
    assert reply.json()["role"] == caller
    token: str = reply.json()["token"]
    return token


def test_every_route_without_token_is_401(api_server: ThreadServer) -> None:
    for method, path, body in ROUTES:
        reply = httpx.request(method, f"{api_server.url}{path}", json=body)
        assert reply.status_code == 401, (method, path)
        assert reply.json()["error"] == "unauthorized"


@pytest.mark.parametrize("caller", sorted(ALLOWED))
def test_route_matrix_per_role(api_server: ThreadServer, caller: str) -> None:
    headers = {"Authorization": f"Bearer {_token(api_server, caller)}"}
    for index, (method, path, body) in enumerate(ROUTES):
        reply = httpx.request(method, f"{api_server.url}{path}", json=body, headers=headers)
        if index in ALLOWED[caller]:
            assert reply.status_code not in (401, 403), (caller, path, reply.text)
        else:
            assert reply.status_code == 403, (caller, path, reply.status_code)
            assert reply.json()["error"] == "forbidden"


def test_login_wrong_password_is_401(api_server: ThreadServer) -> None:
    reply = httpx.post(
        f"{api_server.url}/api/v1/auth/login",
        json={"username": "petugas", "password": "salah-sekali"},
    )
    unknown = httpx.post(
        f"{api_server.url}/api/v1/auth/login", json={"username": "nobody", "password": "whatever1"}
    )
    assert reply.status_code == unknown.status_code == 401
    assert reply.json()["error"] == "bad_credentials"


def test_logout_revokes_the_token(api_server: ThreadServer) -> None:
    headers = {"Authorization": f"Bearer {_token(api_server, 'officer')}"}
    assert httpx.get(f"{api_server.url}/api/v1/queue", headers=headers).status_code == 200
    httpx.post(f"{api_server.url}/api/v1/auth/logout", headers=headers)
    assert httpx.get(f"{api_server.url}/api/v1/queue", headers=headers).status_code == 401


def test_garbage_token_is_401(api_server: ThreadServer) -> None:
    reply = httpx.get(f"{api_server.url}/api/v1/queue", headers={"Authorization": "Bearer x"})
    assert reply.status_code == 401


def _api_login(server: ThreadServer, username: str, password: str) -> httpx.Response:
    body = {"username": username, "password": password}
    return httpx.post(f"{server.url}/api/v1/auth/login", json=body)


def test_api_login_is_throttled_like_the_login_page(api_server: ThreadServer) -> None:
    for _ in range(5):
        assert _api_login(api_server, "petugas", "salah-salah").status_code == 401
    blocked = _api_login(api_server, "petugas", PASSWORD)  # even the right password waits
    assert blocked.status_code == 429
    assert blocked.json()["error"] == "too_many_attempts"
    assert "Coba lagi dalam 5 menit" in blocked.json()["message"]
    assert 0 < int(blocked.headers["Retry-After"]) <= 300
    with httpx.Client(base_url=api_server.url) as browser:  # one count for both doors
        browser.get("/login")
        fields = {"username": "petugas", "password": PASSWORD}
        page = browser.post(
            "/login", data={**fields, "csrf_token": browser.cookies["antrean_csrf"]}
        )
        assert page.status_code == 429
    assert _api_login(api_server, "kepala", PASSWORD).status_code == 200


def test_logins_and_account_changes_are_audited_and_never_pushed(
    api_server: ThreadServer,
) -> None:
    assert api_server.server is not None
    ctx = api_server.server.ctx
    admin_actor = Actor("admin", ActorKind.USER, role=Role.ADMIN)
    auth.add_user(ctx, "budi", Role.OFFICER, "rahasia-budi", by=admin_actor)
    assert _api_login(api_server, "budi", "salah-salah").status_code == 401
    assert _api_login(api_server, "rahasia-budi", "oops").status_code == 401  # wrong field
    token = _api_login(api_server, "budi", "rahasia-budi").json()["token"]
    httpx.post(f"{api_server.url}/api/v1/auth/logout", headers={"Authorization": f"Bearer {token}"})
    auth.set_disabled(ctx, "budi", True, by=admin_actor)
    devices.revoke(ctx, "display-1", by=admin_actor)

    lines = admin.audit(ctx, event_type="account")[:7]  # newest first; before: the seeding
    assert [(line.actor, line.action) for line in reversed(lines)] == [
        ("admin", "user_added"),
        ("budi", "login_failed"),
        ("?", "login_failed"),  # not the text typed: it may be a password
        ("budi", "login"),
        ("budi", "logout"),
        ("admin", "user_disabled"),
        ("admin", "device_revoked"),
    ]
    assert lines[-1].detail == "budi · officer"
    assert "127.0.0.1" in (lines[-2].detail or "")
    assert all("rahasia-budi" not in str(line) for line in lines)
    kiosk = {"Authorization": f"Bearer {api_server.device_token('kiosk')}"}
    body = {"service": "AP", "source": "walk_in", "client_ref": "audit-0001"}
    httpx.post(f"{api_server.url}/api/v1/tickets", json=body, headers=kiosk)
    replayed = {event.seq for event in event_log.replay(ctx, 0)}  # what a display catches up
    assert replayed
    assert replayed.isdisjoint(line.seq for line in lines)


def test_nobody_disables_their_own_account_whatever_the_way_in(
    api_server: ThreadServer,
) -> None:
    """The rule is the service's, so the admin page, the API and the command line all
    keep it; another admin may disable that account."""
    assert api_server.server is not None
    ctx = api_server.server.ctx
    admin_actor = Actor("admin", ActorKind.USER, role=Role.ADMIN)
    with pytest.raises(DomainError) as refused:
        auth.set_disabled(ctx, "admin", True, by=admin_actor)
    assert refused.value.message_id == "Anda tidak dapat menonaktifkan diri sendiri."
    assert _api_login(api_server, "admin", PASSWORD).status_code == 200

    auth.add_user(ctx, "admin2", Role.ADMIN, "rahasia-admin2", by=admin_actor)
    auth.set_disabled(ctx, "admin", True, by=Actor("admin2", ActorKind.USER, role=Role.ADMIN))
    assert _api_login(api_server, "admin", PASSWORD).status_code == 401
