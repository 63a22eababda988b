"""The board fits its window at the demo's sizes (beside the kiosk on a 1920 x 1080 and a
1366 x 768 screen) as on a television: no text outside the window or cut short, in both
languages of its captions. Grabbed as ``display_board_fit-SIZE-LANG.png``."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from antrean.demo_layout import demo_layout
from counter_display.core.board import OfficeHeader
from counter_display.ui.board_view import BoardView
from queue_protocol.window_geometry import WindowGeometry
from tests.gui.window_fit import fit_problems, settle
from tests.unit.display import factories as f


def _demo_board(screen: str) -> tuple[int, int]:
    place = demo_layout(WindowGeometry.model_validate(f"{screen}+0+0")).board
    return place.width, place.height


SIZES = {
    "television": (1920, 1080),
    "demo-1920x1080": _demo_board("1920x1080"),
    "demo-1366x768": _demo_board("1366x768"),
}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("language", ["id", "en"])
def test_board_view_fits_the_window(
    qtbot: QtBot, screenshot_dir: Path, size: str, language: str
) -> None:
    clock = f.FakeClock()
    view = BoardView(f.busy_board(clock), clock=clock, languages=[language])
    qtbot.addWidget(view)
    view.set_office(OfficeHeader(name="Kantor Imigrasi Kelas I Khusus TPI Jakarta Selatan"))
    view.resize(*SIZES[size])
    view.show()
    qtbot.waitUntil(view.now_calling.is_flashing)
    settle()
    view.grab().save(str(screenshot_dir / f"display_board_fit-{size}-{language}.png"))
    assert (view.width(), view.height()) == SIZES[size]
    assert fit_problems(view, moving=(view.marquee,)) == []
