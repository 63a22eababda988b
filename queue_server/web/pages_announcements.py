"""The running text on the waiting-room boards: a supervisor posts a line in both languages
and withdraws it; the boards show it at once (``feedback.announce``)."""

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from queue_protocol import LocalizedText
from queue_protocol.bounds import PlainText
from queue_server.api.params import RowIdPath
from queue_server.domain.errors import DomainError
from queue_server.services import feedback
from queue_server.services.auth import Permission
from queue_server.services.context import Actor
from queue_server.web.access import FormCsrf, context_of, page_user
from queue_server.web.rendering import language_of, render

router = APIRouter(include_in_schema=False)
PageAnnouncer = Annotated[Actor, Depends(page_user(Permission.ANNOUNCE))]
MAX_LENGTH = 200  # a line a board scrolls through in a few seconds
LineText = Annotated[PlainText, Form(min_length=1, max_length=MAX_LENGTH)]


async def _page(
    request: Request, actor: Actor, *, status_code: int = 200, **values: object
) -> Response:
    ctx = context_of(request)
    lines = [
        (announcement_id, text, ctx.local(at))
        for announcement_id, text, at in await run_in_threadpool(feedback.active_announcements, ctx)
    ]
    return render(
        request,
        "announcements.html",
        actor=actor,
        lines=lines,
        max_length=MAX_LENGTH,
        status_code=status_code,
        **values,
    )


@router.get("/announcements")
async def announcements_page(request: Request, actor: PageAnnouncer, done: str = "") -> Response:
    return await _page(request, actor, done=done if done in ("posted", "withdrawn") else "")


@router.post("/announcements", dependencies=[FormCsrf])
async def post_announcement(
    request: Request, actor: PageAnnouncer, text_id: LineText, text_en: LineText
) -> Response:
    text = LocalizedText(id=text_id.strip(), en=text_en.strip())
    if not text.id or not text.en:
        error = DomainError(
            message_en="Write the line in both Indonesian and English.",
            message_id="Tulis teksnya dalam bahasa Indonesia dan bahasa Inggris.",
        )
        return await _failed(request, actor, error)
    await run_in_threadpool(feedback.announce, context_of(request), text, actor)
    return RedirectResponse("/announcements?done=posted", status_code=303)


@router.post("/announcements/{announcement_id}/withdraw", dependencies=[FormCsrf])
async def withdraw_announcement(
    request: Request, actor: PageAnnouncer, announcement_id: RowIdPath
) -> Response:
    withdraw = partial(feedback.withdraw_announcement, context_of(request), announcement_id, actor)
    try:
        await run_in_threadpool(withdraw)
    except DomainError as error:
        return await _failed(request, actor, error)
    return RedirectResponse("/announcements?done=withdrawn", status_code=303)


async def _failed(request: Request, actor: Actor, error: DomainError) -> Response:
    message = error.message_en if language_of(request).value == "en" else error.message_id
    return await _page(request, actor, error=message, status_code=422)
