"""The TicketPrinter contract over every transport, each against a simulated printer.

Rigs: the TCP simulator through ``tcp://``, a pty serial printer through ``serial://``,
the TCP simulator through pyserial's ``socket://``, and the in-process ``sim://``.
"""

import pytest

from hardware.printer import open_printer
from hardware.printer.base import (
    PaperState,
    PrinterCoverOpenError,
    PrinterOutOfPaperError,
    PrinterUnreachableError,
    TicketView,
)
from tests.contract.conftest import PrinterRig

WAIT = 5.0


@pytest.mark.parametrize("qr", ["image", "native"])
def test_printer_print_ticket_decodes_to_its_text_and_qr(
    printer_rig: PrinterRig, ticket: TicketView, qr: str
) -> None:
    with open_printer(f"{printer_rig.url}&qr={qr}") as printer:
        printer.print_ticket(ticket)

    assert printer_rig.device.wait_for_tickets(1, WAIT)
    printed = printer_rig.device.tickets[0]
    assert "B027" in printed.text.splitlines()
    assert "Penggantian Paspor" in printed.text
    assert "Passport Replacement" in printed.text
    assert "Tahap: Foto & wawancara" in printed.text
    assert "Stage: Photo & interview" in printed.text
    assert printed.qr_codes() == [ticket.status_url]
    assert printed.png_path is not None
    assert printed.png_path.read_bytes().startswith(b"\x89PNG")


def test_printer_status_when_ready_is_ready(printer_rig: PrinterRig) -> None:
    with open_printer(printer_rig.url) as printer:
        status = printer.status()

    assert status.ready
    assert status.paper is PaperState.OK
    assert status.cover_open is False


def test_printer_paper_out_raises_and_prints_nothing(
    printer_rig: PrinterRig, ticket: TicketView
) -> None:
    printer_rig.device.paper_out()
    with open_printer(printer_rig.url) as printer:
        assert printer.status().paper is PaperState.OUT
        with pytest.raises(PrinterOutOfPaperError, match="out of paper"):
            printer.print_ticket(ticket)

    assert printer_rig.device.tickets == []
    assert printer_rig.device.dropped_jobs == 0  # nothing was even sent


def test_printer_cover_open_raises_cover_open(printer_rig: PrinterRig, ticket: TicketView) -> None:
    printer_rig.device.open_cover()
    with open_printer(printer_rig.url) as printer:
        assert printer.status().cover_open is True
        with pytest.raises(PrinterCoverOpenError, match="cover open") as raised:
            printer.print_ticket(ticket)

    assert raised.value.state == "cover_open"
    assert printer_rig.device.tickets == []


def test_printer_paper_near_end_still_prints(printer_rig: PrinterRig, ticket: TicketView) -> None:
    printer_rig.device.paper_near_end()
    with open_printer(printer_rig.url) as printer:
        assert printer.status().paper is PaperState.NEAR_END
        printer.print_ticket(ticket)

    assert printer_rig.device.wait_for_tickets(1, WAIT)


def test_printer_going_offline_while_connected_raises_unreachable(
    printer_rig: PrinterRig, ticket: TicketView
) -> None:
    with open_printer(printer_rig.url) as printer:
        printer_rig.device.go_offline()
        assert not printer.status().reachable
        with pytest.raises(PrinterUnreachableError):
            printer.print_ticket(ticket)

    assert printer_rig.device.tickets == []


def test_printer_restored_after_fault_prints_on_same_connection(
    printer_rig: PrinterRig, ticket: TicketView
) -> None:
    with open_printer(printer_rig.url) as printer:
        printer_rig.device.paper_out()
        with pytest.raises(PrinterOutOfPaperError):
            printer.print_ticket(ticket)
        printer_rig.device.restore()
        printer.print_ticket(ticket)

    assert printer_rig.device.wait_for_tickets(1, WAIT)
    assert len(printer_rig.device.tickets) == 1


def test_printer_offline_refuses_to_open_or_print(
    printer_rig: PrinterRig, ticket: TicketView
) -> None:
    printer_rig.device.go_offline()
    printer = open_printer(printer_rig.url)
    try:
        printer.open()
    except PrinterUnreachableError:
        pass  # refused at once (network, sim://)
    else:  # a serial line opens, but nobody answers
        with pytest.raises(PrinterUnreachableError):
            printer.print_ticket(ticket)
    finally:
        printer.close()

    assert printer_rig.device.tickets == []
