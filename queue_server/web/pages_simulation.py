"""Reports > Simulation: a supervisor plays one office day as configured and with a change.

The form is checked field by field (a bad one answers 422 with its reason); one
simulation runs at a time on the server (another one asked meanwhile answers
429), in a worker thread off the event loop, and stops at ``TIMEOUT_S``.
"""

import threading
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import Response

from queue_protocol import Language, TicketClass
from queue_server.services.context import ServerContext
from queue_server.simulation.runner import SimulationTimeoutError
from queue_server.simulation.what_if import (
    HISTORY_DAYS,
    WhatIf,
    WhatIfOutcome,
    deadline_in,
    run_what_if,
    staffed_hours,
)
from queue_server.simulation.what_if_tables import queue_name, what_if_tables
from queue_server.web import charts, i18n
from queue_server.web.access import FormCsrf, context_of
from queue_server.web.pages_reports import PageHead
from queue_server.web.rendering import language_of, render

router = APIRouter()
POLICIES = ("fifo", "sla_aware", "ordered")
MAX_WEIGHT = 20
TIMEOUT_S = 90.0
RUNNING = threading.Lock()  # one simulation at a time on this server


class _BadFormError(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@router.get("/reports/simulation", include_in_schema=False)
async def simulation_page(request: Request, actor: PageHead) -> Response:
    ctx = context_of(request)
    return _page(request, actor, _defaults(ctx))


@router.post("/reports/simulation", include_in_schema=False, dependencies=[FormCsrf])
async def run_simulation(request: Request, actor: PageHead) -> Response:
    ctx = context_of(request)
    form = await request.form()
    language = language_of(request)
    try:
        change, chosen = _read_form(ctx, form)
    except _BadFormError as bad:
        chosen = {**_defaults(ctx), "error": i18n.text(bad.key, language)}
        return _page(request, actor, chosen, status_code=422)
    if not RUNNING.acquire(blocking=False):
        chosen["error"] = i18n.text("simulation.busy", language)
        return _page(request, actor, chosen, status_code=429)
    try:
        outcome = await run_in_threadpool(run_what_if, ctx, change, deadline_in(TIMEOUT_S))
    except SimulationTimeoutError:
        chosen["error"] = i18n.text("simulation.timeout", language, seconds=int(TIMEOUT_S))
        return _page(request, actor, chosen, status_code=503)
    except LookupError:
        chosen["error"] = i18n.text("simulation.no_visitors", language)
        return _page(request, actor, chosen, status_code=422)
    finally:
        RUNNING.release()
    return _page(request, actor, {**chosen, **_outcome_values(ctx, outcome, language)})


def _page(request: Request, actor: Any, values: dict[str, Any], status_code: int = 200) -> Response:
    ctx = context_of(request)
    hours = sorted({h for on in staffed_hours(ctx.office).values() for h in on})
    return render(request, "reports_simulation.html", actor=actor, kind="simulation",
                  policies=POLICIES, classes=[c.value for c in TicketClass], hours=hours,
                  counters=ctx.office.counters, status_code=status_code, **values)  # fmt: skip


def _defaults(ctx: ServerContext) -> dict[str, Any]:
    policy = ctx.office.policy
    return {
        "source": "typical",
        "day": None,
        "policy": policy.strategy,
        "weights": {c.value: w for c, w in policy.class_weights.items()},
        "on_duty": {n: set(h) for n, h in staffed_hours(ctx.office).items()},
    }


def _read_form(ctx: ServerContext, form: FormData) -> tuple[WhatIf, dict[str, Any]]:
    """The change asked for, and the form's values to show again; ``_BadFormError`` names the
    first field that is not right."""
    source = form.get("source")
    day: date | None = None
    if source == "past":
        try:
            day = date.fromisoformat(str(form.get("day") or ""))
        except ValueError:
            raise _BadFormError("simulation.bad_date") from None
        if not date(2000, 1, 1) <= day < ctx.today():
            raise _BadFormError("simulation.bad_date")
    elif source != "typical":
        raise _BadFormError("simulation.bad_date")
    policy = str(form.get("policy") or "")
    if policy not in POLICIES:
        raise _BadFormError("simulation.bad_policy")
    weights: dict[TicketClass, int] = {}
    for ticket_class in TicketClass:
        raw = str(form.get(f"weight_{ticket_class.value}") or "")
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_WEIGHT:
            raise _BadFormError("simulation.bad_weight")
        weights[ticket_class] = int(raw)
    on_duty = _on_duty(ctx, form.getlist("duty"))
    chosen = {
        "source": source,
        "day": day,
        "policy": policy,
        "weights": {c.value: w for c, w in weights.items()},
        "on_duty": {n: set(h) for n, h in on_duty.items()},
    }
    return WhatIf(day=day, policy=policy, class_weights=weights, on_duty=on_duty), chosen


def _on_duty(ctx: ServerContext, given: list[Any]) -> dict[int, frozenset[int]]:
    """``counter:hour`` boxes ticked, for the office's counters and hours."""
    numbers = {c.number for c in ctx.office.counters}
    found: dict[int, set[int]] = {n: set() for n in numbers}
    if len(given) > len(numbers) * 24:
        raise _BadFormError("simulation.bad_duty")
    for item in given:
        counter, _, hour = str(item).partition(":")
        if not (counter.isdigit() and hour.isdigit()):
            raise _BadFormError("simulation.bad_duty")
        if int(counter) not in numbers or not 0 <= int(hour) <= 23:
            raise _BadFormError("simulation.bad_duty")
        found[int(counter)].add(int(hour))
    if not any(found.values()):
        raise _BadFormError("simulation.no_duty")
    return {n: frozenset(h) for n, h in found.items()}


def _outcome_values(
    ctx: ServerContext, outcome: WhatIfOutcome, language: Language
) -> dict[str, Any]:
    label = i18n.translator(language)
    names = [label("simulation.configured"), label("simulation.changed")]
    services = sorted(set(outcome.configured.by_service) | set(outcome.changed.by_service))
    slas = [float(_sla(ctx, key)) for key in services]
    counters = sorted(outcome.configured.utilisation)
    return {
        "outcome": outcome,
        "source_text": i18n.text(
            f"simulation.source.{outcome.source}",
            language,
            days=HISTORY_DAYS,
            day=outcome.day.isoformat(),
        ),
        "tables": what_if_tables(ctx.office, outcome, language, label),
        "wait_chart": charts.bar_chart(
            [queue_name(ctx.office, key, language) for key in services],
            [
                [_mean(run.by_service.get(key)) for key in services]
                for run in (outcome.configured, outcome.changed)
            ],
            names,
            limits=list[float | None](slas),
        ),
        "busy_chart": charts.bar_chart(
            [f"{label('col.counter')} {n}" for n in counters],
            [
                [round((run.utilisation.get(n) or 0.0) * 100, 1) for n in counters]
                for run in (outcome.configured, outcome.changed)
            ],
            names,
        ),
    }


def _mean(figures: Any) -> float:
    return float(figures.mean_min or 0.0) if figures is not None else 0.0


def _sla(ctx: ServerContext, key: str) -> int:
    service = ctx.office.service(key.partition("/")[0])
    return service.sla_minutes if service else 30
