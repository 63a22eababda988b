"""A serial ESC/POS printer, opened with ``serial.serial_for_url``.

Because pyserial URLs are accepted, ``loop://``, ``socket://host:port`` and pty paths
work as well as ``/dev/ttyUSB0``. Status answers are read one byte at a time with a
short timeout, not python-escpos' ``read(16)`` that always waits its full second.
"""

import serial

from hardware.scanner.ports import SerialTarget, open_serial_port

STATUS_TIMEOUT = 0.5
WRITE_TIMEOUT = 5.0


class SerialTransport:
    """A byte link over a serial port (or any pyserial URL)."""

    reads_status = True

    def __init__(self, target: SerialTarget, *, timeout: float = STATUS_TIMEOUT) -> None:
        self.target = target
        self.timeout = timeout
        self._port: serial.SerialBase | None = None

    def open(self) -> None:
        """Open the port; raises ``OSError`` (``SerialException`` is one) when it cannot."""
        if self._port is None:
            self._port = open_serial_port(self.target, timeout=self.timeout)
            self._port.write_timeout = WRITE_TIMEOUT

    def close(self) -> None:
        """Close the port."""
        port, self._port = self._port, None
        if port is not None:
            sock = getattr(port, "_socket", None)
            port.close()
            if sock is not None:  # pyserial's socket:// skips close() when shutdown() fails
                sock.close()

    def write(self, data: bytes) -> None:
        """Send ``data``; a port that does not take it in time raises ``OSError``.

        The time allowed grows with the bytes: 20 kB take 10 s to leave at 19200 baud.
        """
        port = self._require()
        port.write_timeout = WRITE_TIMEOUT + len(data) * 10 / (port.baudrate or 9600)
        port.write(data)
        port.flush()

    def query(self, request: bytes, timeout: float | None = None) -> bytes:
        """Send ``request`` and read at most one byte within ``timeout`` (default: ours)."""
        port = self._require()
        port.reset_input_buffer()  # stale answers to queries that timed out
        port.write(request)
        port.flush()
        port.timeout = timeout or self.timeout
        try:
            reply: bytes = port.read(1)
        finally:
            port.timeout = self.timeout
        return reply

    def _require(self) -> serial.SerialBase:
        if self._port is None:
            raise serial.SerialException("not open: call open() first")
        return self._port
