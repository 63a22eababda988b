"""The kiosk through every visitor path, with real widgets and simulated devices.

Each test saves screenshots of the screens it passes, in Indonesian and English.
"""

import threading

import pytest
from PySide6.QtCore import Qt

from hardware.printer.base import PrinterOutOfPaperError
from kiosk_app.core.samples import SamplePassports
from kiosk_app.core.state import Screen
from queue_protocol import Language, PriorityGroup
from queue_protocol.client import ApiError
from tests.gui.kiosk.conftest import KioskHarness
from tests.unit.kiosk.fakes import NOW

PASSPORTS = SamplePassports.for_day(NOW.date())
BOOKING = "1234567890123456"
# The offscreen platform cannot resize windows to their size hints; it says so once per window.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _type_on_keypad(kiosk: KioskHarness, digits: str) -> None:
    keypad = kiosk.parts.window.booking.keypad
    keys = {b.text(): b for b in keypad.findChildren(type(keypad.ok)) if b.text().isdigit()}
    for digit in digits:
        kiosk.tap(keys[digit])


def test_kiosk_booking_by_keypad_prints_and_shows_ticket(kiosk: KioskHarness) -> None:
    kiosk.wait_screen(Screen.START)
    kiosk.shoot("01-start")
    kiosk.choose(Screen.START, "booking")
    kiosk.wait_screen(Screen.BOOKING)
    _type_on_keypad(kiosk, BOOKING[:8])
    kiosk.shoot("02-booking")
    _type_on_keypad(kiosk, BOOKING[8:])
    kiosk.tap(kiosk.parts.window.booking.keypad.ok)
    kiosk.wait_screen(Screen.TICKET)
    kiosk.qtbot.waitUntil(lambda: len(kiosk.printer.printed) == 1)
    kiosk.qtbot.waitUntil(lambda: kiosk.state.print_state.value == "printed")
    assert kiosk.backend.requests[0].booking_code == BOOKING
    view = kiosk.parts.window.ticket
    assert view.number.text() == kiosk.printer.printed[0].number
    assert view.qr.pixmap() is not None
    assert not view.qr.pixmap().isNull()
    kiosk.shoot("03-ticket")
    kiosk.tap(view.done)
    kiosk.wait_screen(Screen.START)


def test_kiosk_scanner_booking_twice_gives_the_same_ticket(kiosk: KioskHarness) -> None:
    kiosk.parts.devices.simulate_scan(BOOKING)
    kiosk.wait_screen(Screen.TICKET)
    first = kiosk.parts.window.ticket.number.text()
    kiosk.tap(kiosk.parts.window.ticket.done)
    kiosk.wait_screen(Screen.START)
    kiosk.parts.devices.simulate_scan(BOOKING)
    kiosk.wait_screen(Screen.TICKET)
    kiosk.qtbot.waitUntil(lambda: len(kiosk.printer.printed) == 2)
    assert kiosk.parts.window.ticket.number.text() == first
    assert kiosk.state.ticket is not None
    assert kiosk.state.ticket.reprinted
    assert len(kiosk.backend.tickets) == 1
    kiosk.shoot("04-ticket-reprint")


def test_kiosk_camera_booking_is_decoded_from_pixels(kiosk: KioskHarness) -> None:
    kiosk.parts.devices.simulate_camera(BOOKING)
    kiosk.wait_screen(Screen.TICKET)
    assert kiosk.backend.requests[-1].booking_code == BOOKING


def test_kiosk_malformed_qr_gets_a_clear_message(kiosk: KioskHarness) -> None:
    kiosk.parts.devices.simulate_scan("https://example.invalid/?<x>")
    kiosk.wait_screen(Screen.ERROR)
    assert kiosk.backend.requests == []
    kiosk.shoot("05-error-malformed")
    kiosk.choose(Screen.ERROR, "retry")
    kiosk.wait_screen(Screen.BOOKING)


def test_kiosk_server_refusals_show_the_server_message(kiosk: KioskHarness) -> None:
    kiosk.backend.errors[BOOKING] = ApiError(
        422,
        "booking_too_early",
        "Booking Anda untuk tanggal 02-12-2026. Silakan datang pada tanggal tersebut.",
        "Your booking is for 02 December 2026. Please come back on that day.",
    )
    kiosk.parts.devices.simulate_scan(BOOKING)
    kiosk.wait_screen(Screen.ERROR)
    lines = kiosk.parts.window.screen_view(Screen.ERROR).findChildren(
        type(kiosk.parts.window.header.office)
    )
    assert any("02-12-2026" in widget.text() for widget in lines)
    kiosk.shoot("06-error-too-early")


def test_kiosk_senior_passport_is_offered_priority(kiosk: KioskHarness) -> None:
    kiosk.choose(Screen.START, "passport")
    kiosk.wait_screen(Screen.PASSPORT)
    kiosk.shoot("07-passport")
    kiosk.parts.devices.simulate_passport(PASSPORTS.senior)
    kiosk.wait_screen(Screen.SENIOR)
    kiosk.shoot("08-senior")
    kiosk.choose(Screen.SENIOR, "yes")
    kiosk.wait_screen(Screen.SERVICES)
    kiosk.choose(Screen.SERVICES, "GP")
    kiosk.wait_screen(Screen.TICKET)
    request = kiosk.backend.requests[-1]
    assert request.priority_group == PriorityGroup.LANSIA
    assert request.mrz == PASSPORTS.senior
    kiosk.shoot("09-ticket-priority")


def test_kiosk_expired_passport_is_steered_to_replacement(kiosk: KioskHarness) -> None:
    kiosk.backend.errors["passport"] = ApiError(
        422,
        "passport_expired",
        "Paspor ini sudah habis masa berlakunya. Silakan pilih layanan Penggantian Paspor.",
        "This passport has expired. Choose Passport Renewal to replace it.",
    )
    kiosk.parts.devices.simulate_passport(PASSPORTS.expired)
    kiosk.wait_screen(Screen.EXPIRED)
    kiosk.shoot("10-expired")
    kiosk.choose(Screen.EXPIRED, "replacement")
    kiosk.wait_screen(Screen.TICKET)
    assert kiosk.backend.requests[-1].service == "GP"


def test_kiosk_garbled_passport_asks_to_scan_again(kiosk: KioskHarness) -> None:
    kiosk.parts.devices.simulate_passport(PASSPORTS.garbled)
    kiosk.wait_screen(Screen.ERROR)
    view = kiosk.parts.window.screen_view(Screen.ERROR)
    texts = [label.text() for label in view.findChildren(type(view.title))]
    assert any("nomor paspor" in text for text in texts)
    kiosk.shoot("11-passport-misread")
    kiosk.choose(Screen.ERROR, "retry")
    kiosk.wait_screen(Screen.PASSPORT)
    kiosk.parts.devices.simulate_passport(PASSPORTS.adult)
    kiosk.wait_screen(Screen.PRIORITY)


def test_kiosk_walk_in_lists_services_full_ones_disabled(kiosk: KioskHarness) -> None:
    kiosk.choose(Screen.START, "walk_in")
    kiosk.wait_screen(Screen.PRIORITY)
    kiosk.shoot("12-priority")
    kiosk.choose(Screen.PRIORITY, "none")
    kiosk.wait_screen(Screen.SERVICES)
    buttons = {b.key: b for b in kiosk.parts.window.screen_view(Screen.SERVICES).choice_buttons}
    assert set(buttons) == {"HR", "AP", "IN"}
    assert not buttons["HR"].isEnabled()
    kiosk.shoot("13-services")
    kiosk.choose(Screen.SERVICES, "AP")
    kiosk.wait_screen(Screen.TICKET)


def test_kiosk_booking_only_service_offers_priority(kiosk: KioskHarness) -> None:
    kiosk.backend.errors["PB"] = ApiError(
        409,
        "booking_required",
        "Paspor Baru memerlukan booking M-Paspor.",
        "New Passport needs an M-Paspor booking.",
    )
    kiosk.choose(Screen.START, "walk_in")
    kiosk.choose(Screen.PRIORITY, "disabilitas")
    kiosk.wait_screen(Screen.SERVICES)
    kiosk.choose(Screen.SERVICES, "PB")
    kiosk.wait_screen(Screen.ERROR)
    kiosk.shoot("14-error-booking-required")
    kiosk.choose(Screen.ERROR, "priority")
    kiosk.wait_screen(Screen.PRIORITY)


def test_kiosk_printer_fault_keeps_ticket_reports_and_staff_reprints(kiosk: KioskHarness) -> None:
    kiosk.printer.fault = PrinterOutOfPaperError("sim://", "out of paper")
    kiosk.parts.devices.simulate_scan(BOOKING)
    kiosk.wait_screen(Screen.TICKET)
    kiosk.qtbot.waitUntil(lambda: kiosk.state.print_state.value == "failed")
    assert [f.state for f in kiosk.backend.faults] == ["out_of_paper"]
    kiosk.shoot("15-ticket-printer-fault")
    ticket = kiosk.state.ticket
    assert ticket is not None
    assert ticket.ticket_id is not None
    kiosk.printer.fault = None
    with kiosk.qtbot.waitSignal(kiosk.parts.controller.reprinted) as blocker:
        kiosk.parts.controller.request_reprint(ticket.ticket_id)
    assert blocker.args == [ticket.ticket_id, True]
    assert [v.number for v in kiosk.printer.printed] == [ticket.number]


def test_kiosk_offline_issues_from_lease_and_hands_in_later(kiosk: KioskHarness) -> None:
    kiosk.qtbot.waitUntil(lambda: kiosk.parts.store.numbers_left("AP", NOW) > 0)
    kiosk.backend.reachable = False
    kiosk.choose(Screen.START, "walk_in")
    kiosk.choose(Screen.PRIORITY, "none")
    kiosk.choose(Screen.SERVICES, "AP")
    kiosk.wait_screen(Screen.TICKET)
    ticket = kiosk.state.ticket
    assert ticket is not None
    assert ticket.offline
    assert ticket.status_url is None
    kiosk.shoot("16-ticket-offline")
    assert [t.number for t in kiosk.parts.store.pending()] == [ticket.number]
    kiosk.backend.reachable = True
    with kiosk.qtbot.waitSignal(kiosk.parts.controller.synced) as blocker:
        kiosk.parts.controller.sync_now()
    assert blocker.args[0].handed_in == 1
    assert kiosk.backend.handed_in == [ticket.number]


def test_kiosk_inactivity_returns_to_start(kiosk: KioskHarness) -> None:
    kiosk.tap(kiosk.parts.window.screen_view(Screen.START).language_buttons["en"])
    kiosk.choose(Screen.START, "walk_in")
    kiosk.wait_screen(Screen.PRIORITY)
    kiosk.clock.advance(30)
    kiosk.parts.controller.check_inactivity()
    assert kiosk.state.screen == Screen.PRIORITY
    kiosk.clock.advance(31)
    kiosk.parts.controller.check_inactivity()
    kiosk.wait_screen(Screen.START)
    assert kiosk.state.language == Language.ID


def test_kiosk_closed_outside_hours(kiosk: KioskHarness) -> None:
    kiosk.backend.open_now = False
    kiosk.parts.controller.sync_now()
    kiosk.wait_screen(Screen.CLOSED)
    kiosk.shoot("17-closed")
    kiosk.parts.devices.simulate_scan(BOOKING)  # ignored while closed
    kiosk.backend.open_now = True
    kiosk.parts.controller.sync_now()
    kiosk.wait_screen(Screen.START)
    assert kiosk.backend.requests == []


def test_a_sync_asked_for_while_one_runs_runs_again_after_it(kiosk: KioskHarness) -> None:
    """The first sync read the office open; it closed before the second was asked for.
    The second must not be dropped for the first still running."""
    kiosk.wait_screen(Screen.START)
    kiosk.qtbot.waitUntil(lambda: not kiosk.parts.controller.jobs.busy)  # start's sync done
    kiosk.backend.office_read = threading.Event()
    kiosk.parts.controller.sync_now()  # reads "open", then waits for its reply
    kiosk.backend.open_now = False
    kiosk.parts.controller.sync_now()
    kiosk.backend.office_read.set()
    kiosk.wait_screen(Screen.CLOSED)


def test_a_kiosk_told_to_stop_prints_the_ticket_in_hand_first(kiosk: KioskHarness) -> None:
    """Stopped (SIGTERM) while a ticket was being issued: the ticket is printed, then
    the kiosk quits; never a ticket issued and not printed."""
    kiosk.wait_screen(Screen.START)
    kiosk.qtbot.waitUntil(lambda: not kiosk.parts.controller.jobs.busy)  # start's sync done
    kiosk.backend.issue_reply = threading.Event()
    kiosk.parts.devices.simulate_scan(BOOKING)
    kiosk.qtbot.waitUntil(lambda: len(kiosk.backend.tickets) == 1)  # issued, its reply held
    printed_at_quit: list[int] = []

    kiosk.parts.controller.finish_then(lambda: printed_at_quit.append(len(kiosk.printer.printed)))
    kiosk.qtbot.wait(300)
    assert printed_at_quit == []  # the ticket's reply has not come: it waits
    kiosk.backend.issue_reply.set()

    kiosk.qtbot.waitUntil(lambda: bool(printed_at_quit))
    assert printed_at_quit == [1]


def test_a_stopping_kiosk_issues_no_new_ticket(kiosk: KioskHarness) -> None:
    kiosk.wait_screen(Screen.START)
    kiosk.qtbot.waitUntil(lambda: not kiosk.parts.controller.jobs.busy)
    quit_called: list[bool] = []
    kiosk.parts.controller.finish_then(lambda: quit_called.append(True))
    kiosk.qtbot.waitUntil(lambda: bool(quit_called))  # nothing in hand: at once

    kiosk.parts.devices.simulate_scan(BOOKING)

    kiosk.wait_screen(Screen.WORKING)  # the scan was read; its ticket is not asked for
    assert not kiosk.parts.controller.jobs.busy
    assert kiosk.backend.requests == []
    kiosk.parts.controller.finish_then(lambda: quit_called.append(True))
    assert quit_called == [True, True]  # told again: at once


def test_kiosk_every_quota_full_says_so(kiosk: KioskHarness) -> None:
    kiosk.backend.services_list = [
        s.model_copy(update={"quota_remaining": 0}) for s in kiosk.backend.services_list
    ]
    kiosk.parts.controller.sync_now()
    kiosk.wait_screen(Screen.CLOSED)
    kiosk.shoot("18-closed-full")


def test_kiosk_keyboard_wedge_burst_is_a_scan(wedge_kiosk: KioskHarness) -> None:
    window = wedge_kiosk.parts.window
    wedge_kiosk.qtbot.keyClicks(window, BOOKING)  # a scanner "types" far faster than a person
    wedge_kiosk.qtbot.keyClick(window, Qt.Key.Key_Return)
    wedge_kiosk.wait_screen(Screen.TICKET)
    assert wedge_kiosk.backend.requests[-1].booking_code == BOOKING
