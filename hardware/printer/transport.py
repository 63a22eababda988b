"""Moving rendered bytes to a printer: the transport interface, TCP and write-only files.

Invariants:
- No I/O in constructors; ``open`` connects, ``close`` is safe to call twice.
- ``write`` and ``query`` raise ``OSError`` when the link is gone; ``query`` returns
  ``b""`` when the printer stays silent for the timeout (a short one: 3 s by default,
  never python-escpos' 60 s).
- Before a query, stale bytes (late answers to earlier queries) are thrown away, so an
  answer is never matched to the wrong question.
"""

import os
import socket
from typing import BinaryIO, Protocol

DEFAULT_TIMEOUT = 3.0


class PrinterTransport(Protocol):
    """A byte link to one printer."""

    reads_status: bool
    """False for write-only links (``file://``): status is then unknown, never OK."""

    def open(self) -> None:
        """Connect or open the device; raises ``OSError`` when it cannot."""
        ...

    def close(self) -> None:
        """Disconnect; safe when not open."""
        ...

    def write(self, data: bytes) -> None:
        """Send all of ``data``; raises ``OSError`` when the link is gone."""
        ...

    def query(self, request: bytes, timeout: float | None = None) -> bytes:
        """Send a real-time request; its one-byte answer, or ``b""`` on silence.

        ``timeout`` overrides the link's status timeout for this one query.
        """
        ...


class TcpTransport:
    """A raw TCP (JetDirect, port 9100) link with short connect and read timeouts."""

    reads_status = True

    def __init__(self, host: str, port: int = 9100, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self._socket: socket.socket | None = None

    def open(self) -> None:
        """Connect within ``timeout`` seconds."""
        if self._socket is None:
            self._socket = socket.create_connection((self.host, self.port), timeout=self.timeout)
            self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def close(self) -> None:
        """Close the connection."""
        sock, self._socket = self._socket, None
        if sock is not None:
            sock.close()

    def write(self, data: bytes) -> None:
        """Send ``data``; a peer that does not take it within ``timeout`` raises ``OSError``."""
        self._require().sendall(data)

    def query(self, request: bytes, timeout: float | None = None) -> bytes:
        """Send ``request`` and wait up to ``timeout`` (default: the link's) for one byte.

        Raises:
            ConnectionError: the printer closed the connection.
        """
        sock = self._require()
        self._drain(sock)
        sock.sendall(request)
        sock.settimeout(timeout or self.timeout)
        try:
            reply = sock.recv(1)
        except TimeoutError:
            return b""
        finally:
            sock.settimeout(self.timeout)
        if not reply:
            raise ConnectionResetError("the printer closed the connection")
        return reply

    def _drain(self, sock: socket.socket) -> None:
        sock.setblocking(False)
        try:
            while True:
                stale = sock.recv(64)
                if not stale:
                    raise ConnectionResetError("the printer closed the connection")
        except BlockingIOError:
            pass
        finally:
            sock.settimeout(self.timeout)

    def _require(self) -> socket.socket:
        if self._socket is None:
            raise ConnectionError("not connected: call open() first")
        return self._socket


class FileTransport:
    """A write-only device file (``/dev/usb/lp0``, a parallel port): no status at all."""

    reads_status = False

    def __init__(self, path: str) -> None:
        self.path = path
        self._file: BinaryIO | None = None

    def open(self) -> None:
        """Open the device for writing (it must exist: a printer file is never created)."""
        if self._file is None:
            descriptor = os.open(self.path, os.O_WRONLY)  # no O_CREAT: a typo must fail
            self._file = os.fdopen(descriptor, "wb", buffering=0)

    def close(self) -> None:
        """Close the device file."""
        file, self._file = self._file, None
        if file is not None:
            file.close()

    def write(self, data: bytes) -> None:
        """Write all of ``data`` to the device."""
        if self._file is None:
            raise OSError("not open: call open() first")
        view = memoryview(data)
        while view:
            written = self._file.write(view) or 0
            view = view[written:]

    def query(self, request: bytes, timeout: float | None = None) -> bytes:
        """A write-only device never answers."""
        return b""
