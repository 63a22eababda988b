"""A real camera through OpenCV's VideoCapture (V4L2 on Linux).

URLs:
- ``v4l2:///dev/video0`` (prefer ``/dev/v4l/by-id/...``, stable across re-plugs);
- ``cv:0``: a device index; ``cv:/path/clip.avi``: a video file or any string
  ``cv2.VideoCapture`` accepts (useful for replaying a recording);
- optional query ``?width=1280&height=720&fps=30`` asks the driver for a mode.
"""

from typing import Self
from urllib.parse import parse_qsl, unquote, urlsplit

import cv2

from hardware.camera.base import CameraError, Frame
from hardware.camera.qr import as_frame

_PROPERTIES = {
    "width": cv2.CAP_PROP_FRAME_WIDTH,
    "height": cv2.CAP_PROP_FRAME_HEIGHT,
    "fps": cv2.CAP_PROP_FPS,
}


class OpenCvCamera:
    """A ``Camera`` backed by ``cv2.VideoCapture``.

    ``read_frame`` blocks until the driver delivers the next frame (at most one
    frame period); it returns None when a frame could not be grabbed, and raises
    ``CameraError`` after ``max_failures`` misses in a row (camera unplugged).
    """

    def __init__(self, url: str, *, max_failures: int = 30) -> None:
        self.url = url
        self._max_failures = max_failures
        self._capture: cv2.VideoCapture | None = None
        self._failures = 0

    def open(self) -> None:
        """Open the device. Raises ``CameraError`` if it cannot be opened."""
        if self._capture is not None:
            return
        source, api, settings = _parse(self.url)
        capture = cv2.VideoCapture(source, api)
        if not capture.isOpened():
            capture.release()
            raise CameraError(f"camera at {self.url}: cannot open (no such device, or busy)")
        for name, value in settings.items():
            capture.set(_PROPERTIES[name], value)
        self._capture = capture
        self._failures = 0

    def close(self) -> None:
        """Release the device; safe to call twice."""
        capture, self._capture = self._capture, None
        if capture is not None:
            capture.release()

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def read_frame(self) -> Frame | None:
        """The next frame (BGR), or None if none could be grabbed this time."""
        if self._capture is None:
            raise CameraError(f"camera at {self.url}: not open")
        ok, frame = self._capture.read()
        if not ok or frame is None:
            self._failures += 1
            if self._failures >= self._max_failures:
                raise CameraError(f"camera at {self.url}: stopped delivering frames")
            return None
        self._failures = 0
        return as_frame(frame)


def _parse(url: str) -> tuple[str | int, int, dict[str, float]]:
    parts = urlsplit(url)
    settings: dict[str, float] = {}
    for key, value in parse_qsl(parts.query):
        if key not in _PROPERTIES:
            raise CameraError(f"camera at {url}: unknown setting {key!r}")
        try:
            settings[key] = float(value)
        except ValueError as error:
            raise CameraError(f"camera at {url}: {key}={value!r} is not a number") from error
    if parts.scheme == "v4l2":
        device = unquote(parts.path or parts.netloc)
        if not device:
            raise CameraError(f"camera at {url}: no device; try v4l2:///dev/video0")
        return device, cv2.CAP_V4L2, settings
    if parts.scheme == "cv":
        target = unquote(url[3:].split("?", 1)[0])
        return (int(target) if target.isdigit() else target), cv2.CAP_ANY, settings
    raise CameraError(f"camera at {url}: not a v4l2:// or cv: URL")
