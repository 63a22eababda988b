"""A serial device read and cut into frames: the one read loop of the scanner and the MRZ
reader. Each brings its framer (``hardware.scanner.framing``, ``hardware.mrz.framing``)
and its error types; the port, its URL, the polling and the hand-over of frames are here.
"""

import time
from collections import deque
from collections.abc import Callable
from typing import ClassVar, Protocol, Self

import serial

from hardware.scanner.ports import (
    SerialUrlError,
    describe_serial_error,
    open_serial_port,
    parse_serial_url,
)

POLL_INTERVAL = 0.05  # seconds a read waits at most, so a deadline is kept


class Framer(Protocol):
    """Cuts a device's bytes into frames."""

    def reset(self) -> None: ...

    def feed(self, data: bytes, now: float) -> list[str]:
        """The frames completed by ``data`` (received at monotonic ``now``)."""
        ...

    def next_deadline(self) -> float | None:
        """When a frame in progress ends by silence alone, if it can."""
        ...


class SerialFrameReader:
    """A device on a serial URL (``serial:///dev/ttyACM0?baudrate=115200``, a device path,
    ``loop://`` or ``socket://host:port``) read frame by frame.

    Subclasses name the device for messages and the errors they raise: ``config_error``
    for a URL that retrying will not fix, ``device_error`` for everything else.
    """

    device_name: ClassVar[str]
    device_error: ClassVar[type[Exception]]
    config_error: ClassVar[type[Exception]]

    def __init__(
        self,
        url: str,
        framer: Framer,
        *,
        default_baudrate: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self._framer = framer
        self._default_baudrate = default_baudrate
        self._clock = clock
        self._port: serial.SerialBase | None = None
        self._ready: deque[str] = deque()

    def open(self) -> None:
        """Open the port; raises ``config_error`` for a bad URL, else ``device_error``, each
        with a message for a technician."""
        if self._port is not None:
            return
        try:
            target = parse_serial_url(self.url, default_baudrate=self._default_baudrate)
            self._port = open_serial_port(target, timeout=POLL_INTERVAL)
        except SerialUrlError as error:
            raise self.config_error(self._says(str(error))) from error
        except OSError as error:
            raise self.device_error(self._says(describe_serial_error(error))) from error
        self._framer.reset()
        self._ready.clear()

    def close(self) -> None:
        """Close the port; safe to call twice."""
        port, self._port = self._port, None
        if port is not None:
            port.close()

    @property
    def is_open(self) -> bool:
        """True between a successful ``open`` and ``close``."""
        return self._port is not None

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def read_frame(self, timeout: float) -> str | None:
        """Block up to ``timeout`` seconds for one frame; None if none came.

        Raises:
            device_error: the port is closed or the device went away (open it again).
        """
        port = self._require_port()
        deadline = self._clock() + timeout
        while not self._ready:
            remaining = deadline - self._clock()
            if remaining <= 0:
                break
            self._read_once(port, remaining)
        return self._ready.popleft() if self._ready else None

    def send_command(self, data: bytes) -> None:
        """Write raw bytes to the device (a read trigger, a configuration command)."""
        port = self._require_port()
        try:
            port.write(data)
            port.flush()
        except OSError as error:
            raise self.device_error(self._says(describe_serial_error(error))) from error

    def _says(self, reason: str) -> str:
        return f"{self.device_name} at {self.url}: {reason}"

    def _require_port(self) -> serial.SerialBase:
        if self._port is None:
            raise self.device_error(self._says("not open"))
        return self._port

    def _read_once(self, port: serial.SerialBase, remaining: float) -> None:
        wait = min(remaining, POLL_INTERVAL)
        pending = self._framer.next_deadline()
        if pending is not None:
            wait = max(0.001, min(wait, pending - self._clock()))
        try:
            if port.timeout != wait:  # each change reconfigures the tty
                port.timeout = wait
            data = port.read(max(1, port.in_waiting))
        except (OSError, TypeError, AttributeError) as error:
            # pyserial raises TypeError/AttributeError when the fd vanishes mid-read.
            self.close()
            raise self.device_error(self._says(describe_serial_error(error))) from error
        self._ready.extend(self._framer.feed(data, self._clock()))
