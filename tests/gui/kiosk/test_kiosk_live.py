"""The kiosk against the real server on loopback: bookings, passports, offline, faults.

The server is the lead's ``live_server`` (uvicorn in a thread, SQLite); the kiosk
runs its real widgets, real HTTP client and simulated devices on ptys.
"""

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from pytestqt.qtbot import QtBot

from antrean.cli import main
from hardware.printer.base import PrinterOfflineError
from hardware.printer.fake import FakeNetworkPrinter
from kiosk_app.app import KioskParts, build_kiosk, reprint_listener
from kiosk_app.config import DevicesSection, KioskConfig, ScreenSection
from kiosk_app.core.backend import ClientBackend
from kiosk_app.core.events import (
    DonePressed,
    ModeChosen,
    PriorityChosen,
    SeniorAnswered,
    ServiceChosen,
)
from kiosk_app.core.issuer import SyncReport
from kiosk_app.core.printers import printer_factory
from kiosk_app.core.samples import SamplePassports
from kiosk_app.core.state import Mode, Screen
from queue_protocol import TicketAction, TicketClass
from queue_protocol.client import EventStream, ServerLink
from queue_protocol.events import Event, TicketEvent
from tests.support.live_server import PASSWORD, ThreadServer
from tests.unit.kiosk.fakes import RecordingPrinter

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
JAKARTA = ZoneInfo("Asia/Jakarta")
BOOKING = "7777000011112222"


def _today() -> datetime:
    return datetime.now(JAKARTA)


@pytest.fixture
def passports() -> SamplePassports:
    return SamplePassports.for_day(_today().date())


@pytest.fixture
def bookings(live_server: ThreadServer, tmp_path: Path) -> None:
    """Today's bookings: one by application number, one matched by passport number."""
    day = _today().date().isoformat()
    csv = tmp_path / "bookings.csv"
    csv.write_text(
        "application_number,service,date,slot,passport_number\n"
        f"{BOOKING},PB,{day},00:00-23:59,\n"
        f"5555000011112222,GP,{day},00:00-23:59,S6500001\n",
        encoding="utf-8",
    )
    settings = live_server.settings
    arguments = ["bookings", "import", str(csv), "--config", str(settings.office_file)]
    assert main([*arguments, "--database-url", settings.resolved_database_url]) == 0


@dataclass
class LiveKiosk:
    parts: KioskParts
    backend: ClientBackend
    printer: RecordingPrinter
    qtbot: QtBot

    def wait_screen(self, screen: Screen) -> None:
        self.qtbot.waitUntil(
            lambda: self.parts.controller.flow.state.screen == screen, timeout=8000
        )


def _start(qtbot: QtBot, server: ThreadServer, data: Path, printer: RecordingPrinter) -> LiveKiosk:
    config = KioskConfig(
        data_dir=data,
        devices=DevicesSection(printer="sim://", scanner="sim://", mrz="sim://", camera=""),
        screen=ScreenSection(simulated_panel=False, fullscreen=False),
    )
    backend = ClientBackend(ServerLink(server.url, server.device_token("kiosk")), timeout=2.0)
    parts = build_kiosk(config, backend=backend, printer=lambda: printer, sync_interval_ms=60_000)
    qtbot.addWidget(parts.shell)
    parts.shell.show()
    parts.start()
    kiosk = LiveKiosk(parts, backend, printer, qtbot)
    qtbot.waitUntil(lambda: bool(parts.controller.flow.state.services), timeout=8000)
    return kiosk


@pytest.fixture
def kiosk(qtbot: QtBot, live_server: ThreadServer, tmp_path: Path) -> Iterator[LiveKiosk]:
    started = _start(qtbot, live_server, tmp_path / "kiosk", RecordingPrinter())
    yield started
    started.parts.stop()
    started.backend.close()


@pytest.mark.usefixtures("bookings")
def test_live_booking_scan_prints_and_rescan_reprints_the_same(kiosk: LiveKiosk) -> None:
    kiosk.parts.devices.simulate_scan(BOOKING)
    kiosk.wait_screen(Screen.TICKET)
    kiosk.qtbot.waitUntil(lambda: len(kiosk.printer.printed) == 1)
    first = kiosk.printer.printed[0]
    assert first.service_en == "New Passport"
    assert "/status/" in first.status_url
    kiosk.parts.window.ticket.done.click()
    kiosk.wait_screen(Screen.START)
    kiosk.parts.devices.simulate_scan(BOOKING)
    kiosk.wait_screen(Screen.TICKET)
    kiosk.qtbot.waitUntil(lambda: len(kiosk.printer.printed) == 2)
    assert kiosk.printer.printed[1].number == first.number
    ticket = kiosk.parts.controller.flow.state.ticket
    assert ticket is not None
    assert ticket.reprinted
    assert kiosk.backend.client_count <= 4  # connections reused, not one per call


@pytest.mark.usefixtures("bookings")
def test_live_passport_with_booking_checks_in(kiosk: LiveKiosk, passports: SamplePassports) -> None:
    kiosk.parts.devices.simulate_passport(passports.senior)
    kiosk.wait_screen(Screen.TICKET)
    ticket = kiosk.parts.controller.flow.state.ticket
    assert ticket is not None
    assert ticket.service == "GP"


def test_live_senior_passport_walk_in_gets_priority(
    kiosk: LiveKiosk, passports: SamplePassports, live_server: ThreadServer
) -> None:
    kiosk.parts.devices.simulate_passport(passports.senior)
    kiosk.wait_screen(Screen.SENIOR)
    kiosk.parts.controller.dispatch(SeniorAnswered(accept=True))
    kiosk.wait_screen(Screen.SERVICES)
    kiosk.parts.controller.dispatch(ServiceChosen("PB"))  # booking-only, open to priority walk-ins
    kiosk.wait_screen(Screen.TICKET)
    ticket = kiosk.parts.controller.flow.state.ticket
    assert ticket is not None
    assert ticket.priority
    with live_server.kiosk_client() as client:
        assert client.ticket(ticket.ticket_id or 0).ticket_class == TicketClass.PRIORITY


def test_live_expired_passport_and_garbage_codes(
    kiosk: LiveKiosk, passports: SamplePassports
) -> None:
    kiosk.parts.devices.simulate_passport(passports.expired)
    kiosk.wait_screen(Screen.EXPIRED)
    kiosk.parts.devices.simulate_scan("AQ1.bm90LWEtdG9rZW4.Zm9yZ2Vk")  # forged token
    kiosk.wait_screen(Screen.ERROR)
    failure = kiosk.parts.controller.flow.state.failure
    assert failure is not None
    assert failure.code == "booking_forged"
    kiosk.parts.devices.simulate_scan("9999999999999999")  # unknown application number
    kiosk.qtbot.waitUntil(
        lambda: (
            (f := kiosk.parts.controller.flow.state.failure) is not None
            and f.code == "booking_refused"
        )
    )


def test_live_printer_fault_is_reported_to_staff(
    kiosk: LiveKiosk, live_server: ThreadServer
) -> None:
    seen: list[TicketEvent] = []
    lock = threading.Lock()

    def on_event(event: Event) -> None:
        if isinstance(event, TicketEvent) and event.action == "print_failed":
            with lock:
                seen.append(event)

    stream = EventStream(
        ServerLink(live_server.url, live_server.device_token("display")), on_event=on_event
    )
    stream.start()
    try:
        kiosk.printer.fault = PrinterOfflineError("sim://", "printer offline")
        kiosk.parts.controller.dispatch(ModeChosen(Mode.WALK_IN))
        kiosk.parts.controller.dispatch(PriorityChosen(None))
        kiosk.parts.controller.dispatch(ServiceChosen("AP"))
        kiosk.wait_screen(Screen.TICKET)
        kiosk.qtbot.waitUntil(lambda: bool(seen), timeout=8000)
    finally:
        stream.stop()
    ticket = kiosk.parts.controller.flow.state.ticket
    assert ticket is not None
    assert seen[0].ticket.id == ticket.ticket_id


def test_live_offline_issue_survives_kiosk_restart_and_is_handed_in_in_order(
    qtbot: QtBot, kiosk: LiveKiosk, live_server: ThreadServer, tmp_path: Path
) -> None:
    with qtbot.waitSignal(kiosk.parts.controller.synced, timeout=8000):
        kiosk.parts.controller.sync_now()
    live_server.stop()
    numbers = []
    for _ in range(2):
        kiosk.parts.controller.dispatch(ModeChosen(Mode.WALK_IN))
        kiosk.parts.controller.dispatch(PriorityChosen(None))
        kiosk.parts.controller.dispatch(ServiceChosen("AP"))
        kiosk.wait_screen(Screen.TICKET)
        ticket = kiosk.parts.controller.flow.state.ticket
        assert ticket is not None
        assert ticket.offline
        numbers.append(ticket.number)
        kiosk.parts.controller.dispatch(DonePressed())
    kiosk.parts.stop()  # the kiosk restarts while the server is still down
    kiosk.backend.close()
    again = _start(qtbot, live_server, tmp_path / "kiosk", kiosk.printer)
    try:
        assert [t.number for t in again.parts.store.pending()] == numbers
        live_server.start()
        assert _sync_until_reachable(qtbot, again).handed_in == 2
        called = []
        with live_server.officer_client() as officer:
            for _ in range(2):
                next_ticket = officer.call_next(7)
                assert next_ticket is not None
                called.append(next_ticket.number)
                officer.ticket_action(next_ticket.id, TicketAction.NO_SHOW)
        assert called == numbers
    finally:
        again.parts.stop()
        again.backend.close()


def _sync_until_reachable(qtbot: QtBot, kiosk: LiveKiosk) -> SyncReport:
    """A sync that reached the server. One the kiosk began while the server was still
    down may end first (and a sync asked for meanwhile is not started twice)."""
    for _ in range(5):
        with qtbot.waitSignal(kiosk.parts.controller.synced, timeout=8000) as blocker:
            kiosk.parts.controller.sync_now()
        report: SyncReport = blocker.args[0]
        if report.reachable:
            return report
    raise AssertionError("the kiosk never reached the restarted server")


def _officer_http(server: ThreadServer) -> httpx.Client:
    """The officer console's calls (console read model, fault reprint) over plain HTTP."""
    login = {"username": "petugas", "password": PASSWORD}
    token = httpx.post(f"{server.url}/api/v1/auth/login", json=login).json()["token"]
    return httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def tcp_printer() -> Iterator[FakeNetworkPrinter]:
    with FakeNetworkPrinter() as printer:
        yield printer


@pytest.mark.usefixtures("bookings")
def test_live_scan_to_decoded_ticket_bytes_and_staff_reprint(
    qtbot: QtBot, live_server: ThreadServer, tmp_path: Path, tcp_printer: FakeNetworkPrinter
) -> None:
    """Scan -> server -> ESC/POS over TCP -> decoded ticket; paper out -> staff reprint."""
    config = KioskConfig(
        data_dir=tmp_path / "kiosk",
        devices=DevicesSection(printer=tcp_printer.url, scanner="sim://", mrz="sim://", camera=""),
        screen=ScreenSection(simulated_panel=False, fullscreen=False),
    )
    token = live_server.device_token("kiosk")
    backend = ClientBackend(ServerLink(live_server.url, token))
    parts = build_kiosk(
        config, backend=backend, printer=printer_factory(tcp_printer.url), sync_interval_ms=60_000
    )
    parts.events = reprint_listener(ServerLink(live_server.url, token), parts.controller)
    qtbot.addWidget(parts.shell)
    parts.shell.show()
    parts.start()
    flow = parts.controller.flow
    try:
        parts.devices.simulate_scan(BOOKING)
        qtbot.waitUntil(lambda: flow.state.print_state.value == "printed", timeout=8000)
        (printed,) = tcp_printer.tickets
        ticket = flow.state.ticket
        assert ticket is not None
        assert ticket.number in printed.text
        assert "Paspor Baru" in printed.text
        assert "New Passport" in printed.text
        assert printed.qr_codes() == [ticket.status_url]
        parts.controller.dispatch(DonePressed())
        tcp_printer.paper_out()
        parts.controller.dispatch(ModeChosen(Mode.WALK_IN))
        parts.controller.dispatch(PriorityChosen(None))
        parts.controller.dispatch(ServiceChosen("IN"))
        qtbot.waitUntil(lambda: flow.state.print_state.value == "failed", timeout=8000)
        unprinted = flow.state.ticket
        assert unprinted is not None
        tcp_printer.restore()
        with _officer_http(live_server) as officer:
            faults = officer.get("/api/v1/console/8").json()["faults"]
            fault = next(f for f in faults if f["ticket_number"] == unprinted.number)
            with qtbot.waitSignal(parts.controller.reprinted, timeout=8000) as blocker:
                reply = officer.post(f"/api/v1/faults/{fault['id']}/reprint")
                assert reply.status_code == 204
        assert blocker.args == [unprinted.ticket_id, True]
        assert unprinted.number in tcp_printer.tickets[-1].text
    finally:
        parts.stop()
        backend.close()
