"""``EscposTicketPrinter``: layout, transport and status put together.

Invariants:
- ``print_ticket`` returns only when the bytes were sent and, where the link can read
  status, the printer answered after them; otherwise it raises a ``PrinterError``.
  It never reports success for a printer that is unreachable.
- Status is checked before sending: a printer out of paper, with its cover open or
  offline gets no bytes (so nothing prints later by surprise).
- A link dropped while idle (printer rebooted, network blip) is reconnected once,
  before anything is sent.
"""

import errno
import logging
import socket
from typing import Self

from hardware.printer.base import PrinterError, PrinterStatus, PrinterUnreachableError, TicketView
from hardware.printer.layout import render_ticket
from hardware.printer.paper import PaperWidth, QrMode
from hardware.printer.status import (
    DLE_EOT_OFFLINE_CAUSE,
    DLE_EOT_PAPER,
    DLE_EOT_PRINTER,
    NO_STATUS,
    UNREACHABLE,
    error_for_status,
    parse_online,
    status_from_replies,
)
from hardware.printer.transport import PrinterTransport

log = logging.getLogger(__name__)

CONFIRM_TIMEOUT = 10.0
"""How long the printer may take to take in a ticket before answering the status after it."""


class EscposTicketPrinter:
    """A ``TicketPrinter`` speaking ESC/POS over any ``PrinterTransport``.

    Args:
        url: the printer's URL, used in messages.
        transport: a closed transport.
        paper: roll width.
        qr_mode: ``image`` (default) or ``native``.
        check_status: False for printers that never answer ``DLE EOT`` (some clones);
            a write-only transport is never asked.
    """

    def __init__(
        self,
        url: str,
        transport: PrinterTransport,
        *,
        paper: PaperWidth = PaperWidth.MM80,
        qr_mode: QrMode = "image",
        check_status: bool = True,
    ) -> None:
        self.url = url
        self.transport = transport
        self.paper = paper
        self.qr_mode: QrMode = qr_mode
        self.check_status = check_status and transport.reads_status
        self._open = False

    def open(self) -> None:
        """Connect to the printer.

        Raises:
            PrinterUnreachableError: it cannot be reached or opened.
        """
        try:
            self.transport.open()
        except OSError as error:
            raise PrinterUnreachableError(self.url, describe_os_error(error)) from error
        self._open = True

    def close(self) -> None:
        """Disconnect; safe to call twice."""
        self._open = False
        try:
            self.transport.close()
        except OSError as error:
            log.debug("closing %s: %s", self.url, error)

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def status(self) -> PrinterStatus:
        """Ask ``DLE EOT 1, 2, 4``; an unanswered query is unknown, never "OK"."""
        if not self.transport.reads_status:
            return NO_STATUS
        try:
            return self._query_status()
        except OSError:
            if not self._open:
                return UNREACHABLE
        try:  # the link dropped while idle: reconnect once, then ask again
            self.transport.close()
            self.transport.open()
            return self._query_status()
        except OSError:
            return UNREACHABLE

    def print_ticket(self, ticket: TicketView) -> None:
        """Check status, send the ticket, confirm the printer is still there.

        Raises:
            PrinterError: a subclass for each fault (out of paper, cover open, offline,
                unreachable); the message says what to do.
        """
        data = render_ticket(ticket, paper=self.paper, qr_mode=self.qr_mode)
        if self.check_status:
            self._raise_for(self.status())
        try:
            self.transport.write(data)
        except OSError as error:
            raise PrinterUnreachableError(
                self.url, f"sending the ticket failed: {describe_os_error(error)}"
            ) from error
        if self.check_status:
            self._confirm()

    def _query_status(self) -> PrinterStatus:
        printer = self.transport.query(DLE_EOT_PRINTER)
        if not printer:
            return UNREACHABLE
        cause = self.transport.query(DLE_EOT_OFFLINE_CAUSE)
        paper = self.transport.query(DLE_EOT_PAPER)
        return status_from_replies(printer, cause, paper)

    def _confirm(self) -> None:
        try:
            reply = self.transport.query(DLE_EOT_PRINTER, timeout=CONFIRM_TIMEOUT)
            if parse_online(reply) is False:  # e.g. the roll ran out during this ticket
                cause = self.transport.query(DLE_EOT_OFFLINE_CAUSE)
                paper = self.transport.query(DLE_EOT_PAPER)
                self._raise_for(status_from_replies(reply, cause, paper))
        except OSError as error:
            log.debug("status after printing on %s: %s", self.url, error)
            reply = b""
        if not reply:
            raise PrinterUnreachableError(
                self.url, "stopped answering while printing; the ticket may not have printed"
            )

    def _raise_for(self, status: PrinterStatus) -> None:
        error: PrinterError | None = error_for_status(self.url, status)
        if error is not None:
            raise error


def describe_os_error(error: OSError) -> str:
    """A short phrase a technician can act on, for a connect, open or send failure."""
    if isinstance(error, ConnectionRefusedError):
        return "connection refused (is the printer on, and is the address and port right?)"
    if isinstance(error, TimeoutError):
        return "no answer in time (is the printer on and on the network?)"
    if isinstance(error, socket.gaierror):
        return "unknown host name (check the printer's address)"
    if error.errno == errno.ENOENT:
        return "no such device (is it plugged in? check the path)"
    if error.errno == errno.EACCES:
        return "permission denied (add the kiosk user to the lp or dialout group)"
    if error.errno == errno.EBUSY:
        return "device busy (another program, such as CUPS, holds it)"
    if isinstance(error, ConnectionError | BrokenPipeError):
        return "the connection was closed by the printer"
    return str(error) or type(error).__name__
