"""Sample inputs for the demo's simulated devices and the tests.

The passports are made up (ICAO's fictional state "UTO"), built with correct
check digits relative to ``today``: a holder aged 65, one aged 30, an expired
passport, and a garbled read. Their names are placeholders and are never shown.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from time import monotonic

import numpy as np
import qrcode

from hardware.camera.base import Frame
from queue_protocol.mrz import check_digit


def _yymmdd(day: date) -> str:
    return f"{day:%y%m%d}"


def make_td3(*, number: str, birth: date, expiry: date, sex: str = "F") -> str:
    """A valid passport MRZ (TD3, 2 x 44) with the given dates."""
    top = "P<UTOSAMPLE<<VISITOR".ljust(44, "<")
    doc = number.ljust(9, "<")[:9]
    parts = [doc + str(check_digit(doc)), "UTO"]
    parts.append(_yymmdd(birth) + str(check_digit(_yymmdd(birth))))
    parts.append(sex)
    parts.append(_yymmdd(expiry) + str(check_digit(_yymmdd(expiry))))
    personal = "<" * 14
    parts.append(personal + "<")
    body = "".join(parts)
    composite = body[0:10] + body[13:20] + body[21:43]
    return f"{top}\n{body}{check_digit(composite)}"


def _years_before(today: date, years: int) -> date:
    return today.replace(year=today.year - years, day=min(today.day, 28))


@dataclass(frozen=True)
class SamplePassports:
    """The demo's passports for ``today``."""

    senior: str
    adult: str
    expired: str
    garbled: str

    @classmethod
    def for_day(cls, today: date) -> "SamplePassports":
        valid_until = today.replace(year=today.year + 5, day=min(today.day, 28))
        adult = make_td3(number="X1234567", birth=_years_before(today, 30), expiry=valid_until)
        garbled = adult.replace("X1234567", "X1Z34567", 1)  # a misread digit: check fails
        return cls(
            senior=make_td3(number="S6500001", birth=_years_before(today, 65), expiry=valid_until),
            adult=adult,
            expired=make_td3(
                number="E0000001",
                birth=_years_before(today, 40),
                expiry=_years_before(today, 1),
            ),
            garbled=garbled,
        )


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
