"""Device faults as staff see them, and the reprint a counter officer asks for.

A reprint is a ``ticket.updated`` event with ``action="reprint_requested"`` and
``device`` naming the kiosk that should print again; asking for it resolves the
fault. The kiosk listens on the event stream and prints the ticket again.
"""

from dataclasses import dataclass
from datetime import datetime

from queue_protocol import EventType
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
            raise NotFoundError(f"No fault {fault_id}.", f"Gangguan {fault_id} tidak ada.")
        if fault.resolved_at is not None:
            raise DomainError(
                "This fault has been handled already.",
                "Gangguan ini sudah ditangani.",
                code="fault_resolved",
            )
        ticket = ticket_store.by_id(tx.session, fault.ticket_id) if fault.ticket_id else None
        if ticket is None:
            raise DomainError(
                "This fault has no ticket to print again.",
                "Gangguan ini tidak memiliki tiket untuk dicetak ulang.",
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
