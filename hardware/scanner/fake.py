"""A simulated serial scanner on a pseudo-terminal (ships in the product for the demo).

The application opens ``device_path`` with ``SerialCodeScanner`` like a real
``/dev/ttyACM0``; ``scan`` sends a code with the configured suffix and prefix.
"""

from typing import Self

from hardware.scanner.framing import Suffix, encode_scan
from hardware.scanner.pty_port import PseudoTerminal


class FakeSerialScanner:
    """A scanner simulator speaking real bytes over a pty.

    Args:
        suffix: what follows each code (``Suffix.NONE`` sends nothing, like a scanner
            whose suffix is off).
        aim_prefix: an AIM identifier to put before each code, e.g. ``"]Q1"``.
    """

    def __init__(self, *, suffix: Suffix = Suffix.CR, aim_prefix: str = "") -> None:
        self.suffix = suffix
        self.aim_prefix = aim_prefix
        self._pty = PseudoTerminal()

    @property
    def device_path(self) -> str:
        """The path the application opens (empty until ``open``)."""
        return self._pty.device_path

    def open(self) -> None:
        """Plug the simulated scanner in."""
        self._pty.open()

    def close(self) -> None:
        """Unplug it; an application reading the port sees the device disappear."""
        self._pty.close()

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def scan(self, text: str, *, split_at: int | None = None) -> None:
        """Send one scan; ``split_at`` cuts the bytes into two writes at that offset."""
        data = encode_scan(text, self.suffix, aim_prefix=self.aim_prefix)
        if split_at is None:
            self._pty.write(data)
        else:
            self._pty.write(data[:split_at])
            self._pty.write(data[split_at:])

    def send_raw(self, data: bytes) -> None:
        """Send arbitrary bytes (noise, a half scan) to test the application's framing."""
        self._pty.write(data)

    def received(self, timeout: float) -> bytes:
        """Bytes the application sent to the scanner (trigger or config commands)."""
        return self._pty.read(timeout)
