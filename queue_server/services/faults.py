"""Device faults as staff see them, and the reprint a counter officer asks for.

An open fault is a banner on the console and the admin pages, in both languages, until
it is cleared (the kiosk reports its printer ready again, or staff resolve it).

A reprint is a ``ticket.updated`` event with ``action="reprint_requested"`` and
``device`` naming the kiosk that should print again; asking for it resolves the
fault. The kiosk listens on the event stream and prints the ticket again.
"""

from dataclasses import dataclass
from datetime import datetime

from queue_protocol import EventType, LocalizedText
from queue_server.domain.errors import DomainError, NotFoundError
from queue_server.services.context import Actor, ServerContext
from queue_server.services.ticket_view import to_ticket
from queue_server.services.transaction import write
from queue_server.storage import record_store, ticket_store

REPRINT_ACTION = "reprint_requested"


@dataclass(frozen=True)
class FaultView:
    """An open fault: which kiosk, which part, what happened, and the ticket left unprinted."""

    id: int
    device_name: str
    device: str
    state: str
    message: str
    at: datetime
    ticket_id: int | None
    ticket_number: str | None

    @property
    def headline(self) -> LocalizedText:
        """What the banner says: the kiosk, what is wrong, what to do."""
        return fault_headline(self.device_name, self.device, self.state)


_OUT_OF_PAPER = ("kertas printer habis: isi ulang kertas", "printer out of paper: refill the paper")
# A printer's stable fault words (``hardware.printer.base.PrinterError.state``).
_PRINTER_FAULTS = {
    "out_of_paper": _OUT_OF_PAPER,
    "paper_out": _OUT_OF_PAPER,  # the word of an older kiosk
    "cover_open": ("tutup printer terbuka: tutup kembali", "printer cover open: close it"),
    "offline": (
        "printer tidak tersambung: periksa daya dan kabel",
        "printer offline: check its power and cable",
    ),
    "unreachable": (
        "printer tidak dapat dihubungi: periksa daya dan kabel",
        "printer unreachable: check its power and cable",
    ),
}


def fault_headline(device_name: str, device: str, state: str) -> LocalizedText:
    """``"kiosk-1: kertas printer habis: isi ulang kertas"`` and its English."""
    known = _PRINTER_FAULTS.get(state) if device == "printer" else None
    if known is None:
        known = (f"gangguan {device} ({state})", f"{device} fault ({state})")
    return LocalizedText(id=f"{device_name}: {known[0]}", en=f"{device_name}: {known[1]}")


def open_faults(ctx: ServerContext) -> list[FaultView]:
    """Unresolved faults, newest first."""
    with ctx.db.read() as session:
        rows = record_store.open_faults(session)
        tickets = ticket_store.tickets_by_ids(
            session, [row.ticket_id for row in rows if row.ticket_id is not None]
        )
        return [
            FaultView(
                id=row.id,
                device_name=row.device_name,
                device=row.device,
                state=row.state,
                message=row.message,
                at=ctx.local(row.at),
                ticket_id=row.ticket_id,
                ticket_number=tickets[row.ticket_id].number if row.ticket_id in tickets else None,
            )
            for row in rows
        ]


def request_reprint(ctx: ServerContext, fault_id: int, actor: Actor) -> None:
    """Ask the kiosk that reported ``fault_id`` to print its ticket again; resolves the fault."""
    with write(ctx, actor) as tx:
        fault = record_store.fault(tx.session, fault_id)
        if fault is None:
            raise NotFoundError(
                message_en=f"No fault {fault_id}.", message_id=f"Gangguan {fault_id} tidak ada."
            )
        if fault.resolved_at is not None:
            raise DomainError(
                message_en="This fault has been handled already.",
                message_id="Gangguan ini sudah ditangani.",
                code="fault_resolved",
            )
        ticket = ticket_store.by_id(tx.session, fault.ticket_id) if fault.ticket_id else None
        if ticket is None:
            raise DomainError(
                message_en="This fault has no ticket to print again.",
                message_id="Gangguan ini tidak memiliki tiket untuk dicetak ulang.",
                code="nothing_to_reprint",
            )
        ticket.reprints += 1
        tx.session.flush()
        tx.emit(
            EventType.TICKET_UPDATED,
            ticket=to_ticket(ctx, tx.session, ticket),
            action=REPRINT_ACTION,
            extra={"device": fault.device_name},
        )
        fault.resolved_at = ctx.now()
