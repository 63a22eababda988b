"""Every error leaves as ``{"error": code, "message": text}``; a 500 is a bug.

A database that cannot serve (down, full, out of reach) is not a bug: the request
gets a 503 ``database_unavailable`` with ``Retry-After``, which a kiosk takes as
"issue from the lease" and a console shows as it is.
"""

import logging
import math
import time

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from queue_server.domain.errors import DomainError
from queue_server.storage import UNAVAILABLE_ERRORS, unavailable_cause

log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}
DATABASE_RETRY_AFTER_S = 5


def error_body(code: str, message: str, message_en: str | None = None) -> dict[str, str]:
    body = {"error": code, "message": message}
    if message_en and message_en != message:
        body["message_en"] = message_en
    return body


async def _domain_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    retry_after = getattr(error, "retry_after_s", None)  # a refusal that ends by itself
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return JSONResponse(
        error_body(error.code, error.message_id, error.message_en),
        status_code=error.http_status,
        headers=headers,
    )


async def _validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem.get("loc", ()) if part != "body")
        problems.append(f"{where or 'request'}: {problem.get('msg', 'invalid')}")
    text = "; ".join(problems[:5]) or "invalid request"
    return JSONResponse(
        error_body(
            "invalid_request", f"Permintaan tidak valid: {text}", f"Invalid request: {text}"
        ),
        status_code=422,
    )


async def _http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    code = _HTTP_CODES.get(error.status_code, "http_error")
    detail = error.detail if isinstance(error.detail, str) else code
    message_en = getattr(error, "message_en", None)  # an error that carries both languages
    return JSONResponse(
        error_body(code, detail, message_en), status_code=error.status_code, headers=error.headers
    )


class _OutageLog:
    """An outage's first refusal is logged at once, the rest once a minute, counted:
    a database that is down must not bury the log under a line a request."""

    def __init__(self, every_s: float = 60.0) -> None:
        self.every_s = every_s
        self._last = -math.inf
        self._refused = 0

    def refused(self, cause: str) -> None:
        self._refused += 1
        now = time.monotonic()
        if now - self._last < self.every_s:
            return
        log.error("database unavailable, %d request(s) refused: %s", self._refused, cause)
        self._last, self._refused = now, 0


_outage = _OutageLog()


async def database_unavailable(_request: Request, error: Exception) -> JSONResponse:
    _outage.refused(unavailable_cause(error))
    return JSONResponse(
        error_body(
            "database_unavailable",
            "Basis data antrean sedang tidak dapat dipakai. Coba lagi sebentar lagi; "
            "jika berlanjut, hubungi petugas TI.",
            "The queue database cannot be used right now. Try again shortly; "
            "if it goes on, call IT.",
        ),
        status_code=503,
        headers={"Retry-After": str(DATABASE_RETRY_AFTER_S)},
    )


def install_error_handlers(app: FastAPI) -> None:
    for kind in UNAVAILABLE_ERRORS:
        app.add_exception_handler(kind, database_unavailable)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
