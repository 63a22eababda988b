"""The whole board against the real server: call-next at a counter -> board, voice, LED;
the server going away and coming back; catch-up with ``since``."""

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter_display.app import DisplayApp
from counter_display.config import DisplayConfig, LedConfig
from hardware.led.codecs import AsciiFrameCodec
from hardware.led.fake import SimulatedCounterLed
from queue_protocol import DeviceKind, IssueTicketRequest, TicketAction, TicketSource
from queue_protocol.enrolment import Enrolment, EnrolmentFile, enrol
from queue_protocol.link import DeviceLink
from queue_server.enrolment_codes import enrolment_code
from queue_server.services import devices
from tests.support.live_server import ThreadServer
from tests.support.tls import rogue_server
from tests.unit.display.factories import FakeSink

SERVICE, COUNTER = "AP", 7  # Pengambilan Paspor: walk-ins allowed, served at counter 7


def _issue(server: ThreadServer) -> str:
    with server.kiosk_client() as kiosk:
        ticket = kiosk.issue_ticket(
            IssueTicketRequest(
                service=SERVICE, source=TicketSource.WALK_IN, client_ref=f"d-{uuid.uuid4().hex}"
            )
        )
    return ticket.number


def _call_next(server: ThreadServer) -> str:
    with server.officer_client() as officer:
        ticket = officer.call_next(COUNTER)
    assert ticket is not None
    return ticket.number


def _finish_current(server: ThreadServer) -> None:
    """Serve the called ticket to the end, so the counter may call the next one."""
    with server.officer_client() as officer:
        current = next(c.current for c in officer.queue().counters if c.number == COUNTER)
        assert current is not None
        officer.ticket_action(current.id, TicketAction.START)
        officer.ticket_action(current.id, TicketAction.FINISH)


class Running:
    def __init__(self, app: DisplayApp, sink: FakeSink, led: SimulatedCounterLed) -> None:
        self.app, self.sink, self.led = app, sink, led


@pytest.fixture
def board(qtbot: QtBot, live_server: ThreadServer) -> Iterator[Running]:
    config = DisplayConfig(
        server=live_server.url,
        token=live_server.device_token("display"),
        languages=["id"],
        led=LedConfig(codec="ascii-lrc"),
    )
    sink = FakeSink()
    led = SimulatedCounterLed(config_codec(), addresses={COUNTER: 17})
    app = DisplayApp(config, sink=sink, led=led)
    qtbot.addWidget(app.view)
    app.view.show()
    app.start()
    yield Running(app, sink, led)
    app.stop()


def config_codec() -> AsciiFrameCodec:
    return AsciiFrameCodec(checksum=True)


def test_display_call_next_shows_speaks_and_lights_the_led(
    qtbot: QtBot, board: Running, live_server: ThreadServer, screenshot_dir: Path
) -> None:
    view = board.app.view
    qtbot.waitUntil(lambda: view.header.status_text() is None, timeout=10_000)
    assert view.header.date_text()  # the office's clock is running
    number = _issue(live_server)
    assert _call_next(live_server) == number
    qtbot.waitUntil(lambda: view.now_calling.number_text() == number, timeout=5000)
    assert view.now_calling.counter_text() == str(COUNTER)
    assert board.led.bus.wait_for(17, number)
    qtbot.waitUntil(lambda: "id/silakan_menuju_loket" in board.sink.played, timeout=5000)
    assert board.sink.played[0] == "voice/chime"
    counters = view.counters.cell_texts()
    assert counters[counters.index(f"LOKET {COUNTER}") + 1] == number
    view.grab().save(str(screenshot_dir / "display_board_live.png"))


def test_display_reconnects_and_catches_up(
    qtbot: QtBot, board: Running, live_server: ThreadServer
) -> None:
    view = board.app.view
    qtbot.waitUntil(lambda: view.header.status_text() is None, timeout=10_000)
    first = _issue(live_server)
    _call_next(live_server)
    qtbot.waitUntil(lambda: view.now_calling.number_text() == first, timeout=5000)
    _finish_current(live_server)
    live_server.stop()
    qtbot.waitUntil(lambda: view.header.status_text() is not None, timeout=10_000)
    assert view.now_calling.number_text() == first  # the last state stays on screen
    live_server.start()
    second = _issue(live_server)
    _call_next(live_server)  # probably before the board is back: replayed with since
    qtbot.waitUntil(lambda: view.now_calling.number_text() == second, timeout=15_000)
    qtbot.waitUntil(lambda: view.header.status_text() is None, timeout=5000)
    assert [c for c in view.recent.cell_texts() if c.startswith("C")] == [first]
    assert board.led.bus.wait_for(17, second)


def test_display_enrolled_finds_its_server_at_a_new_address(
    qtbot: QtBot, live_server: ThreadServer, tmp_path: Path
) -> None:
    """The board's server moved: the old address no longer answers, so the board asks
    zeroconf for its office's server, keeps the new address and starts."""
    store = EnrolmentFile(tmp_path)
    moved = Enrolment(
        server_url="http://127.0.0.1:9",  # nothing listens there
        name="display-1",
        kind=DeviceKind.DISPLAY,
        office_id="kanim-jaksel",
        office_name="Kantor Imigrasi",
        token=live_server.device_token("display"),
        token_expires_at=datetime.now(UTC) + timedelta(days=30),
    )
    store.save(moved)
    looked_up: list[tuple[str, str | None]] = []

    def find_server(office_id: str, ca_fingerprint: str | None) -> str:
        looked_up.append((office_id, ca_fingerprint))
        return live_server.url

    link = DeviceLink(store, moved, find_server=find_server)
    app = DisplayApp(DisplayConfig(data_dir=tmp_path), sink=FakeSink(), link=link)
    qtbot.addWidget(app.view)
    app.start()
    try:
        qtbot.waitUntil(lambda: bool(app.board.state().counters), timeout=15_000)
        assert looked_up == [("kanim-jaksel", None)]
        kept = store.load()
        assert kept is not None
        assert kept.server_url == live_server.url
    finally:
        app.stop()


def test_display_auto_without_enrolment_says_so_on_screen(
    qtbot: QtBot, tmp_path: Path, screenshot_dir: Path
) -> None:
    app = DisplayApp(DisplayConfig(server="auto", data_dir=tmp_path), sink=FakeSink())
    qtbot.addWidget(app.view)
    app.view.resize(1920, 1080)
    app.start()
    try:
        status = app.view.header.status_text()
        assert status is not None
        assert "antrean display enrol" in status
        app.view.grab().save(str(screenshot_dir / "display-not-enrolled.png"))
    finally:
        app.stop()


def test_display_pinned_to_its_office_refuses_a_stranger_certificate(
    qtbot: QtBot, tls_live_server: ThreadServer, tmp_path: Path, screenshot_dir: Path
) -> None:
    """Another host answers at the board's server address with another CA's certificate:
    the board sends nothing and says on screen that the certificate is not trusted."""
    secret = devices.add(tls_live_server.ctx, "papan-1", DeviceKind.DISPLAY)
    code = enrolment_code(tls_live_server.settings, secret, url=tls_live_server.url)
    enrolment = enrol(code, kind=DeviceKind.DISPLAY)
    with rogue_server(tmp_path / "rogue") as rogue:
        store = EnrolmentFile(tmp_path / "display")
        moved = enrolment.model_copy(update={"server_url": rogue.url})
        store.save(moved)
        link = DeviceLink(store, moved, find_server=lambda _office, _ca: None)
        app = DisplayApp(DisplayConfig(data_dir=tmp_path), sink=FakeSink(), link=link)
        qtbot.addWidget(app.view)
        app.view.resize(1920, 1080)
        app.start()
        try:
            expected = "sertifikat server tidak dipercaya: hubungi teknisi"
            qtbot.waitUntil(lambda: app.view.header.status_text() == expected, timeout=15_000)
            assert not app.board.state().counters  # nothing was taken from the stranger
            app.view.grab().save(str(screenshot_dir / "display-untrusted-server.png"))
        finally:
            app.stop()


@pytest.mark.parametrize("training", [True, False])
def test_a_training_office_board_has_the_band_above_it(
    qtbot: QtBot, tmp_path: Path, screenshot_dir: Path, training: bool
) -> None:
    from PySide6.QtWidgets import QLabel

    from counter_display.qt_main import board_window
    from queue_protocol.training import TRAINING_MARK

    config = DisplayConfig(server="auto", data_dir=tmp_path, training=training)
    app = DisplayApp(config, sink=FakeSink())
    window = board_window(app, config)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    bands = [w.text() for w in window.findChildren(QLabel) if w.objectName() == "training"]
    assert bands == ([TRAINING_MARK] if training else [])
    assert (window is app.view) is not training
    if training:
        window.grab().save(str(screenshot_dir / "board-training.png"))
