"""What routes get from the app: the context, the signed body of an office, the user."""

from typing import Annotated

from anyio import to_thread
from fastapi import Depends, Request

from hq_server.domain.errors import HqError, UnauthorizedError
from hq_server.services import auth
from hq_server.services.auth import HqUser
from hq_server.services.context import HqContext
from queue_protocol.upstream import MAX_RECORDS, OFFICE_HEADER, SIGNATURE_HEADER

MAX_BODY = MAX_RECORDS * 2000  # bytes: a full batch with room to spare
SESSION_COOKIE = "antrean_hq"


def get_ctx(request: Request) -> HqContext:
    ctx: HqContext = request.app.state.ctx
    return ctx


Ctx = Annotated[HqContext, Depends(get_ctx)]


class SignedBody:
    """The raw body of an office's message, its office and its signature."""

    def __init__(self, office: str, body: bytes, signature: str) -> None:
        self.office, self.body, self.signature = office, body, signature


async def signed_body(request: Request) -> SignedBody:
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_BODY:
        raise _too_large()
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise _too_large()
    return SignedBody(
        request.headers.get(OFFICE_HEADER, ""), body, request.headers.get(SIGNATURE_HEADER, "")
    )


def _too_large() -> HqError:
    return HqError(
        f"Pesan lebih besar dari {MAX_BODY} bait.",
        f"The message is larger than {MAX_BODY} bytes: send at most {MAX_RECORDS} records.",
        code="too_large",
    )


Signed = Annotated[SignedBody, Depends(signed_body)]


def token_of(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.cookies.get(SESSION_COOKIE) or None


async def current_user(request: Request) -> HqUser:
    token = token_of(request)
    if token is None:
        raise UnauthorizedError("Silakan masuk terlebih dahulu.", "Log in first.")
    ctx = get_ctx(request)
    return await to_thread.run_sync(auth.user_of_token, ctx, token)


User = Annotated[HqUser, Depends(current_user)]
