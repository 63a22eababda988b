"""``/status/{token}``: a visitor's own ticket, opened from the QR code on the ticket.

Only the ticket's unguessable token opens it; it shows number, service, status,
position and estimated wait, and refreshes itself from ``/api/v1/status/{token}``.
"""

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from queue_server.domain.errors import NotFoundError
from queue_server.services import tickets
from queue_server.web.access import context_of
from queue_server.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/status/{token}")
async def status_page(request: Request, token: str) -> Response:
    try:
        ticket = await run_in_threadpool(tickets.ticket_by_token, context_of(request), token)
    except NotFoundError:
        return render(request, "status.html", ticket=None, token=token, status_code=404)
    response = render(request, "status.html", ticket=ticket, token=token)
    response.headers["referrer-policy"] = "no-referrer"  # the token is in the address
    return response
