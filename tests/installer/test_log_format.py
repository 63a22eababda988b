"""Log lines under systemd: journald stamps each line itself, so ours carry no time, and a
leading ``<N>`` gives journald the line's priority. Elsewhere a line keeps its own time."""

import os
import re
import subprocess
import sys
from pathlib import Path

BROKEN_KIOSK = 'mode = "sideways"\n'
STAMPED = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ERROR kiosk_app\.cli: ")


def _stderr_of_broken_kiosk(tmp_path: Path, *, journal: str | None) -> str:
    """``antrean kiosk`` refusing a broken file (an error line), its stderr in a file;
    ``journal`` is ``"this"`` for JOURNAL_STREAM naming that very file, else the value."""
    config = tmp_path / "kiosk.toml"
    config.write_text(BROKEN_KIOSK, encoding="utf-8")
    log = tmp_path / "stderr.log"
    env = {k: v for k, v in os.environ.items() if k != "JOURNAL_STREAM"}
    with log.open("wb") as stderr:
        info = os.fstat(stderr.fileno())
        if journal is not None:
            env["JOURNAL_STREAM"] = f"{info.st_dev}:{info.st_ino}" if journal == "this" else journal
        done = subprocess.run(
            [sys.executable, "-m", "antrean", "kiosk", "--config", str(config)],
            stderr=stderr,
            env=env,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2
    return log.read_text(encoding="utf-8")


def test_log_to_journal_has_no_time_and_a_priority_journald_reads(tmp_path: Path) -> None:
    text = _stderr_of_broken_kiosk(tmp_path, journal="this")

    first = text.splitlines()[0]
    assert first.startswith("<3>ERROR kiosk_app.cli: "), text
    assert "kiosk.toml: mode" in first
    assert not re.search(r"\d\d:\d\d:\d\d", first)


def test_log_redirected_away_from_the_journal_keeps_its_time(tmp_path: Path) -> None:
    # systemd's variable inherited by a command whose stderr went elsewhere
    text = _stderr_of_broken_kiosk(tmp_path, journal="9:123456")

    assert STAMPED.match(text), text


def test_log_on_a_terminal_keeps_its_time(tmp_path: Path) -> None:
    text = _stderr_of_broken_kiosk(tmp_path, journal=None)

    assert STAMPED.match(text), text
