"""A dedicated MRZ reader (DESKO, 3M/Thales, Honeywell OCR mode) on a serial port."""

import time
from collections import deque
from collections.abc import Callable
from typing import Self

import serial

from hardware.mrz.base import MrzReaderConfigError, MrzReaderError
from hardware.mrz.framing import MrzFramer
from hardware.scanner.ports import (
    SerialUrlError,
    describe_serial_error,
    open_serial_port,
    parse_serial_url,
)

_POLL_INTERVAL = 0.05


class SerialMrzReader:
    """An ``MrzReader`` on a serial device URL; any of the three framings is understood.

    Args:
        url: ``serial:///dev/ttyUSB0?baudrate=9600``, a device path, ``loop://`` or
            ``socket://host:port``.
        default_baudrate: used when the URL names none.
        frame_timeout: a partial document older than this many seconds is dropped.
        clock: a monotonic clock, injectable for tests.
    """

    def __init__(
        self,
        url: str,
        *,
        default_baudrate: int = 9600,
        frame_timeout: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self._default_baudrate = default_baudrate
        self._frame_timeout = frame_timeout
        self._clock = clock
        self._framer = MrzFramer()
        self._port: serial.SerialBase | None = None
        self._ready: deque[str] = deque()
        self._last_byte_at = 0.0

    @property
    def rejected_frames(self) -> int:
        """Frames dropped for a wrong BCC or excess length since ``open``."""
        return self._framer.rejected

    def open(self) -> None:
        """Open the port. Raises ``MrzReaderConfigError`` for a bad URL, else
        ``MrzReaderError``, each with a message for a technician."""
        if self._port is not None:
            return
        try:
            target = parse_serial_url(self.url, default_baudrate=self._default_baudrate)
            self._port = open_serial_port(target, timeout=_POLL_INTERVAL)
        except SerialUrlError as error:
            raise MrzReaderConfigError(f"MRZ reader at {self.url}: {error}") from error
        except OSError as error:
            reason = describe_serial_error(error)
            raise MrzReaderError(f"MRZ reader at {self.url}: {reason}") from error
        self._framer = MrzFramer()
        self._ready.clear()

    def close(self) -> None:
        """Close the port; safe to call twice."""
        port, self._port = self._port, None
        if port is not None:
            port.close()

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def read_mrz(self, timeout: float) -> str | None:
        """Block up to ``timeout`` seconds for one document's raw MRZ lines.

        Raises:
            MrzReaderError: the port is closed or the device went away.
        """
        if self._port is None:
            raise MrzReaderError(f"MRZ reader at {self.url}: not open")
        deadline = self._clock() + timeout
        while not self._ready:
            remaining = deadline - self._clock()
            if remaining <= 0:
                break
            self._read_once(self._port, min(remaining, _POLL_INTERVAL))
        return self._ready.popleft() if self._ready else None

    def send_command(self, data: bytes) -> None:
        """Write raw bytes to the reader (a vendor command such as a read trigger)."""
        if self._port is None:
            raise MrzReaderError(f"MRZ reader at {self.url}: not open")
        try:
            self._port.write(data)
            self._port.flush()
        except OSError as error:
            reason = describe_serial_error(error)
            raise MrzReaderError(f"MRZ reader at {self.url}: {reason}") from error

    def _read_once(self, port: serial.SerialBase, wait: float) -> None:
        try:
            if port.timeout != wait:
                port.timeout = wait
            data = port.read(max(1, port.in_waiting))
        except (OSError, TypeError, AttributeError) as error:
            self.close()
            reason = describe_serial_error(error)
            raise MrzReaderError(f"MRZ reader at {self.url}: {reason}") from error
        now = self._clock()
        if not data:
            return
        if now - self._last_byte_at > self._frame_timeout:
            self._framer.reset()  # the rest of a frame that never finished
        self._last_byte_at = now
        self._ready.extend(self._framer.feed(data))
