"""Admin > Visitor data: a visitor's UU PDP request, served at the admin's desk (the same
as ``antrean data export|erase``): their data downloaded as JSON, or erased. Admins only;
each form carries the CSRF token; both are audited under the admin's name."""

import json
from functools import partial
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from queue_server.domain.errors import DomainError
from queue_server.services import visitor_data
from queue_server.services.context import Actor
from queue_server.web.access import FormCsrf, context_of
from queue_server.web.pages_admin import PageAdmin
from queue_server.web.rendering import language_of, render

router = APIRouter(include_in_schema=False)
Kind = Literal["application", "passport"]


def _query(kind: Kind, number: str) -> visitor_data.VisitorQuery:
    if kind == "application":
        return visitor_data.VisitorQuery.of(application=number)
    return visitor_data.VisitorQuery.of(passport_number=number)


def _page(
    request: Request,
    actor: Actor,
    *,
    error: DomainError | None = None,
    erased: visitor_data.Erasure | None = None,
) -> Response:
    message = None
    if error is not None:
        message = error.message_en if language_of(request).value == "en" else error.message_id
    return render(
        request,
        "admin_visitor_data.html",
        actor=actor,
        section="visitor-data",
        error=message,
        erased=erased,
        status_code=422 if error else 200,
    )


@router.get("/admin/visitor-data")
async def visitor_data_page(request: Request, actor: PageAdmin) -> Response:
    return _page(request, actor)


@router.post("/admin/visitor-data/export", dependencies=[FormCsrf])
async def export_visitor_data(
    request: Request,
    actor: PageAdmin,
    kind: Annotated[Kind, Form()],
    number: Annotated[str, Form()],
) -> Response:
    try:
        query = _query(kind, number)
        document = await run_in_threadpool(
            partial(visitor_data.export, context_of(request), query, by=actor)
        )
    except DomainError as error:
        return _page(request, actor, error=error)
    return Response(
        json.dumps(document, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={
            "content-disposition": 'attachment; filename="antrean-visitor-data.json"',
            "cache-control": "no-store",
        },
    )


@router.post("/admin/visitor-data/erase", dependencies=[FormCsrf])
async def erase_visitor_data(
    request: Request,
    actor: PageAdmin,
    kind: Annotated[Kind, Form()],
    number: Annotated[str, Form()],
    confirm: Annotated[bool, Form()] = False,
) -> Response:
    try:
        if not confirm:
            raise DomainError(
                message_en="Tick the box to confirm the erasure first.",
                message_id="Centang kotak konfirmasi penghapusan terlebih dahulu.",
                code="not_confirmed",
            )
        query = _query(kind, number)
        erased = await run_in_threadpool(
            partial(visitor_data.erase, context_of(request), query, by=actor)
        )
    except DomainError as error:
        return _page(request, actor, error=error)
    return _page(request, actor, erased=erased)
