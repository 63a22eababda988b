"""Templates: one Jinja2 environment, the page frame every template gets, the language."""

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from hq_server.services.auth import HqUser
from hq_server.services.context import DIRECTORATE_ZONE
from hq_server.web import i18n

HERE = Path(__file__).resolve().parent
LANGUAGE_COOKIE = "antrean_hq_lang"
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))


def language_of(request: Request) -> str:
    """Indonesian unless the browser chose English (a cookie set by the language switch)."""
    return "en" if request.cookies.get(LANGUAGE_COOKIE) == "en" else "id"


def render(
    request: Request,
    template: str,
    *,
    user: HqUser | None = None,
    status_code: int = 200,
    **values: Any,
) -> HTMLResponse:
    language = language_of(request)
    frame = {
        "request": request,
        "lang": language,
        "t": i18n.translator(language),
        "user": user,
        "path": request.url.path,
        "number": lambda value, decimals=0: i18n.format_number(value, language, decimals),
        "percent": lambda share: i18n.format_percent(share, language),
        "month": lambda month: i18n.month_label(month, language),
        "clock": lambda moment: moment.astimezone(DIRECTORATE_ZONE).strftime("%H:%M"),
    }
    response = TEMPLATES.TemplateResponse(
        request, template, {**frame, **values}, status_code=status_code
    )
    response.headers["cache-control"] = "no-store"
    return response
