"""Child process of the cage test: the board on Qt's wayland platform, full screen under
cage, grabbed from inside Qt once the server's state is on it.

cage 0.1.4's headless output, drawn by the pixman renderer, cannot be captured whole while
a window keeps changing (the board's running text moves all the time): grim then sees only
the parts that changed. So the board grabs itself.

Run as ``python -m tests.installer.cage_board_child CONFIG SCREENSHOT``; exits 0 once the
picture is saved, 1 otherwise (and prints why).
"""

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from counter_display.app import DisplayApp
from counter_display.config import load_config

SETTLE_MS = 500  # the loaded state laid out and painted once


def main(config_path: Path, screenshot: Path) -> int:
    app = QApplication(["antrean-display"])
    if app.platformName() != "wayland":
        print(f"platform is {app.platformName()}, not wayland", file=sys.stderr)
        return 1
    board = DisplayApp(load_config(config_path))
    board.view.showFullScreen()
    result = {"code": 1}

    def grab() -> None:
        screen = app.primaryScreen().size()
        if board.view.size() != screen:
            print(f"window {board.view.size()} on a screen of {screen}", file=sys.stderr)
        else:
            board.view.grab().save(str(screenshot))
            result["code"] = 0
        app.quit()

    board.bridge.startup_loaded.connect(lambda _: QTimer.singleShot(SETTLE_MS, grab))
    QTimer.singleShot(30_000, app.quit)  # a watchdog, not a wait: the test fails if it fires
    board.start()
    app.exec()
    board.stop()
    return result["code"]


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
