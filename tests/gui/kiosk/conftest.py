"""A kiosk with real widgets, simulated devices (real bytes on ptys), a fake server port."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from kiosk_app.app import KioskParts, build_kiosk
from kiosk_app.config import DevicesSection, KioskConfig, Orientation, ScreenSection
from kiosk_app.core.state import KioskState, Screen
from queue_protocol import Language
from tests.unit.kiosk.fakes import NOW, FakeBackend, RecordingPrinter


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class KioskHarness:
    parts: KioskParts
    backend: FakeBackend
    printer: RecordingPrinter
    clock: FakeClock
    qtbot: QtBot
    screenshot_dir: Path
    shots: list[Path] = field(default_factory=list)

    @property
    def state(self) -> KioskState:
        return self.parts.controller.flow.state

    def wait_screen(self, screen: Screen, timeout: int = 5000) -> None:
        self.qtbot.waitUntil(lambda: self.state.screen == screen, timeout=timeout)
        self.qtbot.waitUntil(
            lambda: self.parts.window.stack.currentWidget() is self.parts.window.views[screen],
            timeout=timeout,
        )

    def tap(self, widget: QAbstractButton) -> None:
        self.qtbot.waitUntil(widget.isVisible)  # new children of a shown layout show queued
        assert widget.isEnabled(), widget.text()
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def choose(self, screen: Screen, key: str) -> None:
        view = self.parts.window.screen_view(screen)
        self.tap(next(b for b in view.choice_buttons if b.key == key))

    def shoot(self, name: str) -> None:
        """Save the screen in the current language, then in the other, then switch back."""
        original = self.state.language
        for language in (original, Language.EN if original == Language.ID else Language.ID):
            self._switch(language)
            QApplication.processEvents()  # let pending layout requests settle before the grab
            orientation = self.parts.config.screen.orientation.value
            prefix = "kiosk" if orientation == "portrait" else f"kiosk-{orientation}"
            path = self.screenshot_dir / f"{prefix}-{name}-{language.value}.png"
            self.parts.shell.grab().save(str(path))
            self.shots.append(path)
        self._switch(original)

    def _switch(self, language: Language) -> None:
        """Tap the language button the visitor would see (start screen or header)."""
        if self.state.language == language:
            return
        if self.state.screen == Screen.START:
            view = self.parts.window.screen_view(Screen.START)
            self.tap(view.language_buttons[language.value])
        else:
            self.tap(self.parts.window.header.language)
        self.qtbot.waitUntil(lambda: self.state.language == language)


def _config(tmp_path: Path, orientation: str = "portrait", scanner: str = "sim://") -> KioskConfig:
    return KioskConfig(
        data_dir=tmp_path / "kiosk-data",
        devices=DevicesSection(printer="sim://", scanner=scanner, mrz="sim://", camera="sim://"),
        screen=ScreenSection(
            orientation=Orientation(orientation), simulated_panel=False, fullscreen=False
        ),
    )


def _local_now() -> datetime:
    return NOW


def _harness(
    qtbot: QtBot, tmp_path: Path, screenshot_dir: Path, orientation: str, scanner: str = "sim://"
) -> KioskHarness:
    backend = FakeBackend()
    printer = RecordingPrinter()
    clock = FakeClock()
    config = _config(tmp_path, orientation, scanner)
    parts = build_kiosk(
        config, backend=backend, printer=lambda: printer, now=_local_now, monotonic=clock
    )
    qtbot.addWidget(parts.shell)
    parts.shell.resize(*config.screen.orientation.size)
    parts.shell.show()
    parts.start()
    harness = KioskHarness(parts, backend, printer, clock, qtbot, screenshot_dir)
    qtbot.waitUntil(lambda: bool(harness.state.services))
    return harness


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path, screenshot_dir: Path) -> Iterator[KioskHarness]:
    """A portrait kiosk (1080 x 1920)."""
    harness = _harness(qtbot, tmp_path, screenshot_dir, "portrait")
    yield harness
    harness.parts.stop()


@pytest.fixture
def landscape_kiosk(qtbot: QtBot, tmp_path: Path, screenshot_dir: Path) -> Iterator[KioskHarness]:
    """A landscape kiosk (1920 x 1080)."""
    harness = _harness(qtbot, tmp_path, screenshot_dir, "landscape")
    yield harness
    harness.parts.stop()


@pytest.fixture
def wedge_kiosk(qtbot: QtBot, tmp_path: Path, screenshot_dir: Path) -> Iterator[KioskHarness]:
    """A kiosk whose scanner is a keyboard wedge (keystrokes, not a serial port)."""
    harness = _harness(qtbot, tmp_path, screenshot_dir, "portrait", scanner="wedge")
    yield harness
    harness.parts.stop()
