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
    MIN_PAUSE_LEFT,
    ProjectedCall,
    ProjectedCounter,
    busy_counter_free_in,
    paused_counter_free_in,
    project_calls,
)
from queue_server.services.context import ServerContext
from queue_server.storage import Session, ticket_store
from queue_server.storage.forecast_store import counters_now, waiting_tickets

_PROBE_ID = -(10**9)


@dataclass(frozen=True)
class Forecast:
    calls: dict[int, ProjectedCall]
    probes: dict[str, ProjectedCall]  # by queue key


def policy_of(ctx: ServerContext) -> PolicyConfig:
    return PolicyConfig(
        strategy=ctx.office.policy.strategy, class_weights=ctx.office.policy.class_weights
    )


def forecast(
    ctx: ServerContext,
    session: Session,
    *,
    probes: Sequence[str] = (),
    ticket_id: int | None = None,
) -> Forecast:
    """Projected calls of every waiting ticket (or of ``ticket_id`` alone), and of a
    regular ticket issued now to each queue in ``probes``."""
    now = ctx.now()
    model = ctx.service_times.model(session, now)
    slas = {key: s.sla_minutes for s in ctx.office.services for key in s.queue_keys()}
    waiting = [
        WaitingTicket(
            id=waiting_id,
            queue=queue_key(service, stage),
            ticket_class=TicketClass(ticket_class),
            queued_at=queued_at,
            sla_minutes=slas.get(queue_key(service, stage), 30),
        )
        for waiting_id, service, stage, ticket_class, queued_at in waiting_tickets(session)
    ]
    probe_ids = {key: _PROBE_ID - index for index, key in enumerate(probes)}
    waiting += [
        WaitingTicket(probe_ids[key], key, TicketClass.REGULAR, now, slas.get(key, 30))
        for key in probes
    ]
    policy = policy_of(ctx)
    arrivals = ctx.arrival_rates.per_minute(session, ctx.today(), now)
    calls = project_calls(
        waiting,
        _counters(ctx, session, now, model.mean_minutes),
        policy,
        now=now,
        recent_classes=[
            TicketClass(c) for c in ticket_store.recent_classes(session, history_window(policy))
        ],
        mean_minutes=model.mean_minutes,
        sla_minutes=lambda key: slas.get(key, 30),
        arrivals_per_min={
            (queue, TicketClass(ticket_class)): rate
            for (queue, ticket_class), rate in arrivals.items()
        },
        targets=None if ticket_id is None else {ticket_id, *probe_ids.values()},
    )
    return Forecast(
        calls={i: call for i, call in calls.items() if i >= 0},
        probes={key: calls[probe_ids[key]] for key in probes},
    )


def _counters(
    ctx: ServerContext, session: Session, now: datetime, mean_minutes: Callable[[str], float]
) -> list[ProjectedCounter]:
    """Open counters when their visit ends, paused ones when back, closed ones only for
    queues no other counter serves (before any has opened: every configured counter)."""
    found: list[ProjectedCounter] = []
    closed: list[CounterDef] = []
    known = set()
    for row in counters_now(session):
        definition = ctx.office.counter(row.number)
        if definition is None:
            continue
        known.add(row.number)
        if row.state == CounterState.CLOSED.value:
            closed.append(definition)
            continue
        breaks = _breaks_today(ctx, definition, now)
        away = tuple(b for b in breaks if b[1] > 0)
        if row.state == CounterState.PAUSED.value:
            free_in = _paused_free_in(breaks, _minutes(now - row.since))
        elif row.service is not None and row.serving_since is not None:
            mean = mean_minutes(queue_key(row.service, row.stage))
            free_in = busy_counter_free_in(mean, _minutes(now - row.serving_since))
        else:
            free_in = 0.0
        found.append(ProjectedCounter(row.number, tuple(definition.services), free_in, away))
    closed += [c for c in ctx.office.counters if c.number not in known]
    served = {queue for counter in found for queue in counter.queues}
    opening = MIN_PAUSE_LEFT if found else 0.0
    found += [
        ProjectedCounter(c.number, tuple(c.services), opening, _breaks_from_now(ctx, c, now))
        for c in closed
        if not set(c.services) <= served
    ]
    return found


def _paused_free_in(breaks: tuple[tuple[float, float], ...], paused_min: float) -> float:
    on_break = next((end for start, end in breaks if start <= 0 < end), None)
    if on_break is not None:
        return on_break
    ended = [-end for _, end in breaks if end <= 0]
    return paused_counter_free_in(paused_min, min(ended) if ended else None)


def _breaks_from_now(
    ctx: ServerContext, counter: CounterDef, now: datetime
) -> tuple[tuple[float, float], ...]:
    """Today's breaks of the counter's roster still to end, in minutes from now."""
    return tuple(b for b in _breaks_today(ctx, counter, now) if b[1] > 0)


def _breaks_today(
    ctx: ServerContext, counter: CounterDef, now: datetime
) -> tuple[tuple[float, float], ...]:
    """(start, end) of today's breaks of the counter's roster, in minutes from now."""
    local = ctx.local(now)
    found: list[tuple[float, float]] = []
    for pause in counter.breaks:
        start = datetime.combine(local.date(), pause.start, local.tzinfo)
        begins = (start - local).total_seconds() / 60
        found.append((begins, begins + pause.minutes))
    return tuple(sorted(found))


def _minutes(delta: timedelta) -> float:
    return max(delta.total_seconds() / 60, 0.0)
