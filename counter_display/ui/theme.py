"""Colours and type of the board: huge, high-contrast, readable from 10 metres.

Sizes are given for a 1080-pixel short side and scaled to the real screen, so a
1366x768 TV shows the same board, smaller. The number of the call is the
largest thing on screen; nothing a visitor must read is under ~40 px at 1080.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

BACKGROUND = "#0a1a33"
PANEL = "#12284d"
PANEL_EDGE = "#2a4a7f"
TEXT = "#ffffff"
MUTED = "#b8c7e0"
ACCENT = "#ffd21f"  # the called number: yellow on navy, about 12:1 contrast
FLASH_BACKGROUND = "#ffd21f"
FLASH_TEXT = "#0a1a33"
WARNING = "#ff8a3d"

FAMILY = "DejaVu Sans"
FAMILY_CONDENSED = "DejaVu Sans Condensed"


def plain_label(parent: QWidget | None = None) -> QLabel:
    """A label that shows its text as it is: a running text or an office name that holds
    ``<`` or ``&`` is drawn character for character, never read as markup (a kiosk's
    fault text or an announcement is not trusted to be HTML)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def font(pixels: float, *, bold: bool = True, condensed: bool = False) -> QFont:
    """A font ``pixels`` high (at least 8), bold by default."""
    result = QFont(FAMILY_CONDENSED if condensed else FAMILY)
    result.setPixelSize(max(8, round(pixels)))
    result.setBold(bold)
    return result


def label_style(colour: str, background: str = "transparent") -> str:
    """A label's style sheet: ``colour`` text on ``background``."""
    return f"color: {colour}; background: {background};"


def scaled(pixels: float, unit: float) -> int:
    """A gap or an edge of ``pixels`` at a 1080-pixel short side, at scale ``unit``."""
    return max(1, round(pixels * unit))


def panel_style(object_name: str, border: float, radius: float, unit: float) -> str:
    """A panel's style sheet: ``border`` and ``radius`` pixels at a 1080-pixel short side."""
    return (
        f"#{object_name} {{ background: {PANEL}; border: {scaled(border, unit)}px solid"
        f" {PANEL_EDGE}; border-radius: {scaled(radius, unit)}px; }}"
    )
