"""Open to anyone: health, the office's public facts, login, a ticket's own status."""

from importlib.metadata import version

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from queue_protocol import PROTOCOL_VERSION, LoginReply, LoginRequest, OfficeInfo, Ticket
from queue_server.api.deps import Ctx, bearer_token
from queue_server.api.replies import model_reply
from queue_server.api.running import read_use_case
from queue_server.services import auth, queue_state, tickets

router = APIRouter()


SERVER_VERSION = version("antrean")  # the installed distribution's, as pip shows it


@router.get("/healthz")
def health(ctx: Ctx) -> JSONResponse:
    database_ok = ctx.db.ping()
    body = {
        "status": "ok" if database_ok else "degraded",
        "version": SERVER_VERSION,
        "protocol": PROTOCOL_VERSION,
        "database": f"{ctx.db.backend}: {'ok' if database_ok else 'unreachable'}",
        "office_id": ctx.office.office.id,
    }
    return JSONResponse(body, status_code=200 if database_ok else 503)


@router.get("/api/v1/office")
def office(ctx: Ctx) -> OfficeInfo:
    return queue_state.office_info(ctx)


@router.post("/api/v1/auth/login")
def login(ctx: Ctx, body: LoginRequest, request: Request) -> LoginReply:
    address = request.client.host if request.client else ""
    return auth.login(ctx, body.username, body.password, address, body.totp)


@router.post("/api/v1/auth/logout", status_code=204)
def logout(ctx: Ctx, request: Request) -> None:
    token = bearer_token(request)
    if token:
        auth.logout(ctx, token)


@router.get("/api/v1/status/{token}", response_model=Ticket, response_model_by_alias=True)
async def ticket_status(ctx: Ctx, token: str) -> Response:
    """A ticket's status for whoever holds its unguessable token (the QR on the ticket)."""
    return model_reply(await read_use_case(ctx, tickets.ticket_by_token, ctx, token))
