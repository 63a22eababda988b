"""Login without a DoS: one address guessing many names is stopped, and password checks
beyond the bound wait or are refused with 503 and ``Retry-After``, on the API and the
login page alike."""

from concurrent.futures import ThreadPoolExecutor

import httpx

from queue_server.services.login_throttle import ADDRESS_LIMIT
from queue_server.services.password_hashing import PasswordHashing
from tests.support.live_server import PASSWORD, ThreadServer


def _api_login(server: ThreadServer, username: str, password: str) -> httpx.Response:
    body = {"username": username, "password": password}
    return httpx.post(f"{server.url}/api/v1/auth/login", json=body, timeout=60)


def test_one_address_guessing_many_names_is_stopped(api_server: ThreadServer) -> None:
    for n in range(ADDRESS_LIMIT):
        assert _api_login(api_server, f"tebakan-{n}", "salah-salah").status_code == 401
    blocked = _api_login(api_server, "kepala", PASSWORD)
    assert blocked.status_code == 429
    assert blocked.json()["error"] == "too_many_attempts"
    assert int(blocked.headers["Retry-After"]) > 0


def test_parallel_bad_logins_are_all_answered_without_a_5xx(api_server: ThreadServer) -> None:
    with ThreadPoolExecutor(16) as pool:
        replies = list(
            pool.map(lambda n: _api_login(api_server, f"orang-{n}", "salah-salah"), range(16))
        )
    assert sorted({reply.status_code for reply in replies}) == [401]


def test_login_beyond_the_hashing_bound_is_refused_with_retry_after(
    api_server: ThreadServer,
) -> None:
    hashing = PasswordHashing(at_once=1, wait_s=0.05)
    api_server.ctx.password_hashing = hashing
    with hashing.slot():  # every slot taken, as by a burst of logins
        api = _api_login(api_server, "petugas", PASSWORD)
        with httpx.Client(base_url=api_server.url) as browser:
            browser.get("/login")
            fields = {"username": "petugas", "password": PASSWORD}
            page = browser.post(
                "/login", data={**fields, "csrf_token": browser.cookies["antrean_csrf"]}
            )
    assert api.status_code == 503
    assert api.json()["error"] == "login_busy"
    assert int(api.headers["Retry-After"]) > 0
    assert page.status_code == 503
    assert int(page.headers["Retry-After"]) > 0
    assert "Coba lagi sebentar lagi" in page.text
    assert _api_login(api_server, "petugas", PASSWORD).status_code == 200  # slot free again
