"""``antrean device test printer URL``: print a sample ticket and report the printer's state."""

from datetime import datetime
from typing import TextIO

from hardware.printer.base import PaperState, PrinterError, PrinterUnreachableError, TicketView
from hardware.printer.status import describe

EXIT_OK, EXIT_FAULT, EXIT_DEVICE = 0, 1, 2


def sample_ticket(url: str, *, now: datetime | None = None) -> TicketView:
    """A test ticket that says it is one, in both languages."""
    return TicketView(
        office_name="Uji printer / Printer test",
        number="T001",
        service_id="Uji cetak",
        service_en="Test print",
        people_ahead=0,
        estimated_wait_min=0,
        issued_at=now or datetime.now().astimezone(),
        status_url=f"antrean-test:{url}",
        footer_id="Tiket uji, bukan nomor antrean.",
        footer_en="Test ticket, not a queue number.",
    )


def run_check(url: str, *, timeout: float, out: TextIO) -> int:
    """Open the printer at ``url``, report its state, print a sample ticket.

    Args:
        url: the printer URL as in ``kiosk.toml``.
        timeout: seconds to wait for a connection or a status answer.
        out: where the report goes; its last line always says what happened.

    Returns:
        0 when the ticket printed, 1 for a printer fault (out of paper, cover open,
        offline), 2 when the printer cannot be reached or the URL is wrong.
    """
    from hardware.printer.factory import open_printer

    try:
        printer = open_printer(url, timeout=timeout)
        printer.open()
    except PrinterError as error:
        out.write(f"{error}\n")
        return EXIT_DEVICE
    try:
        status = printer.status()
        out.write(f"printer at {url}: {describe(status)}\n")
        out.flush()
        printer.print_ticket(sample_ticket(url))
    except PrinterError as error:
        out.write(f"{error}\n")
        return EXIT_DEVICE if isinstance(error, PrinterUnreachableError) else EXIT_FAULT
    finally:
        printer.close()
    if status.online is None:
        note = " (this connection cannot read status: check the paper by eye)"
    elif status.paper is PaperState.NEAR_END:
        note = " (paper near end: replace the roll soon)"
    else:
        note = ""
    out.write(f"printer at {url}: OK, printed a test ticket{note}\n")
    return EXIT_OK
