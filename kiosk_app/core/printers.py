"""The printer named in kiosk.toml, made by the hardware layer's factory.

The factory is looked up when the first ticket prints, on a worker thread, so
a missing driver or an unplugged printer is a printer fault (the ticket stays
on screen and staff are told), never a crash at start.
"""

import importlib
from collections.abc import Callable

from hardware.printer.base import PrinterUnreachableError, TicketPrinter
from kiosk_app.core.printing import PrinterFactory


def printer_factory(url: str) -> PrinterFactory:
    """A factory of closed ``TicketPrinter`` objects for ``url`` (``sim://``, ``tcp://``...)."""

    def make() -> TicketPrinter:
        try:
            module = importlib.import_module("hardware.printer")
            open_printer: Callable[[str], TicketPrinter] = module.open_printer
        except (ImportError, AttributeError) as error:
            raise PrinterUnreachableError(url, f"no printer driver: {error}") from None
        return open_printer(url)

    return make
