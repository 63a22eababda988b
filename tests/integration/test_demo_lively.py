"""``antrean demo`` alive: the past days played into its database, simulated visitors
taking printed tickets at the kiosk window, officers calling them at the counters; and
its training mode, marked on every screen, page and ticket, which never takes the
office's live data directory. Every wait is on a condition, none on a duration."""

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import httpx
import pytest

from queue_protocol.client import QueueClient
from queue_protocol.training import TRAINING_MARK
from queue_server.config import EXAMPLE_OFFICE
from tests.integration.test_demo import OFF_SCREEN, RunningDemo, running_demo

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
T = TypeVar("T")
FAST = ("--speed", "240")  # a counter's 8-minute visit in 2 s


def _wait_for(what: str, find: Callable[[], T | None], demo: RunningDemo) -> T:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        found = find()
        if found:
            return found
        time.sleep(0.5)
    logs = {
        path.name: path.read_text(encoding="utf-8")[-3000:] for path in demo.data_dir.glob("*.log")
    }
    raise AssertionError(f"never {what}:\n{demo.output.read_text(encoding='utf-8')}\n{logs}")


def _printed(demo: RunningDemo, count: int) -> list[str] | None:
    texts = sorted((demo.data_dir / "tickets").glob("ticket-*.txt"))
    return [path.read_text(encoding="utf-8") for path in texts] if len(texts) >= count else None


def _a_call(demo: RunningDemo) -> str | None:
    """The number of a ticket some counter has called, as the board shows it."""
    with QueueClient(demo.url, demo.device_token("display")) as board:
        counters = board.queue().counters
    return next((c.current.number for c in counters if c.current is not None), None)


def _office_copy(tmp_path: Path) -> Path:
    own = tmp_path / "etc" / "office.toml"
    own.parent.mkdir()
    shutil.copyfile(EXAMPLE_OFFICE, own)
    return own


def test_the_demo_plays_its_past_then_visitors_take_tickets_and_officers_call(
    tmp_path: Path,
) -> None:
    with running_demo(tmp_path, OFF_SCREEN, *FAST, "--past-days", "1") as demo:
        assert "played day 1 of 1" in demo.banner
        printed = _wait_for("two tickets printed at the kiosk", lambda: _printed(demo, 2), demo)
        assert all("NOMOR ANTREAN / QUEUE NUMBER" in text for text in printed)
        assert not any(TRAINING_MARK in text for text in printed)
        _wait_for("a visitor called to a counter", lambda: _a_call(demo), demo)
        assert TRAINING_MARK not in httpx.get(f"{demo.url}/login").text
    before_today = (datetime.now(UTC) - timedelta(hours=4)).strftime("%Y-%m-%d %H:%M")
    with sqlite3.connect(demo.data_dir / "antrean.sqlite3") as database:
        [[past]] = database.execute(
            "SELECT count(*) FROM tickets WHERE issued_at < ?", (before_today,)
        ).fetchall()
    assert past > 50  # a simulated office day of visitors, before today


def test_a_training_office_marks_its_screens_pages_and_tickets(tmp_path: Path) -> None:
    own = _office_copy(tmp_path)
    with running_demo(tmp_path, OFF_SCREEN, *FAST, "--office", str(own)) as demo:
        for config in ("kiosk.toml", "display.toml", "feedback.toml"):
            assert "training = true" in (demo.data_dir / config).read_text(encoding="utf-8")
        page = httpx.get(f"{demo.url}/login").text
        assert f'<div class="training-banner" role="note">{TRAINING_MARK}</div>' in page
        [ticket] = _wait_for("a ticket printed", lambda: _printed(demo, 1), demo)[:1]
        lines = [line.strip() for line in ticket.splitlines() if line.strip()]
        assert lines[0] == lines[-1] == TRAINING_MARK
    assert own.read_text(encoding="utf-8") == EXAMPLE_OFFICE.read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["live", "etc"])
def test_a_training_office_refuses_the_live_data_directory(tmp_path: Path, where: str) -> None:
    own = _office_copy(tmp_path)
    live = tmp_path / "live"
    live.mkdir()
    (live / "antrean.sqlite3").write_bytes(b"the office's own")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "antrean",
            "demo",
            "--no-windows",
            "--past-days",
            "0",
            "--office",
            str(own),
            "--data-dir",
            str(tmp_path / where),
        ],
        env={**os.environ, "ANTREAN_DATA_DIR": str(live)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    reason = "live data directory" if where == "live" else "own configuration"
    assert reason in done.stderr
    assert (live / "antrean.sqlite3").read_bytes() == b"the office's own"
    assert own.is_file()
