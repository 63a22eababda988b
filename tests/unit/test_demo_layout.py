"""The demo's three windows on one screen: inside it, side by side, never on top of each
other, the kiosk in portrait beside the board."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from antrean.demo_layout import demo_layout
from kiosk_app.config import SIMULATED_PANEL_WIDTH
from queue_protocol.window_geometry import WindowGeometry


def _inside(window: WindowGeometry, screen: WindowGeometry) -> bool:
    return (
        (screen.x or 0) <= (window.x or 0)
        and (screen.y or 0) <= (window.y or 0)
        and window.right <= screen.right
        and window.bottom <= screen.bottom
    )


def _apart(first: WindowGeometry, second: WindowGeometry) -> bool:
    return (
        first.right <= (second.x or 0)
        or second.right <= (first.x or 0)
        or first.bottom <= (second.y or 0)
        or second.bottom <= (first.y or 0)
    )


def test_demo_layout_on_a_full_hd_screen() -> None:
    layout = demo_layout(WindowGeometry.model_validate("1920x1080+0+0"))
    assert str(layout.kiosk) == "828x1080+0+0"  # a 608 x 1080 kiosk and its devices
    assert str(layout.board) == "1092x614+828+0"  # 16:9 beside it
    assert str(layout.feedback) == "1092x466+828+614"  # under the board


@given(
    width=st.integers(640, 7680),
    height=st.integers(400, 4320),
    x=st.integers(0, 4000),
    y=st.integers(0, 100),
)
def test_demo_layout_windows_inside_the_screen_and_apart(
    width: int, height: int, x: int, y: int
) -> None:
    screen = WindowGeometry(width=width, height=height, x=x, y=y)
    layout = demo_layout(screen)
    windows = (layout.kiosk, layout.board, layout.feedback)
    assert all(_inside(window, screen) for window in windows)
    assert _apart(layout.kiosk, layout.board)
    assert _apart(layout.kiosk, layout.feedback)
    assert _apart(layout.board, layout.feedback)
    kiosk_width = layout.kiosk.width - SIMULATED_PANEL_WIDTH
    assert kiosk_width < layout.kiosk.height  # portrait


def test_demo_layout_refuses_a_screen_too_small() -> None:
    with pytest.raises(ValueError, match="too small"):
        demo_layout(WindowGeometry.model_validate("600x400+0+0"))
