"""Printing tickets, and what happens when the printer cannot.

A fault (out of paper, cover open, offline, unreachable) leaves the ticket on
screen, keeps it in the offline store as *unprinted* and reports the fault to
the server so staff see it; staff can have it reprinted once the printer is
back (``reprint``). The first good print after a fault tells the server the
printer is ready again. Printing runs on a worker thread, one job at a time.
"""

import logging
import threading
from collections.abc import Callable

from hardware.printer.base import PrinterError, TicketPrinter, TicketView
from kiosk_app.core.backend import KioskBackend
from kiosk_app.core.offline_store import OfflineStore
from kiosk_app.core.outcomes import IssuedTicket
from queue_protocol import DeviceFaultReport
from queue_protocol.client import ApiError

log = logging.getLogger(__name__)
PrinterFactory = Callable[[], TicketPrinter]


def ticket_view(ticket: IssuedTicket, office_name: str, *, training: bool = False) -> TicketView:
    """What goes on paper: the same facts as on screen, in both languages; a training
    office's ticket is marked as one."""
    return TicketView(
        office_name=office_name,
        number=ticket.number,
        service_id=ticket.service_name.id,
        service_en=ticket.service_name.en,
        people_ahead=ticket.people_ahead,
        estimated_wait_min=ticket.estimated_wait_min,
        issued_at=ticket.issued_at,
        status_url=ticket.status_url or "",
        stage_id=ticket.stage_name.id if ticket.stage_name else None,
        stage_en=ticket.stage_name.en if ticket.stage_name else None,
        priority=ticket.priority,
        wait_range_min=ticket.wait_range_min,
        training=training,
    )


class TicketPrinting:
    """Prints tickets on the configured printer and handles its faults.

    Args:
        open_printer: makes a closed ``TicketPrinter`` for the configured URL.
        backend: where faults are reported.
        store: where unprinted tickets are kept for a reprint.
        office_name: printed at the top of every ticket.
        training: a training office's kiosk: every ticket says PELATIHAN / TRAINING.
    """

    def __init__(
        self,
        open_printer: PrinterFactory,
        backend: KioskBackend,
        store: OfflineStore,
        *,
        office_name: str,
        training: bool = False,
    ) -> None:
        self._factory = open_printer
        self.training = training
        self._backend = backend
        self._store = store
        self.office_name = office_name
        self._printer: TicketPrinter | None = None
        self._lock = threading.Lock()
        self._faulted = False

    def print_ticket(self, ticket: IssuedTicket) -> bool:
        """Print ``ticket``; False (and the fault reported) when the printer could not."""
        with self._lock:
            try:
                printer = self._open()
                printer.print_ticket(ticket_view(ticket, self.office_name, training=self.training))
            except (PrinterError, OSError) as error:
                self._close()
                state = error.state if isinstance(error, PrinterError) else "unreachable"
                message = error.message if isinstance(error, PrinterError) else str(error)
                self._fail(ticket, state, message)
                return False
            self._store.remove_unprinted(ticket.client_ref)
            if self._faulted:
                self._faulted = False
                self._report(DeviceFaultReport(device="printer", state="ok", message="ready"))
            return True

    def reprint(self, ticket_id: int) -> bool:
        """Reprint an unprinted ticket by its server id (staff asked). False if unknown."""
        for ticket in self._store.unprinted():
            known = ticket.ticket_id or self._store.ticket_id(ticket.client_ref)
            if known == ticket_id:
                return self.print_ticket(ticket)
        return False

    def close(self) -> None:
        """Close the printer connection."""
        with self._lock:
            self._close()

    def _open(self) -> TicketPrinter:
        if self._printer is None:
            printer = self._factory()
            printer.open()
            self._printer = printer
        return self._printer

    def _close(self) -> None:
        printer, self._printer = self._printer, None
        if printer is not None:
            try:
                printer.close()
            except (PrinterError, OSError) as error:
                log.debug("closing the printer: %s", error)

    def _fail(self, ticket: IssuedTicket, state: str, message: str) -> None:
        log.warning(
            "printer fault %s: %s (ticket %s kept for reprint)", state, message, ticket.number
        )
        self._store.add_unprinted(ticket, state)
        self._faulted = True
        self._report(
            DeviceFaultReport(
                device="printer", state=state, message=message[:500], ticket_id=ticket.ticket_id
            )
        )

    def _report(self, report: DeviceFaultReport) -> None:
        try:
            self._backend.report_fault(report)
        except ApiError as error:
            log.warning("could not report the printer state to the server: %s", error)
