"""Login, logout, the language switch and the landing redirect."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from queue_protocol import Role
from queue_protocol.bounds import PlainText
from queue_server.api.deps import SESSION_COOKIE
from queue_server.domain.errors import DomainError, LoginBusyError, TooManyAttemptsError
from queue_server.services import auth
from queue_server.services.second_factor import SecondFactorError, SecondFactorRequiredError
from queue_server.web.access import (
    FormCsrf,
    actor_of,
    context_of,
    request_token,
)
from queue_server.web.rendering import LANGUAGE_COOKIE, render

router = APIRouter(include_in_schema=False)

HOME = {Role.OFFICER: "/counter", Role.SUPERVISOR: "/reports", Role.ADMIN: "/admin"}


def safe_next(target: str | None) -> str | None:
    """Only a path on this server: never ``//host`` or ``https://...`` (an open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@router.get("/")
async def landing(request: Request) -> Response:
    actor = await actor_of(request)
    if actor is None or actor.role is None:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse(HOME[actor.role], status_code=303)


@router.get("/login")
async def login_page(
    request: Request, next: str | None = None, expired: int = 0, bye: int = 0
) -> Response:
    message = "login.expired" if expired else "login.bye" if bye else None
    return _login_page(request, next=safe_next(next) or "", message=message)


def _login_page(request: Request, *, status_code: int = 200, **values: Any) -> Response:
    """The login page; with the authenticator code's field when the office asks admins."""
    admin_totp = context_of(request).office.security.admin_totp
    return render(request, "login.html", admin_totp=admin_totp, status_code=status_code, **values)


@router.post("/login", dependencies=[FormCsrf])
async def login_submit(
    request: Request,
    username: Annotated[PlainText, Form(max_length=64)],
    password: Annotated[PlainText, Form(max_length=256)],
    next: Annotated[PlainText, Form(max_length=2048)] = "",
    totp: Annotated[str, Form(pattern=r"^[0-9]{0,6}$")] = "",
) -> Response:
    address = request.client.host if request.client else ""
    try:
        reply = await run_in_threadpool(
            auth.login, context_of(request), username, password, address, totp or None
        )
    except TooManyAttemptsError as error:
        return _login_page(
            request, next=next, message="login.throttled", minutes=error.retry_after_min,
            username=username, status_code=429,
        )  # fmt: skip
    except LoginBusyError as error:
        page = _login_page(
            request, next=next, message="login.busy", username=username, status_code=503
        )
        page.headers["retry-after"] = str(error.retry_after_s)
        return page
    except (SecondFactorRequiredError, SecondFactorError) as error:
        return _login_page(
            request, next=next, message=f"login.{error.code}", username=username,
            status_code=401,
        )  # fmt: skip
    except DomainError:
        return _login_page(
            request, next=next, message="login.failed", username=username, status_code=401
        )
    target = safe_next(next) or HOME[reply.role]
    response = RedirectResponse(target, status_code=303)
    ttl = int(context_of(request).token_ttl.total_seconds())
    response.set_cookie(
        SESSION_COOKIE, reply.token, max_age=ttl, path="/", httponly=True, samesite="lax"
    )
    return response


@router.post("/logout", dependencies=[FormCsrf])
async def logout(request: Request) -> Response:
    token = request_token(request)
    if token:
        await run_in_threadpool(auth.logout, context_of(request), token)
    response = RedirectResponse("/login?bye=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang/{code}")
async def switch_language(code: str, next: str | None = None) -> Response:
    """Store the chosen language (``id`` or ``en``) and go back where the user was."""
    response = RedirectResponse(safe_next(next) or "/", status_code=303)
    response.set_cookie(
        LANGUAGE_COOKIE, "en" if code == "en" else "id", max_age=365 * 86400, path="/"
    )
    return response
