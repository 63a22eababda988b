"""Cameras: frames as numpy arrays (BGR or grey), decoded for QR codes elsewhere."""

from typing import Protocol

import numpy as np
import numpy.typing as npt

Frame = npt.NDArray[np.uint8]


class CameraError(Exception):
    """A camera that cannot be opened or stopped delivering frames."""


class Camera(Protocol):
    url: str

    def open(self) -> None: ...

    def close(self) -> None: ...

    def read_frame(self) -> Frame | None:
        """The next frame, or None when none is available right now."""
        ...
