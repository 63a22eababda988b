"""Open to anyone: health, HQ's CA (what an enrolment code pins), login and logout."""

from datetime import datetime

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field

from hq_server.api.deps import Ctx, token_of
from hq_server.domain.errors import NotFoundError
from hq_server.domain.roles import HqRole
from hq_server.services import auth

router = APIRouter()


class HqLoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class HqLoginReply(BaseModel):
    token: str
    role: HqRole
    region: str | None
    expires_at: datetime


@router.get("/healthz")
def health(ctx: Ctx) -> JSONResponse:
    database_ok = ctx.db.ping()
    body = {"status": "ok" if database_ok else "degraded", "role": "headquarters"}
    return JSONResponse(body, status_code=200 if database_ok else 503)


@router.get("/ca.pem")
def ca_pem(request: Request) -> PlainTextResponse:
    pem: bytes | None = request.app.state.ca_pem
    if pem is None:
        raise NotFoundError("Pusat berjalan tanpa TLS.", "Headquarters runs without TLS.")
    return PlainTextResponse(pem.decode(), media_type="application/x-pem-file")


@router.post("/api/v1/hq/auth/login")
def login(ctx: Ctx, body: HqLoginRequest) -> HqLoginReply:
    result = auth.login(ctx, body.username, body.password)
    return HqLoginReply(token=result.token, role=result.user.role, region=result.user.region,
                        expires_at=result.expires_at)  # fmt: skip


@router.post("/api/v1/hq/auth/logout", status_code=204)
def logout(ctx: Ctx, request: Request) -> Response:
    token = token_of(request)
    if token:
        auth.logout(ctx, token)
    return Response(status_code=204)
