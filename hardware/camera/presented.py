"""The kiosk's simulated camera (``sim://``): a blank view until a code is held up to it.
The demo's panel and the tests hold up a code; the kiosk decodes the real pixels."""

from collections.abc import Callable
from time import monotonic

import numpy as np
import qrcode

from hardware.camera.base import Frame


class PresentedCodeCamera:
    """A ``Camera`` for ``sim://`` at the kiosk: a blank view until a code is held up.

    ``present(text)`` shows ``text`` as a QR code for ``frames`` frames, like a phone
    held in front of the lens; the kiosk decodes the real pixels.
    """

    def __init__(
        self, url: str = "sim://", *, frames: int = 3, clock: Callable[[], float] = monotonic
    ):
        self.url = url
        self._frames = frames
        self._left = 0
        self._image: Frame | None = None
        self._blank: Frame = np.full((480, 640), 255, dtype=np.uint8)
        self._clock = clock

    def open(self) -> None:
        """Nothing to open."""

    def close(self) -> None:
        """Nothing to close."""

    def present(self, text: str) -> None:
        """Hold ``text`` up to the camera as a QR code."""
        code = qrcode.QRCode(border=4)
        code.add_data(text)
        code.make(fit=True)
        modules = np.array(code.get_matrix(), dtype=bool)
        scale = max(2, 400 // modules.shape[0])
        image = np.where(np.kron(modules, np.ones((scale, scale), dtype=bool)), 0, 255)
        frame = self._blank.copy()
        height, width = image.shape
        frame[40 : 40 + height, 120 : 120 + width] = image[: 480 - 40, : 640 - 120]
        self._image = frame
        self._left = self._frames

    def read_frame(self) -> Frame | None:
        """The held-up code while it is shown, else a blank frame."""
        if self._left > 0 and self._image is not None:
            self._left -= 1
            return self._image.copy()
        return self._blank
