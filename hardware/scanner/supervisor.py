"""Keeps one scanner working: open, read, hand each scan over, reopen after a fault.

Like Home Assistant's update coordinator: the device is *available* or
*unavailable*, one log line is written when that changes (never one per retry),
transient faults are retried with exponential backoff, and a misconfiguration
(``ScannerConfigError``) stops the supervisor and is reported as *failed*.

``step`` does one unit of work and is what tests drive, with a fake scanner and a
recorded ``sleep``; ``start`` runs ``step`` on a daemon thread until ``stop``.
"""

import logging
import threading
from collections.abc import Callable
from enum import StrEnum

from hardware.scanner.base import CodeScanner, ScanHandler, ScannerError
from hardware.scanner.serial_scanner import ScannerConfigError

_log = logging.getLogger(__name__)

AvailabilityListener = Callable[["ScannerState"], None]


class ScannerState(StrEnum):
    """What the kiosk shows about its scanner."""

    STARTING = "starting"
    AVAILABLE = "available"
    UNAVAILABLE = "unavailable"
    FAILED = "failed"  # misconfigured: retrying will not help


class ScannerSupervisor:
    """Runs a ``CodeScanner`` and calls ``handler`` with every scan.

    Args:
        scanner: the scanner; the supervisor opens and closes it.
        handler: called on the supervisor's thread with each scan's text.
        on_state: called with the new state on every change (optional).
        sleep: waits between retries; the default is interrupted by ``stop``.
        read_timeout: how long one ``step`` waits for a scan.
        initial_backoff, max_backoff: retry delays in seconds (doubling).
        logger: where the one line per state change goes.
    """

    def __init__(
        self,
        scanner: CodeScanner,
        handler: ScanHandler,
        *,
        on_state: AvailabilityListener | None = None,
        sleep: Callable[[float], object] | None = None,
        read_timeout: float = 0.5,
        initial_backoff: float = 0.5,
        max_backoff: float = 30.0,
        logger: logging.Logger = _log,
    ) -> None:
        self.scanner = scanner
        self._handler = handler
        self._on_state = on_state
        self._stopping = threading.Event()
        self._sleep = sleep or self._stopping.wait
        self._read_timeout = read_timeout
        self._initial_backoff = initial_backoff
        self._max_backoff = max_backoff
        self._backoff = initial_backoff
        self._log = logger
        self._opened = False
        self._thread: threading.Thread | None = None
        self.state = ScannerState.STARTING
        self.last_error: str | None = None

    @property
    def available(self) -> bool:
        """True while the scanner is open and reading."""
        return self.state is ScannerState.AVAILABLE

    @property
    def running(self) -> bool:
        """False once stopped or failed."""
        return not self._stopping.is_set() and self.state is not ScannerState.FAILED

    def step(self) -> None:
        """Open the scanner if needed, then wait once for a scan and hand it over."""
        if not self.running:
            return
        if not self._opened and not self._try_open():
            return
        try:
            text = self.scanner.read_scan(self._read_timeout)
        except ScannerError as error:
            self._close_scanner()
            self._set_state(ScannerState.UNAVAILABLE, str(error))
            self._wait_backoff()
            return
        if text is not None:
            self._deliver(text)

    def start(self) -> None:
        """Run ``step`` on a background thread until ``stop``."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="scanner-supervisor", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread (if any) and close the scanner."""
        self._stopping.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
        self._close_scanner()

    def _run(self) -> None:
        while self.running:
            self.step()
        self._close_scanner()

    def _try_open(self) -> bool:
        try:
            self.scanner.open()
        except ScannerConfigError as error:
            self._set_state(ScannerState.FAILED, str(error))
            return False
        except ScannerError as error:
            self._set_state(ScannerState.UNAVAILABLE, str(error))
            self._wait_backoff()
            return False
        self._opened = True
        self._backoff = self._initial_backoff
        self._set_state(ScannerState.AVAILABLE, None)
        return True

    def _deliver(self, text: str) -> None:
        try:
            self._handler(text)
        except Exception:  # a bad handler must not take the scanner down
            self._log.exception("scan handler failed for a scan from %s", self.scanner.url)

    def _wait_backoff(self) -> None:
        delay = self._backoff
        self._backoff = min(self._backoff * 2, self._max_backoff)
        self._log.debug("scanner at %s: retrying in %.1f s", self.scanner.url, delay)
        self._sleep(delay)

    def _close_scanner(self) -> None:
        if self._opened:
            self._opened = False
            self.scanner.close()

    def _set_state(self, state: ScannerState, error: str | None) -> None:
        self.last_error = error
        if state is self.state:
            return
        self.state = state
        if state is ScannerState.AVAILABLE:
            self._log.info("scanner at %s is available", self.scanner.url)
        elif state is ScannerState.FAILED:
            self._log.error("scanner stopped, fix the configuration: %s", error)
        else:
            self._log.warning("scanner unavailable, retrying: %s", error)
        if self._on_state is not None:
            self._on_state(state)
