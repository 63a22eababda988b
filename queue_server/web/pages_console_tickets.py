"""The console's calls about tickets other than the counter's own: a ticket of today found
by its number, a ticket issued at an information desk and its page to print, and the
open device faults (the banner on the console and the admin pages)."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, status
from markupsafe import Markup
from starlette.responses import JSONResponse, Response

from queue_protocol import DeskTicketRequest
from queue_server.api.params import CounterPath, TicketId
from queue_server.api.running import read_use_case, use_case
from queue_server.qr_codes import qr_svg
from queue_server.services import desk_tickets, faults, ticket_search, tickets
from queue_server.services.auth import Permission
from queue_server.services.context import Actor
from queue_server.services.priority_texts import PRIORITY_GROUP_NAMES
from queue_server.web.access import api_user, context_of, page_user
from queue_server.web.pages_counter import fault_json, queue_names
from queue_server.web.rendering import render

router = APIRouter()
PageOfficer = Annotated[Actor, Depends(page_user(Permission.SERVE))]
ApiOfficer = Annotated[Actor, Depends(api_user(Permission.SERVE))]
NumberQuery = Annotated[str, Query(min_length=1, max_length=16)]


@router.get("/api/v1/console/{counter}/tickets")
async def find_ticket(
    request: Request, counter: CounterPath, number: NumberQuery, actor: ApiOfficer
) -> dict[str, Any]:
    """Today's ticket ``number``: its state, queue, people ahead, events, allowed actions."""
    ctx = context_of(request)
    found = await read_use_case(ctx, ticket_search.find_today, ctx, number)
    return {
        "ticket": found.ticket.model_dump(mode="json", by_alias=True),
        "queue": queue_names(ctx, found.queue),
        "history": [
            {
                "at": line.at.isoformat(),
                "type": line.type,
                "action": line.action,
                "actor": line.actor,
                "counter": line.counter,
            }
            for line in found.history
        ],
        "actions": [action.value for action in found.actions],
        "requeue_refused": found.requeue_refused.model_dump() if found.requeue_refused else None,
    }


@router.post("/api/v1/console/{counter}/tickets", status_code=status.HTTP_201_CREATED)
async def issue_at_desk(
    request: Request, counter: CounterPath, body: DeskTicketRequest, actor: ApiOfficer
) -> Response:
    """A walk-in ticket issued by the officer of an information desk; 200 with the same
    ticket for a repeated ``client_ref``."""
    ctx = context_of(request)
    ticket, created = await use_case(ctx, desk_tickets.issue_at_desk, ctx, counter, body, actor)
    return JSONResponse(
        ticket.model_dump(mode="json", by_alias=True),
        status_code=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )


@router.get("/counter/tickets/{ticket_id}/print", include_in_schema=False)
async def ticket_to_print(request: Request, ticket_id: TicketId, actor: PageOfficer) -> Response:
    """A ticket as a page the browser prints (the server drives no printer)."""
    ctx = context_of(request)
    ticket = await read_use_case(ctx, tickets.ticket_by_id, ctx, ticket_id)
    qr = Markup(qr_svg(ticket.status_url, box_size=5)) if ticket.status_url else None  # noqa: S704 - our own QR SVG
    return render(
        request,
        "ticket_print.html",
        actor=actor,
        ticket=ticket,
        issued=ticket.issued_at.strftime("%d-%m-%Y %H:%M"),
        priority=PRIORITY_GROUP_NAMES[ticket.priority_group] if ticket.priority_group else None,
        qr=qr,
    )


@router.get("/api/v1/faults")
async def open_faults(request: Request, actor: ApiOfficer) -> list[dict[str, Any]]:
    """The open device faults, newest first: the banner staff see until each is cleared."""
    ctx = context_of(request)
    return [fault_json(fault) for fault in await read_use_case(ctx, faults.open_faults, ctx)]
