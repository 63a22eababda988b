"""A barcode/QR scanner on a serial port (RS-232, USB CDC-ACM "COM emulation", TCP)."""

import time
from collections.abc import Callable

from hardware.scanner.base import ScannerError
from hardware.scanner.framing import ScanFramer, Suffix
from hardware.serial_frames import SerialFrameReader


class ScannerConfigError(ScannerError):
    """A scanner URL or setting that retrying will not fix."""


class SerialCodeScanner(SerialFrameReader):
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

    device_name = "scanner"
    device_error = ScannerError
    config_error = ScannerConfigError

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
        framer = ScanFramer(suffix, silence_gap=silence_gap, strip_aim=strip_aim)
        super().__init__(url, framer, default_baudrate=default_baudrate, clock=clock)

    def read_scan(self, timeout: float) -> str | None:
        """Block up to ``timeout`` seconds for one scan; None if none came.

        Raises:
            ScannerError: the port is closed or the device went away (re-open it).
        """
        return self.read_frame(timeout)
