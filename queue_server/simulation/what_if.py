"""What if: one office day played twice, as configured today and with a supervisor's changes.

The day is a typical one (drawn from the office's own recent history when it
has enough days, else from the configured workload) or a past date replayed
visitor by visitor: each ticket's arrival, service, class, stages with their
measured minutes, and whether it was a no-show or sent on. The changes are a
call policy, class weights and the counters on duty per hour. Both runs play
the same visitors on databases of their own (``runner``), so every difference
is the change's.

A run is bounded: ``deadline`` (a ``time.monotonic`` moment) stops it between
two events with ``SimulationTimeoutError``.
"""

import random
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from queue_protocol import PriorityGroup, TicketClass
from queue_server.domain.office import OfficeConfig
from queue_server.services import report_cells
from queue_server.services.context import ServerContext
from queue_server.simulation.comparison import working_days
from queue_server.simulation.plan import Booking, DayPlan, Visitor, plan_day
from queue_server.simulation.runner import (
    DayOutcome,
    OfficeSimulation,
    SimulationTimeoutError,
    simulation_database,
)
from queue_server.simulation.summary import PolicyFigures, policy_figures
from queue_server.simulation.workload import Workload, derive_workload, minutes_of
from queue_server.storage import report_store, ticket_store
from queue_server.storage.ticket_store import Visit

HISTORY_DAYS = 28  # a typical day is drawn from the weeks before today
MIN_HISTORY_DAYS = 5  # fewer days with visitors: the configured workload instead
SEED = 2026

__all__ = ["SimulationTimeoutError", "WhatIf", "WhatIfOutcome", "run_what_if", "staffed_hours"]


@dataclass(frozen=True)
class WhatIf:
    """The supervisor's changes. ``on_duty``: for each counter, the clock hours it is staffed
    (None: as today's roster has it)."""

    day: date | None  # None: a typical day
    policy: str
    class_weights: Mapping[TicketClass, int]
    on_duty: Mapping[int, frozenset[int]] | None = None


@dataclass(frozen=True)
class WhatIfOutcome:
    day: date
    source: str  # "history", "workload" or "past"
    visitors: int
    configured: PolicyFigures
    changed: PolicyFigures


def run_what_if(ctx: ServerContext, change: WhatIf, deadline: float) -> WhatIfOutcome:
    """Play the day as configured and as changed; raises ``SimulationTimeoutError`` past
    ``deadline`` and ``LookupError`` for a past day without visitors."""
    plan, source = _plan(ctx, change.day)
    office = ctx.office
    policy = office.policy.model_copy(
        update={"strategy": change.policy, "class_weights": dict(change.class_weights)}
    )
    changed_office = office.model_copy(update={"policy": policy})
    changed_plan = (
        plan
        if change.on_duty is None
        else _with_on_duty(plan, staffed_hours(office), change.on_duty)
    )
    workload = derive_workload(office)
    configured = _play(office, workload, plan, deadline)
    changed = _play(changed_office, workload, changed_plan, deadline)
    return WhatIfOutcome(
        day=plan.day,
        source=source,
        visitors=len(plan.visitors),
        configured=policy_figures(office, [configured]),
        changed=policy_figures(changed_office, [changed]),
    )


def staffed_hours(office: OfficeConfig) -> dict[int, frozenset[int]]:
    """Each counter's clock hours on duty in today's roster (staffed for half the hour or
    more): what the page's grid starts from."""
    return {number: _hours_of(periods) for number, periods in _periods(office)}


def _periods(office: OfficeConfig) -> tuple[tuple[int, tuple[tuple[float, float], ...]], ...]:
    workload = derive_workload(office)
    return tuple(
        (shift.counter, tuple(shift.open_periods()))
        for shift in sorted(workload.shifts, key=lambda s: s.counter)
    )


def _hours_of(periods: Iterable[tuple[float, float]]) -> frozenset[int]:
    on: dict[int, float] = defaultdict(float)
    for start, end in periods:
        for hour in range(int(start // 60), int(end // 60) + 1):
            on[hour] += max(0.0, min(end, hour * 60 + 60) - max(start, hour * 60))
    return frozenset(hour for hour, minutes in on.items() if minutes >= 30)


def _with_on_duty(
    plan: DayPlan, roster: Mapping[int, frozenset[int]], on_duty: Mapping[int, frozenset[int]]
) -> DayPlan:
    """The day's staffed periods of a counter whose hours were changed from the roster's,
    cut to the hours chosen, plus whole hours where it is on duty and the roster had it
    off; a counter left as the roster has it keeps the day's periods as they are."""
    found = []
    for number, periods in plan.counter_periods:
        hours = on_duty.get(number, frozenset())
        was = roster.get(number, frozenset())
        if hours == was:
            found.append((number, periods))
            continue
        kept = [
            (max(start, hour * 60.0), min(end, hour * 60.0 + 60))
            for start, end in periods
            for hour in sorted(hours & was)
            if min(end, hour * 60 + 60) > max(start, hour * 60)
        ]
        kept += [(hour * 60.0, hour * 60.0 + 60) for hour in sorted(hours - was)]
        found.append((number, _merged(kept)))
    return replace(plan, counter_periods=tuple(found))


def _merged(periods: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    merged: list[tuple[float, float]] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1] + 1e-9:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _play(office: OfficeConfig, workload: Workload, plan: DayPlan, deadline: float) -> DayOutcome:
    with simulation_database() as database:
        simulation = OfficeSimulation(office, workload, database, deadline=deadline)
        return simulation.play(plan)


def _plan(ctx: ServerContext, day: date | None) -> tuple[DayPlan, str]:
    office = ctx.office
    if day is not None:
        return _past_day(ctx, day), "past"
    simulated_day = working_days(office, 1, ctx.today() + timedelta(days=1))[0]
    workload, source = _typical_workload(ctx)
    return plan_day(office, workload, simulated_day, random.Random(SEED)), source


def _typical_workload(ctx: ServerContext) -> tuple[Workload, str]:
    """Visitors per service, booked and priority shares and the hourly profile of the
    weeks before today, when enough of them had visitors."""
    office = ctx.office
    last = ctx.today() - timedelta(days=1)
    first = last - timedelta(days=HISTORY_DAYS - 1)
    report_cells.roll_up(ctx)
    with ctx.db.read() as session:
        days = report_store.rolled_days_between(session, first, last)
        cells = report_cells.stored_cells(ctx, session, first, last)
    if len(days) < MIN_HISTORY_DAYS:
        return derive_workload(office), "workload"
    issued: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # all, booked, priority
    hourly: dict[int, float] = defaultdict(float)
    firsts = {service.queue_keys()[0] for service in office.services}
    for (dim, item), n in cells.counts.items():
        if dim == "issued":
            service, source, ticket_class = item.split("|")
            counts = issued[service]
            counts[0] += n
            counts[1] += n if source == "booking" else 0
            counts[2] += n if ticket_class == TicketClass.PRIORITY.value else 0
        elif dim == "arrive" and item.rpartition("|")[0] in firsts:
            hourly[int(item.rpartition("|")[2])] += n
    services = {
        code: {
            "per_day": round(all_ / len(days), 1),
            "booking_share": round(booked / all_, 3) if all_ else 0.0,
            "priority_share": round(priority / all_, 3) if all_ else 0.0,
        }
        for code, (all_, booked, priority) in issued.items()
        if office.service(code) is not None
    }
    if not services or not hourly:
        return derive_workload(office), "workload"
    return derive_workload(office, {"services": services, "hourly": dict(hourly)}), "history"


def _past_day(ctx: ServerContext, day: date) -> DayPlan:
    """The visitors of ``day`` as they came: arrival, service, class, each stage's minutes."""
    office = ctx.office
    with ctx.db.read() as session:
        visits = ticket_store.day_visits(session, day)
    by_ticket: dict[int, list[Visit]] = defaultdict(list)
    for visit in visits:
        by_ticket[visit.ticket_id].append(visit)
    if not by_ticket:
        raise LookupError(day)
    visitors: list[Visitor] = []
    bookings: list[Booking] = []
    for ticket_id, ticket_visits in by_ticket.items():
        first = ticket_visits[0]
        service = office.service(first.service)
        if service is None:
            continue
        local = ctx.local(first.queued_at)
        arrives = local.hour * 60 + local.minute + local.second / 60
        own = [v for v in ticket_visits if v.service == first.service]
        sent_on = [v for v in ticket_visits if v.service != first.service]
        booking = None
        if first.ticket_class == TicketClass.APPOINTMENT.value:
            booking = Booking(f"PAST{day:%y%m%d}{ticket_id:06d}", service.code,
                              _session_of(office, arrives))  # fmt: skip
            bookings.append(booking)
        visitors.append(
            Visitor(
                arrives_min=arrives,
                service=service.code,
                stage_minutes=_minutes(own, service.service_minutes),
                priority=_priority(office, first.ticket_class),
                application_number=booking.application_number if booking else None,
                no_show=any(v.outcome == "no_show" for v in ticket_visits),
                transfer_to=sent_on[0].service if sent_on else None,
                transfer_minutes=_minutes(sent_on, service.service_minutes) if sent_on else (),
            )
        )
    visitors.sort(key=lambda v: (v.arrives_min, v.service, v.application_number or ""))
    return DayPlan(day, tuple(visitors), tuple(bookings), _periods(office))


def _minutes(visits: list[Visit], default: float) -> tuple[float, ...]:
    found = []
    for visit in visits:
        start = visit.started_at or visit.called_at
        if start is not None and visit.finished_at is not None:
            found.append(max((visit.finished_at - start).total_seconds() / 60, 0.5))
        else:
            found.append(default)
    return tuple(found) or (default,)


def _priority(office: OfficeConfig, ticket_class: str) -> PriorityGroup | None:
    if ticket_class != TicketClass.PRIORITY.value or not office.priority.groups:
        return None
    return office.priority.groups[0]


def _session_of(office: OfficeConfig, arrives: float) -> str:
    """The booking session whose check-in window holds ``arrives`` (else the nearest)."""
    sessions = office.bookings.sessions
    early = office.bookings.early_minutes
    return min(
        sorted(sessions),
        key=lambda name: (
            0
            if minutes_of(sessions[name][0]) - early <= arrives <= minutes_of(sessions[name][1])
            else abs(minutes_of(sessions[name][0]) - arrives)
        ),
    )


def deadline_in(seconds: float) -> float:
    return time.monotonic() + seconds
