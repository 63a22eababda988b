"""Templates: one Jinja2 environment, the page frame every template gets, and the language."""

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from queue_protocol import Language
from queue_server.services import auth
from queue_server.services.auth import Permission
from queue_server.services.context import Actor
from queue_server.web import i18n
from queue_server.web.access import context_of, csrf_token, set_csrf_cookie

HERE = Path(__file__).resolve().parent
LANGUAGE_COOKIE = "antrean_lang"
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
TEMPLATES.env.globals["static_version"] = "3"
TEMPLATES.env.filters["minutes"] = i18n.format_minutes
TEMPLATES.env.filters["number"] = i18n.format_number
TEMPLATES.env.filters["percent"] = i18n.format_percent


def language_of(request: Request) -> Language:
    """Indonesian unless the browser chose English (a cookie set by the language switch)."""
    return Language.EN if request.cookies.get(LANGUAGE_COOKIE) == "en" else Language.ID


def nav_items(actor: Actor | None) -> list[tuple[str, str]]:
    """The menu entries this user may open: (path, text key)."""
    if actor is None:
        return []
    allowed = auth.permissions_of(actor)
    items = []
    if Permission.SERVE in allowed:
        items.append(("/counter", "nav.counter"))
    if Permission.REPORTS in allowed:
        items.append(("/reports", "nav.reports"))
    if Permission.ADMIN in allowed:
        items.append(("/admin", "nav.admin"))
    return items


def render(
    request: Request,
    template: str,
    *,
    actor: Actor | None = None,
    status_code: int = 200,
    **values: Any,
) -> HTMLResponse:
    """Render a page with the frame: texts in the chosen language, user, menu, CSRF token."""
    language = language_of(request)
    ctx = context_of(request)
    frame = {
        "request": request,
        "lang": language.value,
        "t": i18n.translator(language),
        "user": actor,
        "nav": nav_items(actor),
        "path": request.url.path,
        "csrf": csrf_token(request),
        "office_name": ctx.office.office.name,
        "fmt": lambda value, kind: i18n.format_value(value, kind, language),
    }
    response = TEMPLATES.TemplateResponse(
        request, template, {**frame, **values}, status_code=status_code
    )
    set_csrf_cookie(request, response)
    response.headers["cache-control"] = "no-store"
    return response
