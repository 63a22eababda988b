"""The device supervisor: availability, backoff, one log line per change, no sleeps."""

import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

import pytest

from hardware.scanner.base import ScannerError
from hardware.scanner.fake import FakeSerialScanner
from hardware.scanner.serial_scanner import ScannerConfigError, SerialCodeScanner
from hardware.supervisor import DeviceState, DeviceSupervisor


class ScriptedScanner:
    """A CodeScanner whose open/read outcomes are scripted by the test."""

    url = "serial:///dev/ttyACM0"

    def __init__(self, opens: list[Exception | None], reads: list[str | Exception | None]):
        self.opens = deque(opens)
        self.reads = deque(reads)
        self.open_calls = 0
        self.closed = 0

    def open(self) -> None:
        self.open_calls += 1
        outcome = self.opens.popleft() if self.opens else None
        if outcome is not None:
            raise outcome

    def close(self) -> None:
        self.closed += 1

    def read_scan(self, timeout: float) -> str | None:
        outcome = self.reads.popleft() if self.reads else None
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def supervise(
    scanner: ScriptedScanner | SerialCodeScanner, handler: Callable[[str], None], **kwargs: Any
) -> DeviceSupervisor[str]:
    """A scanner's supervisor, as the kiosk makes one."""
    return DeviceSupervisor(
        "scanner",
        scanner,
        scanner.read_scan,
        handler,
        faults=(ScannerError,),
        config_faults=(ScannerConfigError,),
        **kwargs,
    )


def make(
    scanner: ScriptedScanner, **kwargs: object
) -> tuple[DeviceSupervisor[str], list[str], list[float], list[DeviceState]]:
    scans: list[str] = []
    sleeps: list[float] = []
    states: list[DeviceState] = []
    supervisor = supervise(
        scanner,
        scans.append,
        sleep=sleeps.append,
        on_state=states.append,
        initial_backoff=0.5,
        max_backoff=4.0,
        **kwargs,
    )
    return supervisor, scans, sleeps, states


def test_supervisor_delivers_scans() -> None:
    scanner = ScriptedScanner([None], ["A012", None, "B7"])
    supervisor, scans, sleeps, states = make(scanner)
    for _ in range(3):
        supervisor.step()
    assert scans == ["A012", "B7"]
    assert supervisor.available
    assert (sleeps, states) == ([], [DeviceState.AVAILABLE])


def test_supervisor_backoff_doubles_to_max_then_resets(caplog: pytest.LogCaptureFixture) -> None:
    down = ScannerError("scanner at serial:///dev/ttyACM0: no such device")
    scanner = ScriptedScanner([down] * 5 + [None], ["A1", down, None])
    supervisor, scans, sleeps, states = make(scanner)
    with caplog.at_level(logging.INFO, logger="hardware.supervisor"):
        for _ in range(9):
            supervisor.step()
    assert sleeps == [0.5, 1.0, 2.0, 4.0, 4.0, 0.5]
    assert scans == ["A1"]
    assert states == [
        DeviceState.UNAVAILABLE,
        DeviceState.AVAILABLE,
        DeviceState.UNAVAILABLE,
        DeviceState.AVAILABLE,
    ]
    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) == 4
    assert "no such device" in lines[0]
    assert lines[1] == "scanner at serial:///dev/ttyACM0 is available"


def test_supervisor_config_error_stops_for_good() -> None:
    scanner = ScriptedScanner([ScannerConfigError("scanner at x: bad URL")], [])
    supervisor, _, sleeps, states = make(scanner)
    supervisor.step()
    supervisor.step()
    assert states == [DeviceState.FAILED]
    assert not supervisor.running
    assert scanner.open_calls == 1
    assert sleeps == []
    assert supervisor.last_error == "scanner at x: bad URL"


def test_supervisor_handler_error_logged_and_survived(caplog: pytest.LogCaptureFixture) -> None:
    scanner = ScriptedScanner([None], ["bad", "good"])
    seen: list[str] = []

    def handler(text: str) -> None:
        seen.append(text)
        if text == "bad":
            raise RuntimeError("boom")

    supervisor = supervise(scanner, handler, sleep=lambda _: None)
    with caplog.at_level(logging.ERROR):
        supervisor.step()
        supervisor.step()
    assert seen == ["bad", "good"]
    assert supervisor.available
    assert "scanner: handling a reading from serial:///dev/ttyACM0 failed" in caplog.text


def test_supervisor_thread_over_pty_reconnects_after_unplug() -> None:
    fake = FakeSerialScanner()
    fake.open()
    scanner = SerialCodeScanner(fake.device_path)
    got: deque[str] = deque()
    arrived = threading.Event()
    became: dict[DeviceState, threading.Event] = {s: threading.Event() for s in DeviceState}

    def on_scan(text: str) -> None:
        got.append(text)
        arrived.set()

    supervisor = supervise(
        scanner,
        on_scan,
        on_state=lambda state: became[state].set(),
        read_timeout=0.05,
        initial_backoff=0.01,
    )
    supervisor.start()
    try:
        assert became[DeviceState.AVAILABLE].wait(5)
        fake.scan("A012")
        assert arrived.wait(5)
        fake.close()  # unplugged
        assert became[DeviceState.UNAVAILABLE].wait(5)
    finally:
        supervisor.stop()
        fake.close()
    assert list(got) == ["A012"]
    assert not scanner.is_open
