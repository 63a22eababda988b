"""``/docs``, ``/redoc`` and ``/openapi.json``: admins alone, unless the office opens them."""

from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from queue_server.settings import Settings
from tests.support.live_server import PASSWORD, ThreadServer, seed
from tests.support.office import office_settings

DOCS = ("/openapi.json", "/docs", "/redoc")


def _login(server: ThreadServer, username: str) -> dict[str, str]:
    login = {"username": username, "password": PASSWORD}
    token = httpx.post(f"{server.url}/api/v1/auth/login", json=login).json()["token"]
    return {"authorization": f"Bearer {token}"}


@pytest.mark.parametrize("caller", [None, "kiosk", "display", "petugas", "kepala"])
def test_docs_are_refused_to_all_but_admins(api_server: ThreadServer, caller: str | None) -> None:
    if caller is None:
        headers: dict[str, str] = {}
    elif caller in ("kiosk", "display"):
        headers = {"authorization": f"Bearer {api_server.device_token(caller)}"}
    else:
        headers = _login(api_server, caller)
    for path in DOCS:
        reply = httpx.get(f"{api_server.url}{path}", headers=headers)
        assert reply.status_code == (401 if caller is None else 403), (caller, path)
        assert reply.json()["error"] in ("unauthorized", "forbidden")


def test_admin_reads_the_docs(api_server: ThreadServer) -> None:
    admin = _login(api_server, "admin")
    document = httpx.get(f"{api_server.url}/openapi.json", headers=admin)
    assert document.status_code == 200
    assert "/api/v1/tickets" in document.json()["paths"]
    page = httpx.get(f"{api_server.url}/docs", headers=admin)
    assert page.status_code == 200
    assert "swagger-ui" in page.text
    script_policy = page.headers["content-security-policy"].split("script-src ")[1].split(";")[0]
    assert "'sha256-" in script_policy
    assert "unsafe-inline" not in script_policy


@pytest.mark.parametrize("open_docs", ["env", "setting"])
def test_docs_open_to_anyone_when_the_office_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_docs: str
) -> None:
    settings: Settings = office_settings(tmp_path)
    if open_docs == "env":
        monkeypatch.setenv("ANTREAN_OPEN_API_DOCS", "1")
        settings = replace(settings, open_api_docs=Settings.from_env().open_api_docs)
    else:
        settings = replace(settings, open_api_docs=True)
    server = ThreadServer(settings=settings, tokens=seed(settings))
    server.start()
    try:
        for path in DOCS:
            assert httpx.get(f"{server.url}{path}").status_code == 200, path
    finally:
        server.stop()


def test_docs_closed_without_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTREAN_OPEN_API_DOCS", "0")
    assert Settings.from_env().open_api_docs is False
    monkeypatch.delenv("ANTREAN_OPEN_API_DOCS")
    assert Settings.from_env().open_api_docs is False
