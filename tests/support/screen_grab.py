"""``python -m tests.support.screen_grab OUT.png``: the whole screen of $DISPLAY, as Qt
sees it (the root window), saved as a PNG."""

import sys

from PySide6.QtGui import QGuiApplication


def main(path: str) -> int:
    app = QGuiApplication(["screen-grab"])
    return 0 if app.primaryScreen().grabWindow(0).save(path) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
