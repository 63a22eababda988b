"""Every refusal leaves as ``{"error", "message", "message_en"}`` with its 4xx; a database
that cannot serve gives 503 ``database_unavailable`` with ``Retry-After`` (an office's
sender keeps its batches and comes back)."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from hq_server.domain.errors import HqError
from hq_server.storage import UNAVAILABLE_ERRORS

log = logging.getLogger(__name__)
RETRY_AFTER_S = 5
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
}


def error_body(code: str, message: str, message_en: str) -> dict[str, str]:
    return {"error": code, "message": message, "message_en": message_en}


async def _hq_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HqError)
    return JSONResponse(
        error_body(error.code, error.message_id, error.message_en), status_code=error.http_status
    )


async def _validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = []
    for problem in error.errors()[:5]:
        where = ".".join(str(part) for part in problem.get("loc", ()) if part != "body")
        problems.append(f"{where or 'request'}: {problem.get('msg', 'invalid')}")
    text = "; ".join(problems) or "invalid request"
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
    return JSONResponse(
        error_body(code, detail, detail), status_code=error.status_code, headers=error.headers
    )


async def _unavailable(_request: Request, error: Exception) -> JSONResponse:
    log.warning("database unavailable: %s", type(error).__name__)
    return JSONResponse(
        error_body("database_unavailable", "Basis data pusat tidak dapat melayani sekarang.",
                   "Headquarters' database cannot serve now; try again shortly."),
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )  # fmt: skip


def install(app: FastAPI) -> None:
    app.add_exception_handler(HqError, _hq_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for error_type in UNAVAILABLE_ERRORS:
        app.add_exception_handler(error_type, _unavailable)
