"""Admin pages: users, devices (the enrolment code is shown once), the audit log, the office
config."""

import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from queue_protocol import DeviceKind, Role
from queue_protocol.bounds import PlainText, sane_year
from queue_protocol.enrolment import EnrolmentCode
from queue_protocol.tls import fingerprint
from queue_server.api.params import TicketQuery
from queue_server.domain.errors import DomainError
from queue_server.domain.office_warnings import office_warnings
from queue_server.enrolment_codes import code_svg
from queue_server.services import admin, auth, devices, upstream_status
from queue_server.services.auth import Permission
from queue_server.services.context import Actor
from queue_server.web.access import FormCsrf, context_of, page_user
from queue_server.web.rendering import language_of, render

router = APIRouter(include_in_schema=False)
PageAdmin = Annotated[Actor, Depends(page_user(Permission.ADMIN))]


def _message(request: Request, error: DomainError) -> str:
    return error.message_en if language_of(request).value == "en" else error.message_id


@router.get("/admin")
async def admin_home(_actor: PageAdmin) -> Response:
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/admin/users")
async def users_page(
    request: Request, actor: PageAdmin, error: str | None = None, saved: int = 0
) -> Response:
    users = await run_in_threadpool(admin.users, context_of(request))
    return render(
        request,
        "admin_users.html",
        actor=actor,
        section="users",
        users=users,
        roles=list(Role),
        error=error,
        saved=saved,
    )


async def _user_change(request: Request, actor: Actor, change: Callable[[], object]) -> Response:
    """Run an account change (logged under the admin's name) and show the users again."""
    try:
        await run_in_threadpool(change)
    except DomainError as error:
        users = await run_in_threadpool(admin.users, context_of(request))
        return render(
            request,
            "admin_users.html",
            actor=actor,
            section="users",
            users=users,
            roles=list(Role),
            error=_message(request, error),
            status_code=422,
        )
    return RedirectResponse("/admin/users?saved=1", status_code=303)


@router.post("/admin/users", dependencies=[FormCsrf])
async def add_user(
    request: Request,
    actor: PageAdmin,
    username: Annotated[PlainText, Form(max_length=64)],
    role: Annotated[Role, Form()],
    password: Annotated[PlainText, Form(max_length=256)],
) -> Response:
    ctx = context_of(request)
    return await _user_change(
        request, actor, partial(auth.add_user, ctx, username, role, password, by=actor)
    )


@router.post("/admin/users/{username}/password", dependencies=[FormCsrf])
async def reset_password(
    request: Request,
    actor: PageAdmin,
    username: str,
    password: Annotated[PlainText, Form(max_length=256)],
) -> Response:
    ctx = context_of(request)
    return await _user_change(
        request, actor, partial(auth.set_password, ctx, username, password, by=actor)
    )


@router.post("/admin/users/{username}/{change}", dependencies=[FormCsrf])
async def enable_user(request: Request, actor: PageAdmin, username: str, change: str) -> Response:
    if change not in ("disable", "enable"):
        return Response(status_code=404)
    disable = partial(
        auth.set_disabled, context_of(request), username, change == "disable", by=actor
    )
    return await _user_change(request, actor, disable)


@router.get("/admin/devices")
async def devices_page(request: Request, actor: PageAdmin) -> Response:
    return await _devices(request, actor)


async def _devices(
    request: Request, actor: Actor, *, code: EnrolmentCode | None = None,
    kind: DeviceKind | None = None, error: str | None = None, enrolled: str | None = None,
) -> Response:  # fmt: skip
    program = "display" if kind is DeviceKind.DISPLAY else "kiosk"
    ctx = context_of(request)
    rows = await run_in_threadpool(admin.devices, ctx)
    return render(
        request,
        "admin_devices.html",
        actor=actor,
        section="devices",
        devices=rows,
        silent_after=ctx.office.devices.silent_after_minutes,
        kinds=list(DeviceKind),
        code=str(code) if code else None,
        code_svg=Markup(code_svg(code)) if code else None,  # noqa: S704 - our own QR SVG
        enrol_command=f"antrean {program} enrol '{code}'" if code else None,
        error=error,
        enrolled=enrolled,
        status_code=422 if error else 200,
    )


@router.post("/admin/devices", dependencies=[FormCsrf])
async def add_device(
    request: Request,
    actor: PageAdmin,
    name: Annotated[PlainText, Form(max_length=64)],
    kind: Annotated[DeviceKind, Form()],
    counter: Annotated[str, Form()] = "",
) -> Response:
    try:
        number = int(counter) if counter.strip().isdigit() and len(counter) < 4 else None
        add = partial(devices.add, context_of(request), name, kind, counter=number, by=actor)
        secret = await run_in_threadpool(add)
    except DomainError as error:
        return await _devices(request, actor, error=_message(request, error))
    ca_pem: bytes | None = request.app.state.ca_pem
    code = EnrolmentCode(
        server_url=str(request.base_url).rstrip("/"),
        ca_fingerprint=fingerprint(ca_pem) if ca_pem else None,
        secret=secret,
    )
    return await _devices(request, actor, code=code, kind=kind, enrolled=name)


@router.post("/admin/devices/{name}/{change}", dependencies=[FormCsrf])
async def change_device(request: Request, actor: PageAdmin, name: str, change: str) -> Response:
    changes = {"revoke": devices.revoke, "rotate": devices.rotate}
    if change not in changes:
        return RedirectResponse("/admin/devices", status_code=303)
    try:
        await run_in_threadpool(partial(changes[change], context_of(request), name, by=actor))
    except DomainError as error:
        return await _devices(request, actor, error=_message(request, error))
    return RedirectResponse("/admin/devices", status_code=303)


def _day(value: str | None) -> date | None:
    """A filter's day; one that is no date, or lies outside the years an office serves
    in, filters nothing."""
    try:
        return sane_year(date.fromisoformat(value)) if value else None
    except ValueError:
        return None


@router.get("/admin/audit")
async def audit_page(
    request: Request,
    actor: PageAdmin,
    who: str | None = None,
    ticket: TicketQuery = None,
    start: str | None = None,
    end: str | None = None,
    type: str | None = None,
) -> Response:
    ctx = context_of(request)
    first, last = _day(start), _day(end)
    since = datetime.combine(first, time(0), tzinfo=ctx.zone) if first else None
    until = datetime.combine(last + timedelta(days=1), time(0), tzinfo=ctx.zone) if last else None
    lines = await run_in_threadpool(
        lambda: admin.audit(
            ctx,
            actor=who or None,
            ticket_id=ticket,
            start=since,
            end=until,
            event_type=type or None,
        )
    )
    filters = {"who": who or "", "ticket": ticket or "", "start": start or "", "end": end or "",
               "type": type or ""}  # fmt: skip
    return render(
        request, "admin_audit.html", actor=actor, section="audit", lines=lines, filters=filters
    )


@router.get("/admin/upstream")
async def upstream_page(request: Request, actor: PageAdmin) -> Response:
    """Where the office's reports to headquarters stand."""
    state = await run_in_threadpool(upstream_status.status, context_of(request))
    return render(
        request,
        "admin_upstream.html",
        actor=actor,
        section="upstream",
        headquarters=getattr(request.app.state, "headquarters", None),
        status=state,
    )


@router.get("/admin/config")
async def config_page(request: Request, actor: PageAdmin) -> Response:
    office = context_of(request).office
    shown = json.dumps(office.model_dump(mode="json"), indent=2, ensure_ascii=False)
    return render(
        request,
        "admin_config.html",
        actor=actor,
        section="config",
        office=office,
        shown=shown,
        warnings=office_warnings(office),
    )
