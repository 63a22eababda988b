"""Child process of the Xvfb smoke test: the kiosk on the real X11 (xcb) platform.

Run as ``python -m tests.gui.kiosk.xvfb_child DATA_DIR SCREENSHOT`` under Xvfb. Exits 0
once the start screen has been drawn from the (fake) server's state, 1 otherwise.
"""

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk_app.app import build_kiosk
from kiosk_app.config import DevicesSection, KioskConfig, ScreenSection
from kiosk_app.core.state import KioskState, Screen
from tests.unit.kiosk.fakes import FakeBackend, RecordingPrinter


def main(data_dir: Path, screenshot: Path) -> int:
    app = QApplication([])
    if app.platformName() != "xcb":
        print(f"platform is {app.platformName()}, not xcb", file=sys.stderr)
        return 1
    config = KioskConfig(
        data_dir=data_dir,
        devices=DevicesSection(printer="sim://", scanner="sim://", mrz="sim://", camera=""),
        screen=ScreenSection(fullscreen=False),
    )
    printer = RecordingPrinter()
    parts = build_kiosk(config, backend=FakeBackend(), printer=lambda: printer)
    parts.shell.resize(*config.screen.orientation.size)
    parts.shell.show()
    result = {"code": 1}

    def on_state(state: object) -> None:
        if isinstance(state, KioskState) and state.services and state.screen == Screen.START:
            parts.shell.grab().save(str(screenshot))
            result["code"] = 0
            QTimer.singleShot(0, app.quit)

    parts.controller.state_changed.connect(on_state)
    QTimer.singleShot(20_000, app.quit)  # a watchdog, not a wait: the test fails if it fires
    parts.start()
    app.exec()
    parts.stop()
    return result["code"]


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
