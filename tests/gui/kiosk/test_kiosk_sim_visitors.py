"""The demo's simulated visitors at a training office's kiosk: each one read from the
feed walks through the kiosk's own screens (a walk-in taps, a booked visitor's code comes
through the simulated scanner), takes a printed ticket marked PELATIHAN / TRAINING, and
the kiosk is back at its start screen for the next; the band says so above the screens."""

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk_app.app import build_kiosk
from kiosk_app.config import DevicesSection, KioskConfig, ScreenSection, SimulatorSection
from kiosk_app.core.state import Screen
from queue_protocol.training import TRAINING_MARK
from tests.unit.kiosk.fakes import NOW, FakeBackend, RecordingPrinter

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_simulated_visitors_take_training_tickets_one_after_another(
    qtbot: QtBot, tmp_path: Path, screenshot_dir: Path
) -> None:
    feed = tmp_path / "visitors.jsonl"
    config = KioskConfig(
        data_dir=tmp_path / "kiosk-data",
        devices=DevicesSection(printer="sim://", scanner="sim://", mrz="sim://", camera=""),
        screen=ScreenSection(simulated_panel=False, fullscreen=False),
        simulator=SimulatorSection(visitors=feed),
        training=True,
    )
    printer = RecordingPrinter()
    parts = build_kiosk(config, backend=FakeBackend(), printer=lambda: printer, now=lambda: NOW)
    qtbot.addWidget(parts.shell)
    parts.shell.resize(*config.screen.orientation.size)
    parts.shell.show()
    parts.start()
    try:
        [band] = [w for w in parts.shell.findChildren(QLabel) if w.objectName() == "training"]
        assert band.text() == TRAINING_MARK
        visitors = [{"service": "AP", "priority": None}, {"booking": "1234567890123456"}]
        feed.write_text("".join(json.dumps(v) + "\n" for v in visitors), encoding="utf-8")

        qtbot.waitUntil(lambda: len(printer.printed) == 2, timeout=60_000)
        qtbot.waitUntil(lambda: parts.controller.flow.state.screen == Screen.START)
        parts.shell.grab().save(str(screenshot_dir / "kiosk-training.png"))
    finally:
        parts.stop()
    assert [ticket.training for ticket in printer.printed] == [True, True]
    assert parts.visitors is not None
    assert parts.visitors.served == 2
