"""A barcode/QR scanner on a serial port (RS-232, USB CDC-ACM "COM emulation", TCP)."""

import time
from collections import deque
from collections.abc import Callable
from typing import Self

import serial

from hardware.scanner.base import ScannerError
from hardware.scanner.framing import ScanFramer, Suffix
from hardware.scanner.ports import (
    SerialUrlError,
    describe_serial_error,
    open_serial_port,
    parse_serial_url,
)

_POLL_INTERVAL = 0.05


class ScannerConfigError(ScannerError):
    """A scanner URL or setting that retrying will not fix."""


class SerialCodeScanner:
    """A ``CodeScanner`` reading scans from a serial device URL.

    Args:
        url: ``serial:///dev/ttyACM0?baudrate=115200``, a device path, ``loop://`` or
            ``socket://host:port``.
        suffix: the scanner's configured suffix; ``Suffix.AUTO`` accepts CR, LF, CRLF.
        silence_gap: seconds of silence that end a scan in ``Suffix.NONE`` mode.
        strip_aim: remove an AIM symbology prefix (``]Q1``).
        default_baudrate: used when the URL names none (Honeywell plug-and-play: 115200).
        clock: a monotonic clock, injectable for tests.
    """

    def __init__(
        self,
        url: str,
        *,
        suffix: Suffix = Suffix.AUTO,
        silence_gap: float = 0.05,
        strip_aim: bool = True,
        default_baudrate: int = 9600,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self._framer = ScanFramer(suffix, silence_gap=silence_gap, strip_aim=strip_aim)
        self._default_baudrate = default_baudrate
        self._clock = clock
        self._port: serial.SerialBase | None = None
        self._ready: deque[str] = deque()

    def open(self) -> None:
        """Open the port. Raises ``ScannerConfigError`` for a bad URL, else ``ScannerError``."""
        if self._port is not None:
            return
        try:
            target = parse_serial_url(self.url, default_baudrate=self._default_baudrate)
            self._port = open_serial_port(target, timeout=_POLL_INTERVAL)
        except SerialUrlError as error:
            raise ScannerConfigError(f"scanner at {self.url}: {error}") from error
        except OSError as error:
            raise ScannerError(f"scanner at {self.url}: {describe_serial_error(error)}") from error
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

    def read_scan(self, timeout: float) -> str | None:
        """Block up to ``timeout`` seconds for one scan; None if none came.

        Raises:
            ScannerError: the port is closed or the device went away (re-open it).
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
        """Write raw bytes to the scanner (a trigger ``SYN T CR``, a config command)."""
        port = self._require_port()
        try:
            port.write(data)
            port.flush()
        except OSError as error:
            raise ScannerError(f"scanner at {self.url}: {describe_serial_error(error)}") from error

    def _require_port(self) -> serial.SerialBase:
        if self._port is None:
            raise ScannerError(f"scanner at {self.url}: not open")
        return self._port

    def _read_once(self, port: serial.SerialBase, remaining: float) -> None:
        wait = min(remaining, _POLL_INTERVAL)
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
            raise ScannerError(f"scanner at {self.url}: {describe_serial_error(error)}") from error
        self._ready.extend(self._framer.feed(data, self._clock()))
