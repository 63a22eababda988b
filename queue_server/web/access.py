"""Who is asking, for the browser pages: the session cookie, roles and CSRF.

Invariants:
- A cookie-authenticated unsafe request (POST, PUT, PATCH, DELETE) carries the
  double-submit CSRF token, in the ``X-CSRF-Token`` header (JavaScript) or the
  ``csrf_token`` form field (HTML forms); requests with a valid Bearer token
  (kiosks, displays, API clients) are not cookie-authenticated and are
  unaffected. Any other ``Authorization`` header (another scheme, a token that
  opens nothing) beside the session cookie does not spare the check.
- A page never answers 401 to a browser: it redirects to the login page, with
  a note when the session has expired.
"""

import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from queue_server.api.deps import SESSION_COOKIE, bearer_token, current_actor, get_ctx, require
from queue_server.services import auth
from queue_server.services.auth import Permission
from queue_server.services.context import Actor, ServerContext

CSRF_COOKIE = "antrean_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


# The API's dependencies, under the names these pages use: one way to find the caller.
request_token = bearer_token
actor_of = current_actor

WebCtx = Annotated[ServerContext, Depends(get_ctx)]


def context_of(request: Request) -> ServerContext:
    """The server context, for a page that has the request at hand."""
    ctx: ServerContext = request.app.state.ctx
    return ctx


class LoginRequiredError(Exception):
    """Raised by a page dependency; answered with a redirect to the login page."""

    def __init__(self, next_url: str, expired: bool) -> None:
        super().__init__(next_url)
        self.next_url = next_url
        self.expired = expired


class PageForbiddenError(Exception):
    """A logged-in user opened a page of another role; answered with a 403 page."""

    def __init__(self, actor: Actor) -> None:
        super().__init__(actor.name)
        self.actor = actor


def page_user(permission: Permission) -> Callable[..., Awaitable[Actor]]:
    """A page dependency: the logged-in user holding ``permission``, else a redirect or 403."""

    async def dependency(request: Request) -> Actor:
        actor = await actor_of(request)
        if actor is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise LoginRequiredError(target, expired=SESSION_COOKIE in request.cookies)
        if permission not in auth.permissions_of(actor):
            raise PageForbiddenError(actor)
        return actor

    return dependency


api_user = require  # a JSON dependency: the caller holding a permission, else 401 or 403


def login_redirect(error: LoginRequiredError) -> Response:
    """Where an anonymous or expired browser goes: the login page, then back."""
    query = f"next={quote(error.next_url, safe='/')}"
    if error.expired:
        query += "&expired=1"
    response = Response(status_code=303, headers={"location": f"/login?{query}"})
    if error.expired:
        response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def csrf_token(request: Request) -> str:
    """The double-submit token of this browser (made on first use; see ``CsrfMiddleware``)."""
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not token:
        token = secrets.token_urlsafe(24)
        request.state.new_csrf = token
    return str(token)


def set_csrf_cookie(request: Request, response: Response) -> None:
    """Send the token made for this request, if one was made."""
    token = getattr(request.state, "new_csrf", None)
    if token and request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(CSRF_COOKIE, token, path="/", samesite="strict", httponly=False)


def tokens_match(expected: str | None, given: str | None) -> bool:
    return bool(expected and given and hmac.compare_digest(expected, given))


async def check_form_csrf(request: Request) -> None:
    """A form POST's ``csrf_token`` field must equal the CSRF cookie."""
    form = await request.form()
    given = form.get(CSRF_FIELD)
    if not tokens_match(
        request.cookies.get(CSRF_COOKIE), given if isinstance(given, str) else None
    ):
        raise HTTPException(
            status_code=403,
            detail="Formulir kedaluwarsa; muat ulang halaman / Form expired; reload the page.",
        )


FormCsrf = Depends(check_form_csrf)


class CsrfMiddleware:
    """Refuses a cookie-authenticated unsafe request without the CSRF header.

    HTML forms outside ``/api/`` send the token as a form field, which the page
    route checks itself (``FormCsrf``); under ``/api/`` only the header counts.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in UNSAFE_METHODS
            or _without_session_risk(scope)
        ):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if SESSION_COOKIE not in request.cookies or await _valid_bearer(request):
            await self.app(scope, receive, send)
            return
        header = request.headers.get(CSRF_HEADER)
        if header is None and not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)  # a page form; its route checks the field
            return
        if tokens_match(request.cookies.get(CSRF_COOKIE), header):
            await self.app(scope, receive, send)
            return
        response = JSONResponse(
            {
                "error": "csrf_failed",
                "message": "Token keamanan tidak cocok; muat ulang halaman.",
                "message_en": "Security token missing or wrong; reload the page.",
            },
            status_code=403,
        )
        await response(scope, receive, send)


def _without_session_risk(scope: Scope) -> bool:
    """A request with no cookie that could be the session's (read from the raw headers:
    the devices' busy calls pass here without parsing)."""
    cookie = b"".join(value for name, value in scope["headers"] if name == b"cookie")
    return _SESSION_COOKIE_BYTES not in cookie


async def _valid_bearer(request: Request) -> bool:
    """The request's ``Authorization: Bearer`` token opens a session or a device: the
    caller is an API client, not a browser a page could be forged in."""
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        return False
    return await actor_of(request) is not None


_SESSION_COOKIE_BYTES = SESSION_COOKIE.encode()
