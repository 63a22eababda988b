"""Look and feel: high contrast, large type, touch targets of at least 15 mm.

Sizes are in device pixels computed from the screen's physical DPI, with a
floor, so a button is never smaller than 15 mm on a real kiosk panel and never
tiny on a high-DPI test screen.
"""

from PySide6.QtGui import QGuiApplication

MIN_TOUCH_MM = 15.0
INK = "#0b1f33"  # near-black navy on white: contrast ratio > 15:1
PAPER = "#ffffff"
BRAND = "#0a4d8c"  # immigration blue, white text 8.6:1
BRAND_DARK = "#073863"
ACCENT = "#fbd34d"  # yellow focus/priority badge, with INK text
MUTED = "#33475b"
DANGER = "#9b1c1c"
DANGER_BG = "#fde8e8"
DISABLED_BG = "#e5e9ef"
OK_BG = "#e7f5ec"


def mm_to_px(mm: float, floor: int = 0) -> int:
    """``mm`` millimetres in pixels on the primary screen (at least ``floor``)."""
    screen = QGuiApplication.primaryScreen()
    dpi = screen.physicalDotsPerInch() if screen is not None else 96.0
    if not 50 <= dpi <= 600:  # virtual screens report nonsense; assume a 21.5" panel
        dpi = 102.0
    return max(floor, round(mm / 25.4 * dpi))


def touch_height() -> int:
    """The height of every touch target: 15 mm, and never under 130 px."""
    return mm_to_px(MIN_TOUCH_MM, floor=130)


def choice_height() -> int:
    """The big choice buttons: 25 mm, never under 190 px (two lines of large type)."""
    return mm_to_px(25.0, floor=190)


STYLE = f"""
QWidget {{ background: {PAPER}; color: {INK}; font-family: "DejaVu Sans"; font-size: 34px; }}
QLabel#title {{ font-size: 60px; font-weight: bold; color: {BRAND_DARK}; }}
QLabel#line {{ font-size: 42px; }}
QLabel#detail {{ font-size: 36px; color: {MUTED}; }}
QLabel#notice {{ font-size: 34px; background: {ACCENT}; padding: 12px; border-radius: 8px; }}
QLabel#office {{ font-size: 34px; font-weight: bold; color: {PAPER}; background: {BRAND}; }}
QWidget#header {{ background: {BRAND}; }}
QLabel#number {{ font-size: 200px; font-weight: bold; color: {INK}; }}
QLabel#service {{ font-size: 56px; font-weight: bold; }}
QLabel#status {{ font-size: 40px; padding: 24px; border-radius: 10px; background: {OK_BG}; }}
QLabel#status[fault="true"] {{ background: {DANGER_BG}; color: {DANGER}; font-weight: bold;
    border: 4px solid {DANGER}; }}
QLabel#badge {{ font-size: 36px; font-weight: bold; background: {ACCENT}; padding: 8px 16px;
    border-radius: 8px; }}
QLabel#codeEntry {{ font-size: 54px; font-family: "DejaVu Sans Mono"; border: 3px solid {INK};
    border-radius: 10px; padding: 8px; background: {PAPER}; }}
QPushButton {{ background: {BRAND}; color: {PAPER}; border: none; border-radius: 14px;
    font-size: 42px; font-weight: bold; padding: 12px 24px; text-align: left; }}
QPushButton:pressed {{ background: {BRAND_DARK}; }}
QPushButton:disabled {{ background: {DISABLED_BG}; color: {MUTED}; }}
QPushButton#secondary {{ background: {PAPER}; color: {BRAND_DARK}; border: 4px solid {BRAND};
    text-align: center; }}
QPushButton#language {{ background: {PAPER}; color: {BRAND_DARK}; font-size: 36px;
    text-align: center; border-radius: 10px; }}
QPushButton#key {{ font-size: 52px; text-align: center; }}
QPushButton#answer {{ text-align: center; font-size: 40px; }}
QPushButton#languageChoice {{ background: {PAPER}; color: {BRAND_DARK}; border: 4px solid {BRAND};
    text-align: center; }}
QPushButton#languageChoice:checked {{ background: {BRAND}; color: {PAPER}; }}
QLineEdit#enrolmentCode {{ font-size: 30px; font-family: "DejaVu Sans Mono"; padding: 16px;
    border: 3px solid {INK}; border-radius: 10px; }}
QPushButton#sim {{ font-size: 18px; padding: 6px; background: {MUTED}; text-align: center; }}
"""
