"""``/status/{token}``: a visitor's own ticket, opened from the QR code on the ticket.

Only the ticket's unguessable token opens it; it shows number, service, status,
position and estimated wait, follows the ticket live on ``WS
/api/v1/status/{token}/live`` (``push.status_socket``), and polls
``/api/v1/status/{token}`` while that stream is down. The call and "almost your turn"
show in both languages: a foreign visitor may not have switched the page.
"""

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from queue_protocol import Language
from queue_server.domain.errors import NotFoundError
from queue_server.domain.near_turn import is_near_turn
from queue_server.services import tickets
from queue_server.web import i18n
from queue_server.web.access import context_of
from queue_server.web.rendering import language_of, render

router = APIRouter(include_in_schema=False)


@router.get("/status/{token}")
async def status_page(request: Request, token: str) -> Response:
    ctx = context_of(request)
    other = Language.EN if language_of(request) == Language.ID else Language.ID
    near_turn_ahead = ctx.office.status.near_turn_ahead
    page: dict[str, Any] = {
        "token": token,
        "near_turn_ahead": near_turn_ahead,
        "other_lang": other.value,
        "t_other": i18n.translator(other),
    }
    try:
        ticket = await run_in_threadpool(tickets.ticket_by_token, ctx, token)
    except NotFoundError:
        return render(request, "status.html", ticket=None, status_code=404, **page)
    near = is_near_turn(ticket.status, ticket.position, near_turn_ahead)
    response = render(request, "status.html", ticket=ticket, near_turn=near, **page)
    response.headers["referrer-policy"] = "no-referrer"  # the token is in the address
    return response
