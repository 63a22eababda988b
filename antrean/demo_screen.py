"""The demo's look at the screen, in a process of its own: ``python -m antrean.demo_screen``.

Prints the main screen's area free of panels and docks as ``WIDTHxHEIGHT+X+Y`` and exits
0. When Qt cannot open a window on this display (a missing xcb library, a display that
refuses the connection), Qt says why on stderr and the process fails: the demo then
reports that before it starts any window, instead of three windows dying unseen.
"""

import subprocess
import sys
from dataclasses import dataclass

from queue_protocol.window_geometry import WindowGeometry

PROBE_SECONDS = 60


@dataclass(frozen=True)
class ScreenLook:
    """What the look found: the free area, or the output that says why there is none."""

    area: WindowGeometry | None
    output: str


def look_at_screen() -> ScreenLook:
    """Runs this module as a child process (Qt may abort the process it fails in)."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "antrean.demo_screen"],
            capture_output=True,
            text=True,
            timeout=PROBE_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return ScreenLook(None, f"Qt did not answer within {PROBE_SECONDS} s")
    output = (done.stderr + done.stdout).strip()
    if done.returncode != 0:
        return ScreenLook(None, output or f"exit code {done.returncode}")
    try:
        return ScreenLook(WindowGeometry.model_validate(done.stdout.strip()), output)
    except ValueError:
        return ScreenLook(None, output)


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(["antrean-demo"])
    area = app.primaryScreen().availableGeometry()
    print(f"{area.width()}x{area.height()}+{area.x()}+{area.y()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
