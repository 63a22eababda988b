"""`antrean user add` and `antrean device add`: the account is made, and the audit log
says it came from the command line."""

import io
from pathlib import Path

import pytest

from antrean.cli import main
from queue_server.server import open_context
from queue_server.services import admin
from queue_server.settings import Settings
from tests.support.office import write_office


def test_accounts_made_on_the_command_line_are_audited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    office = write_office(tmp_path)
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    where = ["--config", str(office), "--database-url", url]
    monkeypatch.setattr("sys.stdin", io.StringIO("rahasia-sekali\n"))
    assert main(["user", "add", "siti", "--role", "supervisor", "--password-stdin", *where]) == 0
    assert main(["device", "add", "kiosk-lobi", "--kind", "kiosk", *where]) == 0
    printed = capsys.readouterr().out
    assert "user siti (supervisor) added" in printed

    data_dir = tmp_path / "data"  # the commands' (ANTREAN_DATA_DIR), with their passport key
    ctx = open_context(Settings(data_dir=data_dir, office_file=office, database_url=url))
    try:
        lines = admin.audit(ctx, event_type="account")
    finally:
        ctx.db.dispose()
    assert [(line.actor, line.action, line.detail) for line in lines] == [
        ("system:command-line", "device_added", "kiosk-lobi · kiosk"),
        ("system:command-line", "user_added", "siti · supervisor"),
    ]
