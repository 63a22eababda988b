"""The codes a camera sees: its frames decoded for QR codes (``hardware.camera.qr``), each
code handed over once while it stays in view, as a scanner hands over one scan."""

import time
from collections import deque
from collections.abc import Callable
from time import monotonic

from hardware.camera.base import Camera
from hardware.camera.qr import decode_qr

FRAME_INTERVAL = 0.03  # about 30 frames a second at most


class RepeatFilter:
    """Drops a code read again within ``window`` seconds (a camera sees it in every frame)."""

    def __init__(self, window: float = 3.0, *, clock: Callable[[], float] = monotonic):
        self.window = window
        self._clock = clock
        self._last: tuple[str, float] | None = None

    def accept(self, text: str) -> bool:
        now = self._clock()
        if self._last is not None and self._last[0] == text and now - self._last[1] < self.window:
            return False
        self._last = (text, now)
        return True


class CameraCodeReader:
    """Reads codes from ``camera``; ``read_code`` is what a ``DeviceSupervisor`` calls.

    Raises the camera's ``CameraError`` when it cannot be opened or stops delivering frames.
    """

    def __init__(
        self,
        camera: Camera,
        *,
        repeats: RepeatFilter | None = None,
        sleep: Callable[[float], object] = time.sleep,
        clock: Callable[[], float] = monotonic,
    ) -> None:
        self.camera = camera
        self.url = camera.url
        self._repeats = repeats or RepeatFilter()
        self._sleep = sleep
        self._clock = clock
        self._pending: deque[str] = deque()

    def open(self) -> None:
        self.camera.open()

    def close(self) -> None:
        self.camera.close()

    def read_code(self, timeout: float) -> str | None:
        """Frames for up to ``timeout`` seconds until a code not just seen; None if none."""
        deadline = self._clock() + timeout
        while not self._pending:
            frame = self.camera.read_frame()
            if frame is not None:
                self._pending.extend(t for t in decode_qr(frame) if self._repeats.accept(t))
            if self._pending or self._clock() >= deadline:
                break
            self._sleep(FRAME_INTERVAL)
        return self._pending.popleft() if self._pending else None
