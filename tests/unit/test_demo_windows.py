"""The demo's watch over its windows: how each end is said, and which ends fail the demo."""

import io
import sys
from pathlib import Path

from antrean.demo_windows import DemoWindow, DemoWindows


def _window(tmp_path: Path, name: str, code: str) -> DemoWindow:
    return DemoWindow(name, [sys.executable, "-c", code], tmp_path / f"{name}.log")


def _ended(windows: DemoWindows) -> None:
    for window in windows.windows:
        assert window.process is not None
        window.process.wait(timeout=30)
    windows.report_ended()


def test_demo_windows_a_failed_window_is_said_with_the_end_of_its_log(tmp_path: Path) -> None:
    lines = "; ".join(f"print('line {n}')" for n in range(20))
    out = io.StringIO()
    windows = DemoWindows(
        [_window(tmp_path, "board", f"import sys; {lines}; sys.exit('xcb: cannot load')")], out
    )
    windows.start()
    _ended(windows)
    windows.report_ended()  # said once
    said = out.getvalue()
    assert said.count("Antrean demo: the window of board stopped with exit code 1.") == 1
    assert f"The end of {tmp_path / 'board.log'}:\n" in said
    assert "    line 19\n" in said
    assert "    xcb: cannot load\n" in said
    assert "line 8\n" not in said  # the last twelve lines, not the whole log
    assert windows.any_failed
    assert not windows.any_open


def test_demo_windows_a_closed_window_is_noted_and_fails_nothing(tmp_path: Path) -> None:
    out = io.StringIO()
    windows = DemoWindows([_window(tmp_path, "kiosk", "pass")], out)
    windows.start()
    _ended(windows)
    assert out.getvalue() == "Antrean demo: the window of kiosk was closed.\n"
    assert not windows.any_failed


def test_demo_windows_ended_by_the_demo_are_not_failures(tmp_path: Path) -> None:
    out = io.StringIO()
    windows = DemoWindows([_window(tmp_path, "feedback", "import time; time.sleep(60)")], out)
    windows.start()
    windows.end()  # SIGTERM: Python's default ends it by the signal
    assert out.getvalue() == ""
    assert not windows.any_failed
    assert not windows.any_open
