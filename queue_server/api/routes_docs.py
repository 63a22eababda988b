"""The API's own documentation: ``/openapi.json``, ``/docs`` (Swagger UI), ``/redoc``.

Outside the demo they are for admins alone: the document maps every route a guesser
could try. ``ANTREAN_OPEN_API_DOCS=1`` (or the demo) opens them to anyone.

The two pages load their viewers from a CDN, as FastAPI serves them; their policy
allows that CDN and, of inline script, only the one block each page holds, by its hash.
"""

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse

from queue_server.api.deps import require
from queue_server.services.auth import Permission
from queue_server.services.context import Actor

OPENAPI_URL = "/openapi.json"
CDN = "https://cdn.jsdelivr.net"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def _script_hashes(html: str) -> str:
    digests = (hashlib.sha256(body.encode()).digest() for body in _INLINE_SCRIPT.findall(html))
    return " ".join(f"'sha256-{base64.b64encode(digest).decode()}'" for digest in digests)


def _viewer_page(page: HTMLResponse) -> HTMLResponse:
    """The page with a policy of its own (``SecurityHeadersMiddleware`` leaves it)."""
    html = bytes(page.body).decode()
    policy = (
        f"default-src 'self'; script-src 'self' {CDN} {_script_hashes(html)}; "
        f"style-src 'self' 'unsafe-inline' {CDN} https://fonts.googleapis.com; "
        "font-src 'self' https://fonts.gstatic.com; img-src 'self' data: https:; "
        "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'"
    )
    page.headers["content-security-policy"] = policy
    return page


def docs_router(*, open_to_anyone: bool) -> APIRouter:
    """The three routes, each for admins alone unless ``open_to_anyone``."""
    admin_only: Callable[..., Awaitable[Actor]] = require(Permission.ADMIN)
    guard = [] if open_to_anyone else [Depends(admin_only)]
    router = APIRouter(include_in_schema=False, dependencies=guard)

    @router.get(OPENAPI_URL)
    async def openapi(request: Request) -> JSONResponse:
        app: FastAPI = request.app
        return JSONResponse(app.openapi())

    @router.get("/docs")
    async def swagger(request: Request) -> HTMLResponse:
        title = f"{request.app.title} · API"
        return _viewer_page(get_swagger_ui_html(openapi_url=OPENAPI_URL, title=title))

    @router.get("/redoc")
    async def redoc(request: Request) -> HTMLResponse:
        title = f"{request.app.title} · API"
        return _viewer_page(get_redoc_html(openapi_url=OPENAPI_URL, title=title))

    return router
