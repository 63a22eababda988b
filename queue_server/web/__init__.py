"""The browser side of the queue server: officer console, reports, admin, ticket status.

``install(app)`` is called by the app factory; it mounts the routers, the static
files and the handlers that turn "not logged in" into a redirect to the login page.
"""

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

from queue_server.api.errors import database_unavailable
from queue_server.storage import UNAVAILABLE_ERRORS
from queue_server.web.access import (
    CsrfMiddleware,
    LoginRequiredError,
    PageForbiddenError,
    login_redirect,
)
from queue_server.web.pages_admin import router as admin_pages
from queue_server.web.pages_announcements import router as announcement_pages
from queue_server.web.pages_auth import router as auth_pages
from queue_server.web.pages_console_tickets import router as console_ticket_pages
from queue_server.web.pages_counter import router as counter_pages
from queue_server.web.pages_reports import router as report_pages
from queue_server.web.pages_simulation import router as simulation_pages
from queue_server.web.pages_visitor_data import router as visitor_data_pages
from queue_server.web.rendering import HERE, render
from queue_server.web.status_page import router as status_pages


async def _login_required(_request: Request, error: Exception) -> Response:
    assert isinstance(error, LoginRequiredError)
    return login_redirect(error)


async def _page_forbidden(request: Request, error: Exception) -> Response:
    assert isinstance(error, PageForbiddenError)
    return render(request, "notice.html", notice="forbidden", actor=error.actor, status_code=403)


async def _database_unavailable(request: Request, error: Exception) -> Response:
    """A page opened or a form sent from a browser gets a page that says what is wrong;
    the API and the pages' own JSON calls get the API's 503."""
    reply = await database_unavailable(request, error)
    if "text/html" not in request.headers.get("accept", "") or request.url.path.startswith("/api/"):
        return reply
    page = render(request, "notice.html", notice="unavailable", status_code=503)
    page.headers["retry-after"] = reply.headers["retry-after"]
    return page


def install(app: FastAPI) -> None:
    """Mount the pages, their JSON helpers and ``/static`` on the server's app."""
    app.add_middleware(CsrfMiddleware)
    app.add_exception_handler(LoginRequiredError, _login_required)
    app.add_exception_handler(PageForbiddenError, _page_forbidden)
    for kind in UNAVAILABLE_ERRORS:
        app.add_exception_handler(kind, _database_unavailable)
    routers = (
        auth_pages,
        counter_pages,
        console_ticket_pages,
        simulation_pages,  # before the reports' /reports/{kind}
        report_pages,
        announcement_pages,
        admin_pages,
        visitor_data_pages,
    )
    for router in (*routers, status_pages):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


__all__ = ["install"]
