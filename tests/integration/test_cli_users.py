"""`antrean user add | passwd | list`: the rules of the admin's pages hold on the command
line too, on every engine; a password comes from standard input alone."""

import io
from pathlib import Path

import httpx
import pytest

from antrean.cli import main
from queue_server.services.token_cache import TokenCache
from queue_server.settings import Settings
from tests.support.live_server import PASSWORD, ThreadServer, seed
from tests.support.monotonic import move_on
from tests.support.office import office_settings


def _where(settings: Settings) -> list[str]:
    return [
        "--config", str(settings.office_file), "--database-url", settings.resolved_database_url,
    ]  # fmt: skip


def _run(monkeypatch: pytest.MonkeyPatch, stdin: str, *argv: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(list(argv))


@pytest.mark.parametrize("name", ["Siti", "=cmd", "a", "siti budi", ".siti", "x" * 65, "siti\t"])
def test_user_add_refuses_a_name_the_pages_refuse(
    server_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
) -> None:
    code = _run(
        monkeypatch, "rahasia-sekali\n", "user", "add", name, "--role", "officer",
        "--password-stdin", *_where(server_settings),
    )  # fmt: skip
    assert code == 2
    assert "lower-case letters" in capsys.readouterr().err


def test_user_passwd_sets_the_password_and_ends_sessions(
    server_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    server = ThreadServer(settings=server_settings, tokens=seed(server_settings))
    server.start()
    try:
        login = {"username": "petugas", "password": PASSWORD}
        old = httpx.post(f"{server.url}/api/v1/auth/login", json=login).json()["token"]
        where = _where(server_settings)
        assert _run(monkeypatch, "sandi-baru-123\n", "user", "passwd", "petugas",
                    "--password-stdin", *where) == 0  # fmt: skip
        assert "password of petugas set" in capsys.readouterr().out
        move_on(server.ctx, TokenCache.TTL_SECONDS)  # the CLI is another process: no word
        reply = httpx.get(f"{server.url}/api/v1/queue", headers={"authorization": f"Bearer {old}"})
        login = {"username": "petugas", "password": "sandi-baru-123"}
        assert httpx.post(f"{server.url}/api/v1/auth/login", json=login).status_code == 200
        assert reply.status_code == 401
        assert _run(monkeypatch, "pendek\n", "user", "passwd", "petugas", "--password-stdin",
                    *where) == 2  # fmt: skip
        assert "at least 8" in capsys.readouterr().err
        assert _run(monkeypatch, "sandi-baru-123\n", "user", "passwd", "nobody",
                    "--password-stdin", *where) == 2  # fmt: skip
    finally:
        server.stop()


def test_user_list_shows_every_account(
    server_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(server_settings)
    assert _run(monkeypatch, "", "user", "list", *_where(server_settings)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["NAME", "ROLE", "STATE", "CREATED"]
    rows = {line.split()[0]: line.split()[1:3] for line in lines[1:]}
    assert rows == {
        "admin": ["admin", "active"],
        "kepala": ["supervisor", "active"],
        "petugas": ["officer", "active"],
    }


def test_password_is_never_an_argument(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = office_settings(tmp_path)
    with pytest.raises(SystemExit):
        _run(monkeypatch, "", "user", "passwd", "petugas", "--password-stdin", "rahasia-123",
             *_where(settings))  # fmt: skip
    assert "unrecognized arguments" in capsys.readouterr().err
