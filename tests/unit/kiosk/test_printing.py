"""Printing: faults keep the ticket, are reported to staff, and a reprint works."""

from pathlib import Path

from hardware.printer.base import PrinterOutOfPaperError
from kiosk_app.core.offline_store import OfflineStore
from kiosk_app.core.outcomes import IssuedTicket
from kiosk_app.core.printing import TicketPrinting
from queue_protocol import LocalizedText
from tests.unit.kiosk.fakes import NOW, FakeBackend, RecordingPrinter


def _ticket() -> IssuedTicket:
    return IssuedTicket(
        client_ref="ref-00000001",
        number="C007",
        service="AP",
        service_name=LocalizedText(id="Pengambilan Paspor", en="Passport Collection"),
        people_ahead=4,
        estimated_wait_min=12,
        issued_at=NOW,
        ticket_id=42,
        status_url="http://x/status/t",
        priority=True,
    )


def test_printing_prints_both_languages_and_facts(tmp_path: Path) -> None:
    printer = RecordingPrinter()
    with OfflineStore(tmp_path / "s.sqlite3") as store:
        printing = TicketPrinting(lambda: printer, FakeBackend(), store, office_name="Kanim")
        assert printing.print_ticket(_ticket())
    (view,) = printer.printed
    assert (view.number, view.service_id, view.service_en) == (
        "C007",
        "Pengambilan Paspor",
        "Passport Collection",
    )
    assert (view.people_ahead, view.estimated_wait_min, view.priority) == (4, 12, True)
    assert view.status_url == "http://x/status/t"


def test_printing_fault_is_reported_kept_and_reprinted(tmp_path: Path) -> None:
    printer = RecordingPrinter()
    printer.fault = PrinterOutOfPaperError("test://p", "out of paper")
    backend = FakeBackend()
    with OfflineStore(tmp_path / "s.sqlite3") as store:
        printing = TicketPrinting(lambda: printer, backend, store, office_name="Kanim")
        assert not printing.print_ticket(_ticket())
        assert [(f.state, f.ticket_id) for f in backend.faults] == [("out_of_paper", 42)]
        assert [t.number for t in store.unprinted()] == ["C007"]
        assert not printing.reprint(42)  # still out of paper
        printer.fault = None
        assert printing.reprint(42)
        assert store.unprinted() == []
        assert not printing.reprint(42)  # printed once: nothing left to reprint
    assert [f.state for f in backend.faults] == ["out_of_paper", "out_of_paper", "ok"]
    assert [v.number for v in printer.printed] == ["C007"]


def test_printing_fault_with_server_down_still_keeps_the_ticket(tmp_path: Path) -> None:
    printer = RecordingPrinter()
    printer.fault = PrinterOutOfPaperError("test://p", "out of paper")
    backend = FakeBackend()
    backend.reachable = False
    with OfflineStore(tmp_path / "s.sqlite3") as store:
        printing = TicketPrinting(lambda: printer, backend, store, office_name="Kanim")
        assert not printing.print_ticket(_ticket())
        assert len(store.unprinted()) == 1
