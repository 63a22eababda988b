"""The officer console (``/counter``) and the small JSON calls its script makes.

Calling, recalling, finishing and the rest go to the contract's own routes
(``/api/v1/counters/...``, ``/api/v1/tickets/...``); this module adds the
console's read model and the reprint of a ticket a kiosk failed to print.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, status
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from queue_server.api.params import CounterPath, CounterQuery, RowIdPath
from queue_server.services import console, faults, feedback
from queue_server.services.auth import Permission
from queue_server.services.context import Actor, ServerContext
from queue_server.services.faults import FaultView
from queue_server.services.priority_texts import PRIORITY_GROUP_NAMES
from queue_server.web.access import api_user, context_of, page_user
from queue_server.web.rendering import render

router = APIRouter()
PageOfficer = Annotated[Actor, Depends(page_user(Permission.SERVE))]
ApiOfficer = Annotated[Actor, Depends(api_user(Permission.SERVE))]
COUNTER_COOKIE = "antrean_counter"


@router.get("/counter", include_in_schema=False)
async def counter_page(request: Request, actor: PageOfficer, n: CounterQuery = None) -> Response:
    """The console; ``?n=`` picks the counter (remembered in a cookie for the next login)."""
    ctx = context_of(request)
    numbers = [counter.number for counter in ctx.office.counters]
    remembered = request.cookies.get(COUNTER_COOKIE, "")
    chosen = n if n in numbers else int(remembered) if remembered.isdigit() else None
    if chosen not in numbers:
        chosen = None
    services = [
        {"code": service.code, "name_id": service.name_id, "name_en": service.name_en}
        for service in ctx.office.services
    ]
    response = render(
        request,
        "counter.html",
        actor=actor,
        counters=ctx.office.counters,
        serves={
            c.number: [queue_names(ctx, key) for key in c.services] for c in ctx.office.counters
        },
        chosen=chosen,
        services=services,
        priority_groups=[
            {"value": group.value, "name": PRIORITY_GROUP_NAMES[group]}
            for group in ctx.office.priority.groups
        ],
    )
    if chosen is not None:
        response.set_cookie(COUNTER_COOKIE, str(chosen), max_age=30 * 86400, path="/")
    return response


def queue_names(ctx: ServerContext, key: str) -> dict[str, str]:
    """A queue ("PB/berkas") as officers know it: "Paspor Baru · Pemeriksaan Berkas"."""
    code, _, stage_code = key.partition("/")
    service = ctx.office.service(code)
    if service is None:
        return {"id": key, "en": key}
    stage = service.stage(stage_code or None)
    if stage is None:
        return {"id": service.name_id, "en": service.name_en}
    return {
        "id": f"{service.name_id} · {stage.name_id}",
        "en": f"{service.name_en} · {stage.name_en}",
    }


@router.get("/api/v1/console/{counter}")
async def console_state(
    request: Request, counter: CounterPath, actor: ApiOfficer
) -> dict[str, Any]:
    """Everything the console draws for one counter, as JSON."""
    view = await run_in_threadpool(console.console_view, context_of(request), counter, actor)
    return {
        "counter": view.counter,
        "name": {"id": view.counter_name_id, "en": view.counter_name_en},
        "state": view.state.value,
        "officer": view.officer,
        "pause_reason": view.pause_reason.value if view.pause_reason else None,
        "information_desk": view.information_desk,
        "current": view.current.model_dump(mode="json", by_alias=True) if view.current else None,
        "waited_min": view.waited_min,
        "queues": [vars(line) for line in view.queues],
        "waiting_total": view.waiting_total,
        "oldest_wait_min": view.oldest_wait_min,
        "my_counts": view.my_counts,
        "faults": [fault_json(fault) for fault in view.faults],
        "recent_no_shows": [{"id": id_, "number": n} for id_, n in view.recent_no_shows],
        "seq": view.seq,
    }


def fault_json(fault: FaultView) -> dict[str, Any]:
    """A fault as the console's and admin pages' banner draws it."""
    return {
        "id": fault.id,
        "device_name": fault.device_name,
        "device": fault.device,
        "state": fault.state,
        "message": fault.message,
        "headline": fault.headline.model_dump(),
        "at": fault.at.isoformat(),
        "ticket_number": fault.ticket_number,
        "can_reprint": fault.ticket_id is not None,
    }


@router.post("/api/v1/faults/{fault_id}/reprint", status_code=status.HTTP_204_NO_CONTENT)
async def reprint(request: Request, fault_id: RowIdPath, actor: ApiOfficer) -> None:
    """Ask the kiosk to print the ticket of this fault again (and mark the fault handled)."""
    await run_in_threadpool(faults.request_reprint, context_of(request), fault_id, actor)


@router.post("/api/v1/faults/{fault_id}/resolve", status_code=status.HTTP_204_NO_CONTENT)
async def resolve(request: Request, fault_id: RowIdPath, actor: ApiOfficer) -> None:
    """Mark a fault handled without reprinting (the paper was refilled, say)."""
    await run_in_threadpool(feedback.resolve_fault, context_of(request), fault_id, actor)
