"""Smoke test on a real X11 server (Xvfb): ``antrean display`` starts, draws, exits cleanly.

Offscreen tests cannot see missing xcb libraries (libxcb-cursor0 and friends);
this one can.
"""

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.x_server import x_server

pytestmark = pytest.mark.xvfb


@pytest.fixture
def x_display() -> Iterator[str]:
    """A private Xvfb server; its display name (":N")."""
    with x_server() as display:
        yield display


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_display_starts_and_quits_on_real_x11(x_display: str, tmp_path: Path) -> None:
    config = tmp_path / "display.toml"
    config.write_text(
        f'server = "http://127.0.0.1:{_closed_port()}"\ntoken = "t"\n'
        'layout = "portrait"\n[audio]\nenabled = false\n[led]\nurl = "sim://"\n',
        encoding="utf-8",
    )
    env = os.environ | {"DISPLAY": x_display, "QT_QPA_PLATFORM": "xcb"}
    result = subprocess.run(
        [sys.executable, "-m", "antrean", "display", "--config", str(config), "--window",
         "--quit-after", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "board running" in result.stderr
    assert "board cannot start yet" in result.stderr  # no server: it waits, it does not crash
