"""The kiosk's busiest screens fit their window, every choice visible: at the panel size of
each orientation (1080 x 1920, 1920 x 1080) and at the demo's window sizes on a 1920 x 1080
and a 1366 x 768 screen. The office is the example office on the real server: its eight
services (a priority visitor sees them all) and its five priority choices.

Each screen is grabbed, in Indonesian and English, as ``kiosk-fit-SIZE-SCREEN-LANG.png``.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from antrean.demo_layout import demo_layout
from kiosk_app.app import KioskParts, build_kiosk
from kiosk_app.config import DevicesSection, KioskConfig, Orientation, ScreenSection
from kiosk_app.core.backend import ClientBackend
from kiosk_app.core.state import Screen
from queue_protocol import Language
from queue_protocol.client import ServerLink
from queue_protocol.window_geometry import WindowGeometry
from tests.gui.window_fit import fit_problems, settle
from tests.support.live_server import ThreadServer
from tests.unit.kiosk.fakes import RecordingPrinter

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@dataclass(frozen=True)
class WindowSize:
    orientation: Orientation
    width: int
    height: int
    simulated_panel: bool = False  # the demo's kiosk window has its devices beside it


def _demo_kiosk(screen: str) -> WindowSize:
    place = demo_layout(WindowGeometry.model_validate(f"{screen}+0+0")).kiosk
    return WindowSize(Orientation.PORTRAIT, place.width, place.height, simulated_panel=True)


SIZES = {
    "portrait": WindowSize(Orientation.PORTRAIT, 1080, 1920),
    "landscape": WindowSize(Orientation.LANDSCAPE, 1920, 1080),
    "demo-1920x1080": _demo_kiosk("1920x1080"),
    "demo-1366x768": _demo_kiosk("1366x768"),
}


@dataclass
class FittedKiosk:
    parts: KioskParts
    qtbot: QtBot
    name: str
    screenshot_dir: Path

    def wait_screen(self, screen: Screen) -> None:
        flow, window = self.parts.controller.flow, self.parts.window
        self.qtbot.waitUntil(
            lambda: (
                flow.state.screen == screen and window.stack.currentWidget() is window.views[screen]
            ),
            timeout=8000,
        )

    def tap(self, button: QAbstractButton) -> None:
        self.qtbot.waitUntil(button.isVisible)
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def choose(self, screen: Screen, key: str) -> None:
        buttons = self.parts.window.screen_view(screen).choice_buttons
        self.tap(next(button for button in buttons if button.key == key))

    def check(self, screen: Screen, language: Language) -> int:
        """Grabs the window and returns how many buttons it shows; fails on what is cut."""
        self.wait_screen(screen)
        settle()  # the pending layout requests of the new screen
        shell = self.parts.shell
        path = self.screenshot_dir / f"kiosk-fit-{self.name}-{screen.value}-{language.value}.png"
        shell.grab().save(str(path))
        assert fit_problems(shell) == [], f"{screen.value} ({language.value}), see {path}"
        return len(self.parts.window.screen_view(screen).choice_buttons)


@pytest.fixture(params=list(SIZES))
def fitted(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    live_server: ThreadServer,
    tmp_path: Path,
    screenshot_dir: Path,
) -> Iterator[FittedKiosk]:
    size = SIZES[request.param]
    config = KioskConfig(
        data_dir=tmp_path / "kiosk",
        devices=DevicesSection(printer="sim://", scanner="sim://", mrz="sim://", camera=""),
        screen=ScreenSection(
            orientation=size.orientation, fullscreen=False, simulated_panel=size.simulated_panel
        ),
    )
    backend = ClientBackend(
        ServerLink(live_server.url, live_server.device_token("kiosk")), timeout=2.0
    )
    printer = RecordingPrinter()
    parts = build_kiosk(config, backend=backend, printer=lambda: printer, sync_interval_ms=60_000)
    qtbot.addWidget(parts.shell)
    parts.shell.resize(size.width, size.height)
    parts.shell.show()
    parts.start()
    qtbot.waitUntil(lambda: bool(parts.controller.flow.state.services), timeout=8000)
    yield FittedKiosk(parts, qtbot, request.param, screenshot_dir)
    parts.stop()
    backend.close()


@pytest.mark.parametrize("language", [Language.ID, Language.EN], ids=lambda lang: lang.value)
def test_kiosk_screens_show_every_button_inside_the_window(
    fitted: FittedKiosk, language: Language
) -> None:
    shell, window = fitted.parts.shell, fitted.parts.window
    assert (shell.width(), shell.height()) == (
        SIZES[fitted.name].width,
        SIZES[fitted.name].height,
    )  # the window keeps the size it was given: no minimum size grows it
    fitted.wait_screen(Screen.START)
    fitted.tap(window.screen_view(Screen.START).language_buttons[language.value])
    assert fitted.check(Screen.START, language) == 3
    fitted.choose(Screen.START, "booking")
    fitted.check(Screen.BOOKING, language)
    fitted.tap(window.booking.home)
    fitted.choose(Screen.START, "walk_in")
    assert fitted.check(Screen.PRIORITY, language) == 5  # four groups and "none"
    fitted.choose(Screen.PRIORITY, "lansia")
    assert fitted.check(Screen.SERVICES, language) == 8  # every service, for priority
    fitted.choose(Screen.SERVICES, "IT")
    fitted.wait_screen(Screen.TICKET)
    fitted.qtbot.waitUntil(
        lambda: window.ticket.done.isEnabled() and bool(window.ticket.qr_hint.text())
    )
    settle()
    path = fitted.screenshot_dir / f"kiosk-fit-{fitted.name}-ticket-{language.value}.png"
    shell.grab().save(str(path))
    assert fit_problems(shell) == [], f"ticket ({language.value}), see {path}"
