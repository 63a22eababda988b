"""``antrean kiosk``, in kiosk and in feedback mode, as its own process as systemd runs
it: Ctrl+C and SIGTERM end it as its window closing does, with exit code 0."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from antrean.demo_devices import kiosk_config
from tests.support.live_server import ThreadServer

STOPS = [signal.SIGINT, signal.SIGTERM]


def _start(live_server: ThreadServer, tmp_path: Path, mode: str) -> subprocess.Popen[bytes]:
    setup = SimpleNamespace(
        data_dir=tmp_path,
        tokens={kind: live_server.device_token(kind) for kind in ("kiosk", "feedback")},
        booking_codes=[],
        training=False,
        visitor_feed=tmp_path / "visitors.jsonl",
    )
    config = tmp_path / f"{mode}.toml"
    config.write_text(kiosk_config(setup, live_server.url, mode=mode), encoding="utf-8")
    log = (tmp_path / f"{mode}.log").open("wb")
    with log:
        return subprocess.Popen(
            [sys.executable, "-m", "antrean", "kiosk", "--config", str(config)],
            stdout=log,
            stderr=log,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )


def _wait_for_log(path: Path, text: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if text in path.read_text(encoding="utf-8"):
            return
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never came:\n{path.read_text(encoding='utf-8')}")


def _stopped(process: subprocess.Popen[bytes], stop: signal.Signals) -> int:
    try:
        process.send_signal(stop)
        return process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


@pytest.mark.parametrize("mode", ["kiosk", "feedback"])
@pytest.mark.parametrize("stop", STOPS, ids=lambda number: number.name)
def test_the_screen_ends_cleanly_on_a_signal(
    live_server: ThreadServer, tmp_path: Path, mode: str, stop: signal.Signals
) -> None:
    process = _start(live_server, tmp_path, mode)
    # following the server's events: Qt's event loop runs
    _wait_for_log(tmp_path / f"{mode}.log", "event stream connected", process)

    assert _stopped(process, stop) == 0
    assert "Traceback" not in (tmp_path / f"{mode}.log").read_text(encoding="utf-8")
