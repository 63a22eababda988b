"""The wait forecast: every waiting ticket's projected call, from the office's state now.

Reads the waiting tickets, the counters and what they serve, the latest call
classes and the visits that joined a queue in the last hour, and replays the
office's call policy forward (``domain.projection``). Probes are tickets that
would be issued now (a regular visitor per queue): what the kiosk and the board
show for a queue is the probe's projected call.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from queue_protocol import CounterState, TicketClass
from queue_server.domain.lifecycle import queue_key
from queue_server.domain.office import CounterDef
from queue_server.domain.policy import PolicyConfig, WaitingTicket, history_window
from queue_server.domain.projection import (
    ProjectedCall,
    ProjectedCounter,
    busy_counter_free_in,
    paused_counter_free_in,
    project_calls,
)
from queue_server.services.context import ServerContext
from queue_server.storage import Session, ticket_store
from queue_server.storage.forecast_store import counters_now, queue_arrivals, waiting_tickets

ARRIVAL_WINDOW = timedelta(minutes=60)  # recent arrivals give the rate of the next ones
_PROBE_ID = -(10**9)


@dataclass(frozen=True)
class Forecast:
    calls: dict[int, ProjectedCall]
    probes: dict[str, ProjectedCall]  # by queue key


def policy_of(ctx: ServerContext) -> PolicyConfig:
    return PolicyConfig(
        strategy=ctx.office.policy.strategy, class_weights=ctx.office.policy.class_weights
    )


def forecast(ctx: ServerContext, session: Session, *, probes: Sequence[str] = ()) -> Forecast:
    """Projected calls of every waiting ticket, and of a regular ticket issued now to each
    queue in ``probes``."""
    now = ctx.now()
    model = ctx.service_times.model(session, now)
    waiting = [
        WaitingTicket(
            id=ticket_id,
            queue=queue_key(service, stage),
            ticket_class=TicketClass(ticket_class),
            queued_at=queued_at,
            sla_minutes=_sla(ctx, service),
        )
        for ticket_id, service, stage, ticket_class, queued_at in waiting_tickets(session)
    ]
    probe_ids = {key: _PROBE_ID - index for index, key in enumerate(probes)}
    waiting += [
        WaitingTicket(probe_ids[key], key, TicketClass.REGULAR, now, _sla(ctx, key.split("/")[0]))
        for key in probes
    ]
    policy = policy_of(ctx)
    calls = project_calls(
        waiting,
        _counters(ctx, session, now, model.mean_minutes),
        policy,
        now=now,
        recent_classes=[
            TicketClass(c) for c in ticket_store.recent_classes(session, history_window(policy))
        ],
        mean_minutes=model.mean_minutes,
        sla_minutes=lambda key: _sla(ctx, key.split("/")[0]),
        arrivals_per_min={
            (queue_key(service, stage), TicketClass(ticket_class)): count / 60
            for service, stage, ticket_class, count in queue_arrivals(session, now - ARRIVAL_WINDOW)
        },
    )
    return Forecast(
        calls={i: call for i, call in calls.items() if i >= 0},
        probes={key: calls[probe_ids[key]] for key in probes},
    )


def _counters(
    ctx: ServerContext, session: Session, now: datetime, mean_minutes: Callable[[str], float]
) -> list[ProjectedCounter]:
    """Open counters when their visit ends, paused ones when back. Before any counter has
    opened (the office is about to open), every configured counter, free."""
    found: list[ProjectedCounter] = []
    for row in counters_now(session):
        definition = ctx.office.counter(row.number)
        if definition is None or row.state == CounterState.CLOSED.value:
            continue
        away = _breaks_from_now(ctx, definition, now)
        if row.state == CounterState.PAUSED.value:
            on_break = next((end for start, end in away if start <= 0 < end), None)
            free_in = on_break or paused_counter_free_in(_minutes(now - row.since))
        elif row.service is not None and row.serving_since is not None:
            mean = mean_minutes(queue_key(row.service, row.stage))
            free_in = busy_counter_free_in(mean, _minutes(now - row.serving_since))
        else:
            free_in = 0.0
        found.append(ProjectedCounter(row.number, tuple(definition.services), free_in, away))
    if not found:
        found = [
            ProjectedCounter(c.number, tuple(c.services), 0.0, _breaks_from_now(ctx, c, now))
            for c in ctx.office.counters
        ]
    return found


def _breaks_from_now(
    ctx: ServerContext, counter: CounterDef, now: datetime
) -> tuple[tuple[float, float], ...]:
    """Today's breaks of the counter's roster still to end, in minutes from now."""
    local = ctx.local(now)
    found: list[tuple[float, float]] = []
    for pause in counter.breaks:
        start = datetime.combine(local.date(), pause.start, local.tzinfo)
        begins = (start - local).total_seconds() / 60
        if begins + pause.minutes > 0:
            found.append((begins, begins + pause.minutes))
    return tuple(sorted(found))


def _minutes(delta: timedelta) -> float:
    return max(delta.total_seconds() / 60, 0.0)


def _sla(ctx: ServerContext, service_code: str) -> int:
    service = ctx.office.service(service_code)
    return service.sla_minutes if service else 30
