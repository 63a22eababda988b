"""``antrean demo`` as a newcomer runs it: the server with the demo accounts and
today's sample bookings, the kiosk, the board and the feedback screen as processes
of their own, and all of them stopped together by Ctrl-C, a ``kill`` or a closed
terminal."""

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


@dataclass
class RunningDemo:
    process: subprocess.Popen[bytes]
    url: str
    data_dir: Path
    banner: str
    windows: list[int]  # the demo's child processes once its banner is out

    def device_token(self, kind: str) -> str:
        lines = (self.data_dir / "devices.txt").read_text(encoding="utf-8").splitlines()
        return dict(line.split(": ", 1) for line in lines)[kind]


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[RunningDemo]:
    with free_socket() as sock:
        port = sock.getsockname()[1]
    data_dir = tmp_path / "demo"
    output = tmp_path / "demo.out"
    screen = {"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}  # windows, drawn off screen
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "antrean",
                "demo",
                "--port",
                str(port),
                "--data-dir",
                str(data_dir),
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**os.environ, **screen},
        )
    windows: list[int] = []
    try:
        banner = _banner(process, output)
        windows = children(process.pid)
        yield RunningDemo(process, f"http://127.0.0.1:{port}", data_dir, banner, windows)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        for pid in wait_until_ended(windows, timeout=0):  # left by a failed test
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _banner(process: subprocess.Popen[bytes], output: Path, timeout: float = 60) -> str:
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
