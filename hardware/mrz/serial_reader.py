"""A dedicated MRZ reader (DESKO, 3M/Thales, Honeywell OCR mode) on a serial port."""

import time
from collections.abc import Callable

from hardware.mrz.base import MrzReaderConfigError, MrzReaderError
from hardware.mrz.framing import MrzFramer
from hardware.serial_frames import SerialFrameReader


class _TimedMrzFramer:
    """``MrzFramer`` that drops the rest of a document once the reader has been silent
    for ``frame_timeout`` seconds mid-frame (a document pulled out half read)."""

    def __init__(self, frame_timeout: float) -> None:
        self.frames = MrzFramer()
        self._frame_timeout = frame_timeout
        self._last_byte_at = 0.0

    def reset(self) -> None:
        self.frames = MrzFramer()

    def feed(self, data: bytes, now: float) -> list[str]:
        if not data:
            return []
        if now - self._last_byte_at > self._frame_timeout:
            self.frames.reset()  # the rest of a frame that never finished
        self._last_byte_at = now
        return self.frames.feed(data)

    def next_deadline(self) -> float | None:
        return None


class SerialMrzReader(SerialFrameReader):
    """An ``MrzReader`` on a serial device URL; any of the three framings is understood.

    Args:
        url: ``serial:///dev/ttyUSB0?baudrate=9600``, a device path, ``loop://`` or
            ``socket://host:port``.
        default_baudrate: used when the URL names none.
        frame_timeout: a partial document older than this many seconds is dropped.
        clock: a monotonic clock, injectable for tests.
    """

    device_name = "MRZ reader"
    device_error = MrzReaderError
    config_error = MrzReaderConfigError

    def __init__(
        self,
        url: str,
        *,
        default_baudrate: int = 9600,
        frame_timeout: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._mrz_framer = _TimedMrzFramer(frame_timeout)
        super().__init__(url, self._mrz_framer, default_baudrate=default_baudrate, clock=clock)

    @property
    def rejected_frames(self) -> int:
        """Frames dropped for a wrong BCC or excess length since ``open``."""
        return self._mrz_framer.frames.rejected

    def read_mrz(self, timeout: float) -> str | None:
        """Block up to ``timeout`` seconds for one document's raw MRZ lines.

        Raises:
            MrzReaderError: the port is closed or the device went away.
        """
        return self.read_frame(timeout)
