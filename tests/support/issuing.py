"""Tickets issued as a kiosk issues them, for tests that need some in the queue."""

import uuid

from queue_protocol import IssueTicketRequest, PriorityGroup, Ticket, TicketSource
from queue_server.services import tickets
from queue_server.services.context import Actor, ActorKind, ServerContext

KIOSK = Actor("kiosk-1", ActorKind.DEVICE)


def issue_walk_in(
    ctx: ServerContext,
    service: str = "AP",
    *,
    priority: PriorityGroup | None = None,
    client_ref: str | None = None,
) -> tuple[Ticket, bool]:
    """A walk-in ticket of ``service`` (a fresh ``client_ref`` unless one is given): the
    ticket, and whether it was issued now rather than found for its ``client_ref``."""
    request = IssueTicketRequest(
        service=service,
        source=TicketSource.WALK_IN,
        client_ref=client_ref or uuid.uuid4().hex,
        priority_group=priority,
    )
    return tickets.issue_ticket(ctx, request, KIOSK)
