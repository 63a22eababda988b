"""The server and the Qt apps under systemd's watchdog, each as its own process as its unit
runs it: READY=1 once it serves (the window is up; the port is open), WATCHDOG=1 from the
event loop while it runs, STOPPING=1 when SIGTERM stops it."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support.live_server import ThreadServer, free_socket
from tests.support.notify_socket import NotifyListener
from tests.support.office import write_office

WATCHDOG_USEC = 900_000  # a beat every 0.3 s


def kiosk_toml(server: ThreadServer, data_dir: Path, *, mode: str) -> str:
    kind = "feedback" if mode == "feedback" else "kiosk"
    return f"""mode = "{mode}"
data_dir = "{data_dir}"

[server]
url = "{server.url}"
token = "{server.device_token(kind)}"

[devices]
printer = "sim://{data_dir / "tickets"}"
scanner = ""
mrz = ""
camera = ""

[screen]
fullscreen = false
simulated_panel = false

[feedback]
counter = 1
"""


def display_toml(server: ThreadServer) -> str:
    return f"""server = "{server.url}"
token = "{server.device_token("display")}"
fullscreen = false

[audio]
enabled = false
"""


def _start(command: list[str], listener: NotifyListener, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        **listener.environ(watchdog_usec=WATCHDOG_USEC),
    }
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "antrean", *command], stdout=out, stderr=out, env=env
        )


def _supervised_run(
    process: subprocess.Popen[bytes], listener: NotifyListener, log: Path, *, exit_code: int = 0
) -> None:
    try:
        listener.wait_for("READY=1")
        listener.wait_for("WATCHDOG=1", count=3)
        process.send_signal(signal.SIGTERM)
        listener.wait_for("STOPPING=1")
        assert process.wait(timeout=30) == exit_code, log.read_text(encoding="utf-8")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    assert listener.messages[0] == "READY=1"
    assert listener.senders[0] == process.pid


@pytest.mark.parametrize("mode", ["kiosk", "feedback"])
def test_kiosk_under_watchdog_is_ready_beats_and_says_it_stops(
    live_server: ThreadServer, notify_listener: NotifyListener, tmp_path: Path, mode: str
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(kiosk_toml(live_server, tmp_path / "data", mode=mode), encoding="utf-8")
    log = tmp_path / "kiosk.log"

    process = _start(["kiosk", "--config", str(config)], notify_listener, log)

    _supervised_run(process, notify_listener, log)


def test_display_under_watchdog_is_ready_beats_and_says_it_stops(
    live_server: ThreadServer, notify_listener: NotifyListener, tmp_path: Path
) -> None:
    config = tmp_path / "display.toml"
    config.write_text(display_toml(live_server), encoding="utf-8")
    log = tmp_path / "display.log"

    process = _start(["display", "--config", str(config)], notify_listener, log)

    _supervised_run(process, notify_listener, log)


def test_server_under_watchdog_is_ready_once_its_port_answers(
    notify_listener: NotifyListener, tmp_path: Path
) -> None:
    with free_socket() as sock:
        port = sock.getsockname()[1]
    command = ["server", "--config", str(write_office(tmp_path)), "--port", str(port)]
    command += ["--database-url", f"sqlite:///{tmp_path / 'antrean.sqlite3'}", "--no-advertise"]
    log = tmp_path / "server.log"

    process = _start(command, notify_listener, log)

    try:
        notify_listener.wait_for("READY=1")
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
    finally:
        # uvicorn ends by the signal it was stopped with, which systemd counts as a clean exit
        _supervised_run(process, notify_listener, log, exit_code=-signal.SIGTERM)


def test_kiosk_aborted_by_the_watchdog_writes_where_its_ui_thread_was(
    live_server: ThreadServer, notify_listener: NotifyListener, tmp_path: Path
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(kiosk_toml(live_server, tmp_path / "data", mode="kiosk"), encoding="utf-8")
    log = tmp_path / "kiosk.log"
    process = _start(["kiosk", "--config", str(config)], notify_listener, log)
    try:
        notify_listener.wait_for("WATCHDOG=1")

        process.send_signal(signal.SIGABRT)  # what the supervisor passes on when beats stop

        exit_code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    text = log.read_text(encoding="utf-8")
    assert exit_code == -signal.SIGABRT, text[-3000:]
    assert "Fatal Python error: Aborted" in text
    assert "most recent call first" in text
    assert "kiosk_app/app.py" in text  # the UI thread, in app.exec()
