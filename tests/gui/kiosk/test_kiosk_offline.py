"""The kiosk against a real server it loses and finds again: the office's own priority
groups (kept for offline use), and bookings checked in from signed codes while the
server is away, handed in later and counted once."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from antrean.cli import main
from kiosk_app.core.events import DonePressed, LanguageChosen, ModeChosen
from kiosk_app.core.state import Mode, Screen
from queue_protocol import Language, TicketClass
from queue_server.config import always_open_office_text
from queue_server.services.booking_codes import sign_booking_token
from tests.gui.kiosk.test_kiosk_live import LiveKiosk, _start, _sync_until_reachable
from tests.support.booking_office import KEY, office_text_with_key
from tests.support.live_server import ThreadServer, seed
from tests.support.office import office_settings
from tests.unit.kiosk.fakes import RecordingPrinter

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
JAKARTA = ZoneInfo("Asia/Jakarta")
BOOKED = "7777000011112222"


def _office_text() -> str:
    """An office serving seniors from 65 and pregnant visitors first, and nobody else,
    whose booking codes are signed with ``KEY``."""
    text = office_text_with_key(always_open_office_text())
    text = re.sub(r"(?m)^groups = .*$", 'groups = ["lansia", "ibu_hamil"]', text, count=1)
    return re.sub(r"(?m)^minimum_age = \d+", "minimum_age = 65", text, count=1)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ThreadServer]:
    settings = office_settings(tmp_path, office_text=_office_text())
    started = ThreadServer(settings=settings, tokens=seed(settings))
    started.start()
    day = datetime.now(JAKARTA).date().isoformat()
    csv = tmp_path / "bookings.csv"
    csv.write_text(
        f"application_number,service,date,slot\n{BOOKED},PB,{day},00:00-23:59\n",
        encoding="utf-8",
    )
    arguments = ["bookings", "import", str(csv), "--config", str(settings.office_file)]
    assert main([*arguments, "--database-url", settings.resolved_database_url]) == 0
    yield started
    started.stop()


@pytest.fixture
def kiosk(qtbot: QtBot, server: ThreadServer, tmp_path: Path) -> Iterator[LiveKiosk]:
    started = _start(qtbot, server, tmp_path / "kiosk", RecordingPrinter())
    started.parts.shell.resize(1080, 1920)
    yield started
    started.parts.stop()
    started.backend.close()


def _shoot(kiosk: LiveKiosk, screenshot_dir: Path, name: str) -> None:
    """The screen in Indonesian, then in English, then Indonesian again."""
    for language in (Language.ID, Language.EN):
        kiosk.parts.controller.dispatch(LanguageChosen(language))
        QApplication.processEvents()
        path = screenshot_dir / f"kiosk-{name}-{language.value}.png"
        kiosk.parts.shell.grab().save(str(path))
    kiosk.parts.controller.dispatch(LanguageChosen(Language.ID))


def _priority_choices(kiosk: LiveKiosk) -> list[tuple[str, str]]:
    view = kiosk.parts.window.screen_view(Screen.PRIORITY)
    return [(button.key, button.title.text()) for button in view.choice_buttons]


def test_live_priority_screen_shows_the_offices_groups_online_and_offline(
    qtbot: QtBot, kiosk: LiveKiosk, server: ThreadServer, tmp_path: Path, screenshot_dir: Path
) -> None:
    kiosk.qtbot.waitUntil(lambda: kiosk.parts.controller.flow.state.minimum_age == 65)
    kiosk.parts.controller.dispatch(ModeChosen(Mode.WALK_IN))
    kiosk.wait_screen(Screen.PRIORITY)
    expected = [
        ("lansia", "Lansia (65 tahun ke atas)"),
        ("ibu_hamil", "Ibu hamil"),
        ("none", "Tidak ada yang berlaku"),
    ]
    kiosk.qtbot.waitUntil(lambda: _priority_choices(kiosk) == expected)
    _shoot(kiosk, screenshot_dir, "priority-office-groups")
    server.stop()  # a kiosk started while the server is away shows the groups it kept
    kiosk.parts.stop()
    kiosk.backend.close()
    again = _start(qtbot, server, tmp_path / "kiosk", kiosk.printer)
    try:
        again.parts.controller.dispatch(ModeChosen(Mode.WALK_IN))
        again.wait_screen(Screen.PRIORITY)
        assert again.parts.controller.flow.state.offline
        assert _priority_choices(again) == expected
    finally:
        again.parts.stop()
        again.backend.close()
        server.start()


def test_live_signed_booking_checked_in_offline_is_handed_in_once(
    kiosk: LiveKiosk, server: ThreadServer, screenshot_dir: Path
) -> None:
    controller = kiosk.parts.controller
    _sync_until_reachable(kiosk.qtbot, kiosk)  # the start's own sync may have leased already
    store = kiosk.parts.store
    kiosk.qtbot.waitUntil(lambda: store.numbers_left("PB", datetime.now(UTC)) > 0)  # PB too
    server.stop()
    token = sign_booking_token(KEY, BOOKED, datetime.now(JAKARTA).date(), "PB")
    kiosk.parts.devices.simulate_scan(token)
    kiosk.wait_screen(Screen.TICKET)
    first = controller.flow.state.ticket
    assert first is not None
    assert (first.offline, first.service, first.number[0]) == (True, "PB", "A")
    controller.dispatch(DonePressed())
    kiosk.parts.devices.simulate_scan(token)  # again: the same number, not a second
    kiosk.wait_screen(Screen.TICKET)
    again = controller.flow.state.ticket
    assert again is not None
    assert (again.number, again.reprinted) == (first.number, True)
    controller.dispatch(DonePressed())
    kiosk.parts.devices.simulate_scan(BOOKED)  # a typed number cannot be checked offline
    kiosk.wait_screen(Screen.ERROR)
    failure = controller.flow.state.failure
    assert failure is not None
    assert failure.code == "offline_booking"
    assert "meja informasi" in failure.message.id
    _shoot(kiosk, screenshot_dir, "offline-booking-application-number")
    server.start()
    assert _sync_until_reachable(kiosk.qtbot, kiosk).handed_in == 1
    with server.kiosk_client() as client:
        handed = client.ticket(kiosk.parts.store.ticket_id(first.client_ref) or 0)
    assert (handed.number, handed.ticket_class) == (first.number, TicketClass.APPOINTMENT)
    kiosk.parts.devices.simulate_scan(token)  # online now: the booking has its ticket
    kiosk.qtbot.waitUntil(
        lambda: (ticket := controller.flow.state.ticket) is not None and not ticket.offline,
        timeout=8000,
    )
    online = controller.flow.state.ticket
    assert online is not None
    assert (online.number, online.reprinted) == (first.number, True)
