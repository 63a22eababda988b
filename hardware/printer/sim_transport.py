"""The ``sim://`` transport: bytes go straight into an in-process ``SimulatedPrinter``.

It behaves like a network link: offline, ``open`` is refused and queries go unanswered.
"""

from hardware.printer.fake import PrinterSession, SimulatedPrinter


class SimTransport:
    """A byte link to a ``SimulatedPrinter`` in this process."""

    reads_status = True

    def __init__(self, printer: SimulatedPrinter) -> None:
        self.printer = printer
        self._session: PrinterSession | None = None

    def open(self) -> None:
        """Connect; refused while the simulated printer is offline."""
        if self.printer.offline:
            raise ConnectionRefusedError("connection refused (simulated printer offline)")
        if self._session is None:
            self._session = self.printer.session()

    def close(self) -> None:
        """Disconnect."""
        self._session = None

    def write(self, data: bytes) -> None:
        """Hand ``data`` to the printer (answers to status requests inside it are dropped)."""
        self._require().feed(data)

    def query(self, request: bytes, timeout: float | None = None) -> bytes:
        """Send ``request``; the printer's one-byte answer, ``b""`` when it is silent."""
        return self._require().feed(request)[-1:]

    def _require(self) -> PrinterSession:
        if self._session is None:
            raise ConnectionError("not connected: call open() first")
        return self._session
