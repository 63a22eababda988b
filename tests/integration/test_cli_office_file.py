"""A command that works on an office needs that office's file: never the example office by
default, where a user added would land in another office's database."""

import io
from pathlib import Path

import pytest

from antrean.cli import main
from tests.support.office import write_office


def test_user_add_without_an_office_file_is_refused_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ANTREAN_CONFIG", raising=False)
    monkeypatch.setenv("ANTREAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("sys.stdin", io.StringIO("rahasia-sekali\n"))
    with pytest.raises(SystemExit) as stopped:
        main(["user", "add", "siti", "--role", "officer", "--password-stdin"])
    assert stopped.value.code == 2
    said = capsys.readouterr().err
    assert "--config" in said
    assert "ANTREAN_CONFIG" in said
    assert "antrean config example office" in said
    assert not (tmp_path / "data").exists()


def test_the_office_file_may_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ANTREAN_CONFIG", str(write_office(tmp_path)))
    monkeypatch.setenv("ANTREAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("sys.stdin", io.StringIO("rahasia-sekali\n"))
    assert main(["user", "add", "siti", "--role", "officer", "--password-stdin"]) == 0
    assert "user siti (officer) added" in capsys.readouterr().out


def test_database_maintenance_needs_no_office_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANTREAN_CONFIG", raising=False)
    url = f"sqlite:///{tmp_path / 'antrean.sqlite3'}"
    assert main(["db", "upgrade", "--database-url", url]) == 0
    assert main(["db", "backup", str(tmp_path / "copy.sqlite3"), "--database-url", url]) == 0
