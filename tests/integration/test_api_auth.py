"""Who may do what: every protected route against every kind of caller."""

import httpx
import pytest

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
    "display": {0, 2, 3},
    "feedback": {0, 2, 3, 10},
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
