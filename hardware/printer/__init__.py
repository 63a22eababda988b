"""Ticket printers: ``open_printer(url)`` gives a closed ``TicketPrinter``.

python-escpos loads only when a printer is made, so importing ``hardware.printer.base``
(as the kiosk does at start) stays fast.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hardware.printer.base import TicketPrinter
    from hardware.printer.paper import PaperWidth, QrMode


def open_printer(
    url: str,
    *,
    paper: "PaperWidth | None" = None,
    qr_mode: "QrMode | None" = None,
    timeout: float | None = None,
) -> "TicketPrinter":
    """A closed printer for ``url``; see ``hardware.printer.factory.open_printer``."""
    from hardware.printer.factory import open_printer as factory_open_printer

    return factory_open_printer(url, paper=paper, qr_mode=qr_mode, timeout=timeout)


__all__ = ["open_printer"]
