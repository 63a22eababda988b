"""Tickets issued at an information desk, for visitors who cannot use the kiosk.

Only an officer at a counter the office marks ``information_desk`` issues them. They are
walk-in tickets like a kiosk's (same numbers, quotas, hours and priority rules, and
counted in the reports as walk-ins); the ``ticket.issued`` event, the audit trail, names
the officer and the desk, and no device.
"""

from queue_protocol import DeskTicketRequest, IssueTicketRequest, Ticket, TicketSource
from queue_server.domain.errors import DomainError
from queue_server.services import tickets
from queue_server.services.calling import counter_def
from queue_server.services.context import Actor, ServerContext


class NotInformationDeskError(DomainError):
    code = "not_information_desk"
    http_status = 403


def issue_at_desk(
    ctx: ServerContext, counter: int, request: DeskTicketRequest, actor: Actor
) -> tuple[Ticket, bool]:
    """The ticket (and whether this call created it: a repeated ``client_ref`` returns
    the first one)."""
    desk = counter_def(ctx, counter)
    if not desk.information_desk:
        raise NotInformationDeskError(
            message_en=f"{desk.name.en} is not an information desk: tickets are issued at the "
            "kiosk or at the information desk.",
            message_id=f"{desk.name.id} bukan meja informasi: tiket diambil di kios atau di meja "
            "informasi.",
        )
    issue = IssueTicketRequest(
        service=request.service,
        source=TicketSource.WALK_IN,
        priority_group=request.priority_group,
        language=request.language,
        client_ref=request.client_ref,
    )
    return tickets.issue_ticket(ctx, issue, actor, desk=counter)
