"""Login pages: throttled failures, expired sessions, logout, safe redirects, language."""

from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from queue_server.services import auth
from tests.support.live_server import PASSWORD, ThreadServer


@contextmanager
def _client(server: ThreadServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, follow_redirects=False) as client:
        client.get("/login")
        yield client


def _login(client: httpx.Client, username: str, password: str, next: str = "") -> httpx.Response:
    fields = {"username": username, "password": password, "next": next}
    return client.post("/login", data={**fields, "csrf_token": client.cookies["antrean_csrf"]})


def test_login_after_five_failures_is_throttled(live_server: ThreadServer) -> None:
    with _client(live_server) as client:
        for _ in range(5):
            assert _login(client, "petugas", "salah-salah").status_code == 401
        blocked = _login(client, "petugas", PASSWORD)
        assert blocked.status_code == 429
        assert "Terlalu banyak percobaan gagal" in blocked.text
        assert "antrean_session" not in client.cookies
        other = _login(client, "kepala", PASSWORD)  # another user from the same PC is fine
        assert other.status_code == 303


def test_login_failure_names_no_detail(live_server: ThreadServer) -> None:
    with _client(live_server) as client:
        unknown = _login(client, "tidak-ada", "apa-saja-123")
        wrong = _login(client, "petugas", "apa-saja-123")
        assert unknown.status_code == wrong.status_code == 401
        assert "Nama pengguna atau kata sandi salah." in unknown.text
        assert "Nama pengguna atau kata sandi salah." in wrong.text


def test_expired_session_goes_back_to_login_with_a_note(live_server: ThreadServer) -> None:
    with _client(live_server) as client:
        assert _login(client, "petugas", PASSWORD, "/counter?n=7").headers["location"] == (
            "/counter?n=7"
        )
        auth.logout(live_server.ctx, client.cookies["antrean_session"])  # expired or revoked
        page = client.get("/counter?n=7")
        assert page.status_code == 303
        assert page.headers["location"] == "/login?next=/counter%3Fn%3D7&expired=1"
        assert "Sesi Anda telah berakhir" in client.get(page.headers["location"]).text
        assert client.get("/api/v1/console/7").status_code == 401


def test_logout_ends_the_session(live_server: ThreadServer) -> None:
    with _client(live_server) as client:
        _login(client, "kepala", PASSWORD)
        token = client.cookies["antrean_session"]
        bye = client.post("/logout", data={"csrf_token": client.cookies["antrean_csrf"]})
        assert bye.headers["location"] == "/login?bye=1"
        assert auth.authenticate(live_server.ctx, token) is None


def test_login_never_redirects_off_site(live_server: ThreadServer) -> None:
    with _client(live_server) as client:
        reply = _login(client, "kepala", PASSWORD, "//evil.example/")
        assert reply.headers["location"] == "/reports"


def test_english_switch_is_remembered(live_server: ThreadServer) -> None:
    with _client(live_server) as client:
        switched = client.get("/lang/en?next=/login")
        assert switched.headers["location"] == "/login"
        assert "Log in" in client.get("/login").text
