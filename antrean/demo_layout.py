"""Where the demo's windows go on one screen, side by side so a newcomer sees all three.

The kiosk stands in portrait at the left, as tall as the screen allows (and no wider
than half of it), with its column of simulated devices; the board takes the rest of
the width in 16:9; the feedback screen goes under the board, in what height is left.
Each window is drawn to its own scale, so all of them fit: no window leaves the screen
and none covers another.
"""

from dataclasses import dataclass

from kiosk_app.config import SIMULATED_PANEL_WIDTH
from queue_protocol.window_geometry import WindowGeometry

KIOSK_ASPECT = 9 / 16  # width over height of a portrait kiosk panel
BOARD_ASPECT = 16 / 9  # a landscape television
SMALLEST_SCREEN = WindowGeometry(width=640, height=400)


@dataclass(frozen=True)
class DemoLayout:
    """One window geometry per demo window; ``kiosk`` includes the simulated devices."""

    kiosk: WindowGeometry
    board: WindowGeometry
    feedback: WindowGeometry


def demo_layout(screen: WindowGeometry) -> DemoLayout:
    """The three windows inside ``screen`` (a screen's area free of panels and docks)."""
    if screen.width < SMALLEST_SCREEN.width or screen.height < SMALLEST_SCREEN.height:
        raise ValueError(f"a screen of {screen.width}x{screen.height} is too small for the demo")
    left, top = screen.x or 0, screen.y or 0
    kiosk_width = min(
        round(screen.height * KIOSK_ASPECT), screen.width // 2 - SIMULATED_PANEL_WIDTH
    )
    kiosk_height = min(screen.height, round(kiosk_width / KIOSK_ASPECT))
    shell_width = kiosk_width + SIMULATED_PANEL_WIDTH
    rest = screen.width - shell_width
    board_height = min(round(rest / BOARD_ASPECT), screen.height * 3 // 5)
    feedback_height = min(screen.height - board_height, round(rest / BOARD_ASPECT))
    right = left + shell_width
    return DemoLayout(
        kiosk=_place(shell_width, kiosk_height, left, top),
        board=_place(rest, board_height, right, top),
        feedback=_place(rest, feedback_height, right, top + board_height),
    )


def _place(width: int, height: int, x: int, y: int) -> WindowGeometry:
    return WindowGeometry(width=width, height=height, x=x, y=y)
