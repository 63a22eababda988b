"""Look and feel: high contrast, large type, touch targets of 130 px on a 1080 px panel.

Sizes are given for the panel an orientation is designed for (1080 x 1920 portrait,
1920 x 1080 landscape) and scaled to the window, as the board's are: a kiosk panel
shows them as written, a demo window or a small tablet the same screens smaller.
Scaled, a touch target stays an eighth of the panel's short side: 15 mm or more on
any panel of 10 inches and up.
"""

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


TOUCH_PX = 130  # every touch target, at scale 1
CHOICE_PX = 190  # the big choice buttons: two lines of large type


def scaled(pixels: float, unit: float) -> int:
    """``pixels`` at scale 1, at scale ``unit`` (never under 1)."""
    return max(1, round(pixels * unit))


def scale_for(width: int, height: int, *, landscape: bool) -> float:
    """The scale at which a screen designed for its orientation's panel fits ``width``
    x ``height``."""
    base_width, base_height = (1920, 1080) if landscape else (1080, 1920)
    return min(width / base_width, height / base_height)


def touch_height(unit: float = 1.0) -> int:
    """The height of every touch target."""
    return scaled(TOUCH_PX, unit)


def choice_height(unit: float = 1.0) -> int:
    """The height the big choice buttons would like."""
    return scaled(CHOICE_PX, unit)


def style(unit: float) -> str:
    """The style sheet of every kiosk screen at scale ``unit``."""

    def px(pixels: int) -> str:
        return f"{scaled(pixels, unit)}px"

    return f"""
QWidget {{ background: {PAPER}; color: {INK}; font-family: "DejaVu Sans"; font-size: {px(34)}; }}
QLabel#title {{ font-size: {px(60)}; font-weight: bold; color: {BRAND_DARK}; }}
QLabel#line {{ font-size: {px(42)}; }}
QLabel#detail {{ font-size: {px(36)}; color: {MUTED}; }}
QLabel#notice {{ font-size: {px(34)}; background: {ACCENT}; padding: {px(12)};
    border-radius: {px(8)}; }}
QLabel#office {{ font-size: {px(34)}; font-weight: bold; color: {PAPER}; background: {BRAND}; }}
QWidget#header {{ background: {BRAND}; }}
QLabel#number {{ font-size: {px(200)}; font-weight: bold; color: {INK}; }}
QLabel#service {{ font-size: {px(56)}; font-weight: bold; }}
QLabel#status {{ font-size: {px(40)}; padding: {px(24)}; border-radius: {px(10)};
    background: {OK_BG}; }}
QLabel#status[fault="true"] {{ background: {DANGER_BG}; color: {DANGER}; font-weight: bold;
    border: {px(4)} solid {DANGER}; }}
QLabel#badge {{ font-size: {px(36)}; font-weight: bold; background: {ACCENT};
    padding: {px(8)} {px(16)}; border-radius: {px(8)}; }}
QLabel#codeEntry {{ font-size: {px(54)}; font-family: "DejaVu Sans Mono";
    border: {px(3)} solid {INK}; border-radius: {px(10)}; padding: {px(8)}; background: {PAPER}; }}
QLabel#choiceLabel {{ background: transparent; color: {PAPER}; font-size: {px(46)};
    font-weight: bold; }}
QLabel#choiceHint {{ background: transparent; color: {PAPER}; font-size: {px(34)}; }}
QLabel#choiceLabel:disabled, QLabel#choiceHint:disabled {{ color: {MUTED}; }}
QPushButton#secondary QLabel {{ color: {BRAND_DARK}; }}
QPushButton {{ background: {BRAND}; color: {PAPER}; border: none; border-radius: {px(14)};
    font-size: {px(42)}; font-weight: bold; padding: {px(12)} {px(24)}; text-align: left; }}
QPushButton:pressed {{ background: {BRAND_DARK}; }}
QPushButton:disabled {{ background: {DISABLED_BG}; color: {MUTED}; }}
QPushButton#secondary {{ background: {PAPER}; color: {BRAND_DARK}; border: {px(4)} solid {BRAND};
    text-align: center; }}
QPushButton#language {{ background: {PAPER}; color: {BRAND_DARK}; font-size: {px(36)};
    text-align: center; border-radius: {px(10)}; }}
QPushButton#key {{ font-size: {px(52)}; text-align: center; }}
QPushButton#answer {{ text-align: center; font-size: {px(46)}; color: white; }}
QPushButton#languageChoice {{ background: {PAPER}; color: {BRAND_DARK};
    border: {px(4)} solid {BRAND}; text-align: center; }}
QPushButton#languageChoice:checked {{ background: {BRAND}; color: {PAPER}; }}
QLineEdit#enrolmentCode {{ font-size: {px(30)}; font-family: "DejaVu Sans Mono";
    padding: {px(16)}; border: {px(3)} solid {INK}; border-radius: {px(10)}; }}
"""


STYLE = style(1.0)  # at the panel's own size: the technician's enrolment screen
