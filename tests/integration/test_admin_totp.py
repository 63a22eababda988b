"""An admin's optional second factor: with ``[security] admin_totp = true`` an admin's
login (API and page) needs a code from the authenticator app set up with ``antrean user
totp``; officers and supervisors are never asked. On every engine."""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pyotp
import pytest

from antrean.cli import main
from queue_server.config import always_open_office_text
from tests.support.live_server import PASSWORD, ThreadServer, seed
from tests.support.office import office_settings


@pytest.fixture
def totp_office(tmp_path: Path, database_url: str) -> Iterator[ThreadServer]:
    text = always_open_office_text()
    assert "admin_totp = false" in text
    text = text.replace("admin_totp = false", "admin_totp = true")
    settings = office_settings(tmp_path, database_url, office_text=text)
    server = ThreadServer(settings=settings, tokens=seed(settings))
    server.start()
    yield server
    server.stop()


def _login(server: ThreadServer, username: str, totp: str | None = None) -> httpx.Response:
    body = {"username": username, "password": PASSWORD}
    if totp is not None:
        body["totp"] = totp
    return httpx.post(f"{server.url}/api/v1/auth/login", json=body)


def _set_up(server: ThreadServer, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    """The admin's new secret, and what the command printed."""
    settings = server.settings
    where = ["--config", str(settings.office_file), "--database-url",
             settings.resolved_database_url]  # fmt: skip
    assert main(["user", "totp", "admin", *where]) == 0
    printed = capsys.readouterr().out
    uri = next(line for line in printed.splitlines() if line.startswith("otpauth://"))
    assert "█" in printed or "▀" in printed  # the QR code to scan
    return parse_qs(urlparse(uri).query)["secret"][0], printed


def test_admin_needs_the_code_once_the_office_asks(
    totp_office: ThreadServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server = totp_office
    not_set_up = _login(server, "admin")
    assert not_set_up.status_code == 401
    assert not_set_up.json()["error"] == "totp_not_set_up"
    secret, printed = _set_up(server, capsys)
    assert "does not ask for it yet" not in printed
    missing = _login(server, "admin")
    assert missing.status_code == 401
    assert missing.json()["error"] == "totp_required"
    code = pyotp.TOTP(secret).now()
    wrong = _login(server, "admin", f"{(int(code) + 500_000) % 1_000_000:06d}")
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "bad_totp"
    assert _login(server, "admin", code).status_code == 200
    assert _login(server, "petugas").status_code == 200  # officers are not asked
    assert _login(server, "kepala").status_code == 200


def test_login_page_asks_an_admin_for_the_code(
    totp_office: ThreadServer, capsys: pytest.CaptureFixture[str]
) -> None:
    with httpx.Client(base_url=totp_office.url) as browser:
        page = browser.get("/login")
        assert 'name="totp"' in page.text
        fields = {"username": "admin", "password": PASSWORD,
                  "csrf_token": browser.cookies["antrean_csrf"]}  # fmt: skip
        not_set_up = browser.post("/login", data=fields)
        assert not_set_up.status_code == 401
        assert "belum punya autentikator" in not_set_up.text
        secret, _ = _set_up(totp_office, capsys)
        asked = browser.post("/login", data=fields)
        assert asked.status_code == 401
        assert "kode 6 angka" in asked.text
        done = browser.post("/login", data={**fields, "totp": pyotp.TOTP(secret).now()})
        assert done.status_code == 303
        assert done.headers["location"] == "/admin"


def test_without_the_setting_no_code_is_asked(
    api_server: ThreadServer, capsys: pytest.CaptureFixture[str]
) -> None:
    _, printed = _set_up(api_server, capsys)
    assert "office.toml does not ask for it yet" in printed
    assert _login(api_server, "admin").status_code == 200
    with httpx.Client(base_url=api_server.url) as browser:
        assert 'name="totp"' not in browser.get("/login").text
