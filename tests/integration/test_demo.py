"""``antrean demo`` as a newcomer runs it: the server with the demo accounts and
today's sample bookings, the kiosk, the board and the feedback screen as processes
of their own, and all of them stopped together by Ctrl-C, a ``kill`` or a closed
terminal. A window that cannot open or dies is said in the terminal, never silently.
A lively demo plays its past days and then visitors at the kiosk and officers at the
counters; a training office marks every screen, page and ticket, and never takes the
live data directory.

Most tests run the office standing still (``--speed 0 --past-days 0``): they are
about the processes, not the office's life."""

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from antrean.demo import DEMO_PASSWORD, DEMO_USERS
from queue_protocol import IssueTicketRequest, TicketSource, TicketState
from queue_protocol.client import QueueClient
from tests.support.live_server import free_socket
from tests.support.processes import children, command_line, wait_until_ended

BANNER_END = "Press Ctrl-C to stop."


OFF_SCREEN = {"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}  # windows, drawn off screen


@dataclass
class RunningDemo:
    process: subprocess.Popen[bytes]
    url: str
    data_dir: Path
    banner: str
    windows: list[int]  # the demo's child processes once its banner is out
    output: Path  # what the terminal shows

    def device_token(self, kind: str) -> str:
        lines = (self.data_dir / "devices.txt").read_text(encoding="utf-8").splitlines()
        return dict(line.split(": ", 1) for line in lines)[kind]

    def window(self, subcommand: str, config: str) -> int:
        """The process of the window run as ``antrean SUBCOMMAND --config .../CONFIG``."""
        return next(
            pid
            for pid in self.windows
            if command_line(pid)[3] == subcommand and command_line(pid)[-1].endswith(config)
        )

    def wait_for_output(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.output.read_text(encoding="utf-8")
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never shown:\n{self.output.read_text(encoding='utf-8')}")


def start_demo(
    data_dir: Path, output: Path, screen: dict[str, str], *options: str
) -> tuple[int, subprocess.Popen[bytes]]:
    """``antrean demo`` on a free port, everything it says written to ``output``."""
    with free_socket() as sock:
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "antrean", "demo", "--port", str(port),
               "--data-dir", str(data_dir), "--speed", "0", "--past-days", "0",
               *options]  # fmt: skip
    cache = {"XDG_CACHE_HOME": str(data_dir.parent / "cache")}  # the past is played anew
    with output.open("wb") as sink:
        process = subprocess.Popen(
            command, stdout=sink, stderr=subprocess.STDOUT, env={**os.environ, **cache, **screen}
        )
    return port, process


@contextlib.contextmanager
def running_demo(tmp_path: Path, screen: dict[str, str], *options: str) -> Iterator[RunningDemo]:
    """The demo up to its banner; ended, windows and all, when the test is over."""
    output = tmp_path / "demo.out"
    port, process = start_demo(tmp_path / "demo", output, screen, *options)
    windows: list[int] = []
    try:
        banner = _banner(process, output)
        windows = children(process.pid)
        url = f"http://127.0.0.1:{port}"
        yield RunningDemo(process, url, tmp_path / "demo", banner, windows, output)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        for pid in wait_until_ended(windows, timeout=0):  # left by a failed test
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[RunningDemo]:
    with running_demo(tmp_path, OFF_SCREEN) as started:
        yield started


def _banner(process: subprocess.Popen[bytes], output: Path, timeout: float = 300) -> str:
    """The demo's output up to the end of its banner (the server is serving then)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        text = output.read_text(encoding="utf-8")
        if BANNER_END in text:
            return text
        time.sleep(0.1)
    raise AssertionError(f"no banner from the demo:\n{output.read_text(encoding='utf-8')}")


def test_the_demo_accounts_log_in(demo: RunningDemo) -> None:
    for name, role in DEMO_USERS:
        with QueueClient(demo.url) as client:
            assert client.login(name, DEMO_PASSWORD).role == role
        assert name in demo.banner


def test_the_sample_bookings_check_in_at_the_kiosk(demo: RunningDemo) -> None:
    """The two application numbers in the banner, and the signed token beside them."""
    numbers = [
        line.split()[-3] for line in demo.banner.splitlines() if "(application number)" in line
    ]
    token = (demo.data_dir / "booking-token.txt").read_text(encoding="utf-8").strip()
    assert len(numbers) == 2
    with QueueClient(demo.url, demo.device_token("kiosk")) as kiosk:
        tickets = [
            kiosk.issue_ticket(
                IssueTicketRequest(
                    source=TicketSource.BOOKING, booking_code=code, client_ref=uuid.uuid4().hex
                )
            )
            for code in [*numbers, token]
        ]
    assert {ticket.status for ticket in tickets} == {TicketState.WAITING}
    assert {ticket.source for ticket in tickets} == {TicketSource.BOOKING}
    assert len({ticket.number for ticket in tickets}) == 3


@pytest.mark.parametrize(
    "stop", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda number: number.name
)
def test_the_windows_start_and_end_with_the_demo(demo: RunningDemo, stop: signal.Signals) -> None:
    started = sorted(command_line(pid)[3] for pid in demo.windows)
    assert started == ["display", "kiosk", "kiosk"]

    demo.process.send_signal(stop)

    assert demo.process.wait(timeout=30) == 0
    assert wait_until_ended(demo.windows) == []


def _wait_for_log(path: Path, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file() and text in path.read_text(encoding="utf-8"):
            return
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never in {path}")


def test_a_window_that_dies_is_reported_with_its_log_and_the_demo_exits_1(
    demo: RunningDemo,
) -> None:
    board = demo.window("display", "display.toml")
    _wait_for_log(demo.data_dir / "display.log", "board running")

    os.kill(board, signal.SIGKILL)

    shown = demo.wait_for_output("the window of the board was ended by SIGKILL")
    report = shown.split("the window of the board was ended by SIGKILL", 1)[1]
    assert f"The end of {demo.data_dir / 'display.log'}:" in report
    assert "INFO counter_display.qt_main: board running" in report  # its log's last lines
    others = [pid for pid in demo.windows if pid != board]
    assert wait_until_ended(others, timeout=1) == others  # the kiosk and feedback stay open
    demo.process.send_signal(signal.SIGINT)
    assert demo.process.wait(timeout=30) == 1
    assert wait_until_ended(demo.windows) == []


def test_the_demo_stops_with_1_when_every_window_has_died(demo: RunningDemo) -> None:
    for pid in demo.windows:
        os.kill(pid, signal.SIGKILL)

    assert demo.process.wait(timeout=30) == 1
    shown = demo.output.read_text(encoding="utf-8")
    for name in ("the kiosk", "the board", "the feedback screen of counter 7"):
        assert f"the window of {name} was ended by SIGKILL" in shown
    assert "no window is open any more" in shown


def test_the_demo_where_no_window_can_open_says_why_and_exits_1(tmp_path: Path) -> None:
    broken = {"DISPLAY": ":0", "QT_QPA_PLATFORM": "nonexistent"}  # as a missing xcb library
    _, process = start_demo(tmp_path / "demo", tmp_path / "demo.out", broken)
    try:
        code = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    shown = (tmp_path / "demo.out").read_text(encoding="utf-8")
    assert code == 1
    assert "no window can open on this screen (DISPLAY=:0). Qt says:" in shown
    assert 'Could not find the Qt platform plugin "nonexistent"' in shown
    assert "antrean demo --no-windows" in shown
    assert BANNER_END not in shown  # it stops before it serves anything
    assert children(process.pid) == []
