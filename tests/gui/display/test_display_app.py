"""The whole board against the real server: call-next at a counter -> board, voice, LED;
the server going away and coming back; catch-up with ``since``."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter_display.app import DisplayApp
from counter_display.config import DisplayConfig, LedConfig
from hardware.led.codecs import AsciiFrameCodec
from hardware.led.fake import SimulatedCounterLed
from queue_protocol import IssueTicketRequest, TicketAction, TicketSource
from tests.support.live_server import ThreadServer
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


def test_display_server_auto_uses_discovery(qtbot: QtBot, live_server: ThreadServer) -> None:
    config = DisplayConfig(server="auto", token=live_server.device_token("display"))
    looked_up: list[bool] = []

    def find_server() -> str:
        looked_up.append(True)
        return live_server.url

    app = DisplayApp(config, sink=FakeSink(), find_server=find_server)
    qtbot.addWidget(app.view)
    app.start()
    try:
        qtbot.waitUntil(lambda: app.view.header.status_text() is None, timeout=10_000)
        assert looked_up
        assert app.board.state().counters  # the first snapshot is in
    finally:
        app.stop()
