"""A private X server (Xvfb) for tests that need the real X11 platform, its windows as
``xwininfo`` lists them, and a picture of its whole screen.

Offscreen Qt hides what only a real display shows: a missing xcb library, where a window
lands, what its title is.
"""

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

_WINDOW = re.compile(
    r'^\s*0x[0-9a-f]+ "(?P<title>[^"]*)": \((?P<classes>[^)]*)\)\s+'
    r"(?P<width>\d+)x(?P<height>\d+)\+-?\d+\+-?\d+\s+\+(?P<x>-?\d+)\+(?P<y>-?\d+)"
)


@dataclass(frozen=True)
class XWindow:
    """A top-level window: its title and where it is on the screen."""

    title: str
    width: int
    height: int
    x: int
    y: int

    def __str__(self) -> str:
        return f"{self.width}x{self.height}+{self.x}+{self.y}"


@contextmanager
def x_server(width: int = 1920, height: int = 1080) -> Iterator[str]:
    """Xvfb with one screen of ``width`` x ``height``, no window manager; its display
    name (":N"). Skips the test where Xvfb is not installed."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()
    try:
        assert number, "Xvfb did not report a display"
        yield f":{number}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def titled_windows(display: str) -> list[XWindow]:
    """The mapped top-level windows of ``display`` that have a title of their own (Qt's
    helper windows, titled after the program, have a class but no size worth showing)."""
    xwininfo = shutil.which("xwininfo")
    if xwininfo is None:
        pytest.skip("xwininfo is not installed (apt-get install x11-utils)")
    listing = subprocess.run(
        [xwininfo, "-root", "-children"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
    ).stdout
    found = []
    for line in listing.splitlines():
        window = _WINDOW.match(line)
        if window is None or int(window["width"]) <= 3:
            continue
        numbers = {key: int(window[key]) for key in ("width", "height", "x", "y")}
        found.append(XWindow(window["title"], **numbers))
    return found


def grab_screen(display: str, path: Path) -> None:
    """A picture of the whole screen of ``display``, taken by Qt in a process of its own."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.support.screen_grab", str(path)],
        env={**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
