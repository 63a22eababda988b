"""Keeps one input device working: open, read, hand each reading over, reopen after a fault.

Every kind the kiosk reads from (code scanner, MRZ reader, camera) is supervised the same
way, like Home Assistant's update coordinator: the device is *available* or *unavailable*,
one log line is written when that changes (never one per retry), transient faults are
retried with exponential backoff, and a misconfiguration (one of ``config_faults``) stops
the supervisor and is reported as *failed*. A device absent at start, unplugged later or
plugged in again is found again within ``max_backoff`` seconds, without a restart.

``step`` does one unit of work and is what tests drive, with a scripted device and a
recorded ``sleep``; ``start`` runs ``step`` on a daemon thread until ``stop``.
"""

import logging
import threading
from collections.abc import Callable
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

_log = logging.getLogger(__name__)

T = TypeVar("T")
Faults = tuple[type[Exception], ...]


class DeviceState(StrEnum):
    """What the kiosk shows about a device."""

    STARTING = "starting"
    AVAILABLE = "available"
    UNAVAILABLE = "unavailable"
    FAILED = "failed"  # misconfigured: retrying will not help


class Device(Protocol):
    url: str

    def open(self) -> None: ...

    def close(self) -> None: ...


class DeviceSupervisor(Generic[T]):
    """Runs ``device`` and calls ``handler`` with every reading ``read`` returns.

    Args:
        name: what the device is, for the log ("scanner", "MRZ reader", "camera").
        device: the device; the supervisor opens and closes it.
        read: waits up to the given seconds for one reading of ``device`` (None: none came).
        handler: called on the supervisor's thread with each reading.
        faults: the device's errors that a retry may cure (a device absent or unplugged).
        config_faults: its errors that no retry cures (a bad URL): the supervisor stops.
        on_state: called with the new state on every change (optional).
        sleep: waits between retries; the default is interrupted by ``stop``.
        read_timeout: how long one ``step`` waits for a reading.
        initial_backoff, max_backoff: retry delays in seconds (doubling).
        logger: where the one line per state change goes.
    """

    def __init__(
        self,
        name: str,
        device: Device,
        read: Callable[[float], T | None],
        handler: Callable[[T], None],
        *,
        faults: Faults,
        config_faults: Faults = (),
        on_state: Callable[[DeviceState], None] | None = None,
        sleep: Callable[[float], object] | None = None,
        read_timeout: float = 0.5,
        initial_backoff: float = 0.5,
        max_backoff: float = 5.0,
        logger: logging.Logger = _log,
    ) -> None:
        self.name = name
        self.device = device
        self._read = read
        self._handler = handler
        self._faults = faults
        self._config_faults = config_faults
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
        self.state = DeviceState.STARTING
        self.last_error: str | None = None

    @property
    def available(self) -> bool:
        """True while the device is open and reading."""
        return self.state is DeviceState.AVAILABLE

    @property
    def running(self) -> bool:
        """False once stopped or failed."""
        return not self._stopping.is_set() and self.state is not DeviceState.FAILED

    def step(self) -> None:
        """Open the device if needed, then wait once for a reading and hand it over."""
        if not self.running:
            return
        if not self._opened and not self._try_open():
            return
        try:
            reading = self._read(self._read_timeout)
        except self._faults as error:
            self._close_device()
            self._set_state(DeviceState.UNAVAILABLE, str(error))
            self._wait_backoff()
            return
        if reading is not None:
            self._deliver(reading)

    def start(self) -> None:
        """Run ``step`` on a background thread until ``stop``."""
        if self._thread is not None:
            return
        name = f"{self.name.replace(' ', '-')}-supervisor"
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread (if any) and close the device."""
        self._stopping.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
        self._close_device()

    def _run(self) -> None:
        while self.running:
            self.step()
        self._close_device()

    def _try_open(self) -> bool:
        try:
            self.device.open()
        except self._config_faults as error:
            self._set_state(DeviceState.FAILED, str(error))
            return False
        except self._faults as error:
            self._set_state(DeviceState.UNAVAILABLE, str(error))
            self._wait_backoff()
            return False
        self._opened = True
        self._backoff = self._initial_backoff
        self._set_state(DeviceState.AVAILABLE, None)
        return True

    def _deliver(self, reading: T) -> None:
        try:
            self._handler(reading)
        except Exception:  # a bad handler must not take the device down
            self._log.exception("%s: handling a reading from %s failed", self.name, self.device.url)

    def _wait_backoff(self) -> None:
        delay = self._backoff
        self._backoff = min(self._backoff * 2, self._max_backoff)
        self._log.debug("%s at %s: retrying in %.1f s", self.name, self.device.url, delay)
        self._sleep(delay)

    def _close_device(self) -> None:
        if self._opened:
            self._opened = False
            self.device.close()

    def _set_state(self, state: DeviceState, error: str | None) -> None:
        self.last_error = error
        if state is self.state:
            return
        self.state = state
        if state is DeviceState.AVAILABLE:
            self._log.info("%s at %s is available", self.name, self.device.url)
        elif state is DeviceState.FAILED:
            self._log.error("%s stopped, fix the configuration: %s", self.name, error)
        else:
            self._log.warning("%s unavailable, retrying: %s", self.name, error)
        if self._on_state is not None:
            self._on_state(state)
