"""Paper and QR settings for a ticket printer, with no printer library imported.

These are chosen per site in ``kiosk.toml`` (or in a printer URL's query), so the
kiosk can parse its config without loading python-escpos.
"""

from enum import StrEnum
from typing import Literal

QrMode = Literal["image", "native"]
"""``image`` sends the QR as a raster (works on clones); ``native`` sends ``GS ( k``."""

QR_MODES: tuple[QrMode, ...] = ("image", "native")


class PaperWidth(StrEnum):
    """The paper roll: 58 mm (384 dots printable) or 80 mm (576 dots printable)."""

    MM58 = "58"
    MM80 = "80"

    @property
    def dots(self) -> int:
        """Printable width in dots at 203 dpi."""
        return 384 if self is PaperWidth.MM58 else 576

    @property
    def columns(self) -> int:
        """Characters per line in font A (12 dots wide)."""
        return self.dots // 12


def parse_paper(value: str) -> PaperWidth:
    """``"58"``, ``"58mm"``, ``"80"`` or ``"80mm"`` as a ``PaperWidth``.

    Raises:
        ValueError: for any other width, with a message naming the choices.
    """
    cleaned = value.strip().lower().removesuffix("mm")
    try:
        return PaperWidth(cleaned)
    except ValueError:
        raise ValueError(f"paper width {value!r}: use 58 or 80 (mm)") from None


def parse_qr_mode(value: str) -> QrMode:
    """``"image"`` or ``"native"``; raises ``ValueError`` for anything else."""
    for mode in QR_MODES:
        if value == mode:
            return mode
    raise ValueError(f"QR mode {value!r}: use image or native")
