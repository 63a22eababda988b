"""A request body past ``MAX_BODY_BYTES`` is refused with 413 before anything parses it,
and an address (path or query) holding a control character with 400.

Invariants:
- A path or query that decodes to a control character (``%00`` above all: PostgreSQL
  cannot store a NUL) reaches no route: every path and query parameter is plain text.
- A declared ``Content-Length`` over the limit is answered at once; nothing is read.
- A body without one (chunked) is counted as it streams: the chunk that crosses the
  limit is never handed on, and the client gets the same 413.
- Once the app has started its answer, a late overflow can no longer become a 413:
  the connection is ended instead, so an app never sees more than the limit.

Starlette and FastAPI have a limit of their own, but it answers in plain text, outside
the contract's error shape; this one answers like every other refusal.

The biggest honest body is a kiosk's hand-in of a lease's tickets (a few dozen KiB at
most); a login, a ticket or a form is far under a KiB.
"""

from urllib.parse import unquote_to_bytes

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from queue_protocol.bounds import has_control_characters
from queue_server.api.errors import error_body

MAX_BODY_BYTES = 64 * 1024


class BodyTooLargeError(HTTPException):
    """The body is past the limit. An ``HTTPException``: raised while a route reads its
    body, FastAPI hands it to the error handlers as it is, not as a parse error."""

    def __init__(self, limit: int) -> None:
        kib = limit // 1024
        super().__init__(
            status_code=413,
            detail=f"Isi permintaan melebihi {kib} KiB; kirim lebih sedikit sekaligus.",
        )
        self.message_en = f"The request body is over {kib} KiB; send less at once."


def too_large_reply(error: BodyTooLargeError) -> JSONResponse:
    return JSONResponse(
        error_body("body_too_large", error.detail, error.message_en), status_code=413
    )


def _address_has_control_characters(scope: Scope) -> bool:
    query = unquote_to_bytes(scope.get("query_string", b"").replace(b"+", b" "))
    return has_control_characters(scope["path"]) or has_control_characters(query.decode("latin-1"))


def _bad_address() -> JSONResponse:
    return JSONResponse(
        error_body(
            "invalid_request",
            "Alamat permintaan memuat karakter kendali (seperti NUL).",
            "The request's address holds a control character (such as NUL).",
        ),
        status_code=400,
    )


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class RequestGuardMiddleware:
    def __init__(self, app: ASGIApp, *, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _address_has_control_characters(scope):
            await _bad_address()(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > self.limit:
            await too_large_reply(BodyTooLargeError(self.limit))(scope, receive, send)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLargeError(self.limit)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLargeError as error:
            if started:
                raise
            await too_large_reply(error)(scope, receive, send)
