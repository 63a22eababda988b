"""A simulated camera fed from image files (ships in the product for the demo).

URLs:
- ``file:///path/img.png``: that one image, over and over;
- ``sim:///path/to/folder``: every image in the folder, sorted by name, looping;
- ``sim://``: generated frames of a booking QR code (``hardware.camera.qr_frames``).

A ``fps`` query (``sim:///dir?fps=30``) paces frames like a real camera:
``read_frame`` returns None until the next frame is due on the injected clock.
"""

import time
from collections.abc import Callable
from pathlib import Path
from typing import Self
from urllib.parse import parse_qs, unquote, urlsplit

import cv2

from hardware.camera.base import CameraError, Frame
from hardware.camera.qr import as_frame
from hardware.camera.qr_frames import CATEGORIES, make_frame

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".pgm"})


class FakeCamera:
    """A ``Camera`` whose frames come from files (or from the QR frame generator).

    Args:
        url: ``file:///img.png``, ``sim:///folder`` or ``sim://`` (optionally ``?fps=N``).
        clock: a monotonic clock for pacing, injectable for tests.
    """

    def __init__(self, url: str, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.url = url
        self._clock = clock
        self._frames: list[Frame] = []
        self._next = 0
        self._due = 0.0
        self._interval = 0.0
        self._opened = False

    def open(self) -> None:
        """Load the images. Raises ``CameraError`` when there is none to show."""
        parts = urlsplit(self.url)
        if parts.scheme not in ("file", "sim"):
            raise CameraError(f"camera at {self.url}: not a file:// or sim:// URL")
        self._interval = _frame_interval(self.url, parts.query)
        path = Path(unquote(parts.path)) if parts.path else None
        if path is None:
            self._frames = [make_frame(category, 0).image for category in CATEGORIES]
        else:
            self._frames = [_load(self.url, file) for file in _image_files(self.url, path)]
        self._next = 0
        self._due = self._clock()
        self._opened = True

    def close(self) -> None:
        """Release the frames; safe to call twice."""
        self._frames = []
        self._opened = False

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def read_frame(self) -> Frame | None:
        """The next image (a copy, so callers may draw on it), or None if not yet due."""
        if not self._opened:
            raise CameraError(f"camera at {self.url}: not open")
        if self._interval:
            now = self._clock()
            if now < self._due:
                return None
            self._due = max(self._due + self._interval, now)
        frame = self._frames[self._next].copy()
        self._next = (self._next + 1) % len(self._frames)
        return frame


def _frame_interval(url: str, query: str) -> float:
    values = parse_qs(query).get("fps")
    if not values:
        return 0.0
    try:
        fps = float(values[0])
    except ValueError:
        fps = 0.0
    if fps <= 0:
        raise CameraError(f"camera at {url}: fps must be a positive number")
    return 1.0 / fps


def _image_files(url: str, path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise CameraError(f"camera at {url}: no such file or folder")
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if not files:
        raise CameraError(f"camera at {url}: the folder has no images")
    return files


def _load(url: str, file: Path) -> Frame:
    image = cv2.imread(str(file), cv2.IMREAD_COLOR)
    if image is None:
        raise CameraError(f"camera at {url}: cannot read image {file.name}")
    return as_frame(image)
