"""``antrean demo`` on a plain X screen (Xvfb, no window manager), as a newcomer's first
run: the kiosk, the board and the feedback screen side by side where the demo's layout
puts them, each inside the screen with a title of its own, each drawn; and, with the
xcb library Qt 6.5 needs missing, the demo names it and exits 1.

The whole screen is grabbed as ``demo-xvfb-WxH.png``.
"""

import signal
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from antrean.demo_layout import demo_layout
from queue_protocol.window_geometry import WindowGeometry
from tests.integration.test_demo import RunningDemo, running_demo, start_demo
from tests.support.processes import children, wait_until_ended
from tests.support.x_server import XWindow, grab_screen, titled_windows, x_server

pytestmark = [pytest.mark.xvfb, pytest.mark.slow]

TITLES = {
    "kiosk": "Anjungan antrean / Queue kiosk",
    "board": "Papan antrean / Queue board",
    "feedback": "Penilaian layanan loket 7 / Counter 7 feedback",
}
# A pixel near the top-left corner of each window: the kiosk's and the feedback screen's
# blue header, the board's navy background.
CORNER_COLOURS = {"kiosk": "#0a4d8c", "board": "#0a1a33", "feedback": "#0a4d8c"}


def _windows_up(display: str, demo: RunningDemo, timeout: float = 120) -> dict[str, XWindow]:
    """The three windows, by name, once all are on the screen."""
    deadline = time.monotonic() + timeout
    found: dict[str, XWindow] = {}
    while time.monotonic() < deadline:
        found = {window.title: window for window in titled_windows(display)}
        if all(title in found for title in TITLES.values()):
            return {name: found[title] for name, title in TITLES.items()}
        time.sleep(0.5)
    logs = {path.name: path.read_text(encoding="utf-8") for path in demo.data_dir.glob("*.log")}
    raise AssertionError(
        f"not all windows after {timeout} s: {sorted(found)}\n"
        f"{demo.output.read_text(encoding='utf-8')}\n{logs}"
    )


def _drawn(display: str, path: Path, places: dict[str, XWindow], timeout: float = 60) -> QImage:
    """The screen, once every window shows its own colours at its corner."""
    deadline = time.monotonic() + timeout
    while True:
        grab_screen(display, path)
        image = QImage(str(path))
        corners = {
            name: image.pixelColor(place.x + 4, place.y + 4).name()
            for name, place in places.items()
        }
        if corners == CORNER_COLOURS or time.monotonic() > deadline:
            assert corners == CORNER_COLOURS, f"see {path}"
            return image
        time.sleep(1)


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_demo_windows_side_by_side_on_a_plain_x_screen(
    tmp_path: Path, screenshot_dir: Path, size: tuple[int, int]
) -> None:
    width, height = size
    layout = demo_layout(WindowGeometry(width=width, height=height, x=0, y=0))
    expected = {"kiosk": layout.kiosk, "board": layout.board, "feedback": layout.feedback}
    with x_server(width, height) as display:
        screen = {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        with running_demo(tmp_path, screen) as demo:
            places = _windows_up(display, demo)
            assert {name: str(place) for name, place in places.items()} == {
                name: str(place) for name, place in expected.items()
            }  # where the layout puts them: without a window manager, X obeys
            path = screenshot_dir / f"demo-xvfb-{width}x{height}.png"
            image = _drawn(display, path, places)
            assert (image.width(), image.height()) == size
            assert image.pixelColor(width - 1, height - 1) != QColor("#000000")  # all used
            demo.process.send_signal(signal.SIGINT)
            assert demo.process.wait(timeout=30) == 0
            assert wait_until_ended(demo.windows) == []


def test_demo_fullscreen_windows_fill_the_screen_without_a_window_manager(
    tmp_path: Path,
) -> None:
    """As on a kiosk PC: no window manager makes them full screen, so each app must."""
    with x_server(1366, 768) as display:
        screen = {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        with running_demo(tmp_path, screen, "--fullscreen") as demo:
            places = _windows_up(display, demo)
            assert {str(place) for place in places.values()} == {"1366x768+0+0"}
            demo.process.send_signal(signal.SIGINT)
            assert demo.process.wait(timeout=30) == 0


def test_demo_without_the_xcb_cursor_library_names_it_and_exits_1(tmp_path: Path) -> None:
    unloadable = tmp_path / "lib"
    unloadable.mkdir()
    (unloadable / "libxcb-cursor.so.0").write_bytes(b"")  # as if the package were missing
    with x_server() as display:
        screen = {
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "LD_LIBRARY_PATH": str(unloadable),
        }
        _, process = start_demo(tmp_path / "demo", tmp_path / "demo.out", screen)
        try:
            code = process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
    shown = (tmp_path / "demo.out").read_text(encoding="utf-8")
    assert code == 1
    assert f"no window can open on this screen (DISPLAY={display})" in shown
    assert "xcb-cursor0 or libxcb-cursor0 is needed" in shown
    assert children(process.pid) == []
