"""Projected calls: who each open counter will call, and when, if the office's policy runs on.

The wait estimate replays the call policy (``policy.choose_next``, the very
function call-next uses) forward in time on the tickets waiting now, with
every visit taking its queue's mean service time:

- each counter that is open is free when its current visit is expected to end
  (its queue's mean less the minutes already served, at least ``MIN_LEFT`` of
  the mean); a paused counter is back at the end of its break on the roster,
  or else ``PAUSE_MINUTES`` after its pause (at least ``MIN_PAUSE_LEFT`` from
  now); a closed counter stays closed, unless no open or paused counter serves
  one of its queues: then it is expected in ``MIN_PAUSE_LEFT`` (a morning's
  first counters opening one by one); a counter free during one of its
  roster's breaks calls when the break ends;
- at each moment a counter is free, it calls what ``choose_next`` picks among
  the heads of its queues, with the classes of the calls projected so far;
- visitors who will arrive meanwhile are expected at each queue's and class's
  recent rate: they take their place by the policy's rules (a priority ticket
  coming later may be called first; under FIFO a later ticket of the same
  class never is).

A ticket's projected call is the estimate; the people ahead are the tickets
of its own queue now waiting that the projection calls before it. The
projection stops at ``HORIZON_MIN``; a ticket not called by then is reported
at the horizon. Invariants: the projected minutes are never negative; a
ticket never has more people ahead than tickets waiting in its queue.
"""

import heapq
import math
from collections import deque
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from queue_protocol import TicketClass
from queue_server.domain.policy import (
    PRECEDENCE,
    CallContext,
    PolicyConfig,
    WaitingTicket,
    choose_next,
    history_window,
)

HORIZON_MIN = 8 * 60.0
MIN_LEFT = 0.2  # a visit over its mean is expected to end soon, not now
PAUSE_MINUTES = 30.0  # a counter's break (a lunch hour, a quarter-hour pause)
MIN_PAUSE_LEFT = 5.0
JUST_BACK_MIN = 2.0  # a counter still paused just after its roster's break ended
_PHANTOM_ID = -1  # phantoms (expected arrivals) have negative ids


@dataclass(frozen=True)
class ProjectedCounter:
    """A counter as the projection starts from it."""

    number: int
    queues: tuple[str, ...]
    free_in_min: float  # minutes until it calls next (0: free now)
    away: tuple[tuple[float, float], ...] = ()  # (from, to) minutes from now: the roster's breaks


@dataclass(frozen=True)
class ProjectedCall:
    minutes: float  # from now until the call
    ahead: int  # tickets of its queue waiting now that are called before it


@dataclass
class _Lane:
    """The tickets of one queue and class, oldest first, expected arrivals after."""

    tickets: deque[WaitingTicket]
    rate_per_min: float
    next_arrival_min: float
    arrived: int = 0
    phantom: WaitingTicket | None = None  # the next expected arrival, once it is due


@dataclass
class _Projection:
    now: datetime
    config: PolicyConfig
    mean_minutes: Callable[[str], float]
    sla_minutes: Callable[[str], int]
    lanes: dict[tuple[str, TicketClass], _Lane] = field(default_factory=dict)
    recent: list[TicketClass] = field(default_factory=list)


def project_calls(
    waiting: Sequence[WaitingTicket],
    counters: Sequence[ProjectedCounter],
    config: PolicyConfig,
    *,
    now: datetime,
    recent_classes: Sequence[TicketClass],
    mean_minutes: Callable[[str], float],
    sla_minutes: Callable[[str], int],
    arrivals_per_min: Mapping[tuple[str, TicketClass], float],
    targets: Set[int] | None = None,
) -> dict[int, ProjectedCall]:
    """The projected call of every ticket in ``waiting`` (by id) that is called within
    ``HORIZON_MIN``; the others are placed at the horizon. With ``targets``, the
    projection stops once those are placed (the others are then left out)."""
    state = _Projection(now, config, mean_minutes, sla_minutes, recent=list(recent_classes))
    queues = {t.queue for t in waiting} | {q for c in counters for q in c.queues}
    for queue in sorted(queues):
        for ticket_class in PRECEDENCE:
            rate = arrivals_per_min.get((queue, ticket_class), 0.0)
            lane = [t for t in waiting if t.queue == queue and t.ticket_class == ticket_class]
            lane.sort(key=lambda t: (t.queued_at, t.id))
            state.lanes[(queue, ticket_class)] = _Lane(
                deque(lane), rate, 1 / rate if rate > 0 else math.inf
            )
    remaining = {t.id for t in waiting} if targets is None else set(targets)
    ahead_counts = {t.queue: 0 for t in waiting}
    waiting_ids = {t.id for t in waiting}
    found: dict[int, ProjectedCall] = {}
    free = [(max(c.free_in_min, 0.0), c.number, c.queues) for c in counters]
    heapq.heapify(free)
    away = {c.number: c.away for c in counters}
    while free and remaining:
        at, number, counter_queues = heapq.heappop(free)
        if at > HORIZON_MIN:
            break
        back = _back_from_break(away[number], at)
        if back is not None:
            heapq.heappush(free, (back, number, counter_queues))
            continue
        chosen = _call(state, counter_queues, at)
        if chosen is None:
            upcoming = _next_arrival(state, counter_queues)
            if upcoming < HORIZON_MIN:
                heapq.heappush(free, (max(upcoming, at), number, counter_queues))
            continue
        if chosen.id in remaining:
            remaining.discard(chosen.id)
            found[chosen.id] = ProjectedCall(at, ahead_counts[chosen.queue])
        if chosen.id in waiting_ids:
            ahead_counts[chosen.queue] += 1
        heapq.heappush(free, (at + mean_minutes(chosen.queue), number, counter_queues))
    for ticket in waiting:
        if ticket.id in remaining:
            found[ticket.id] = ProjectedCall(HORIZON_MIN, ahead_counts[ticket.queue])
    return found


def _back_from_break(away: tuple[tuple[float, float], ...], at: float) -> float | None:
    """The end of the break ``at`` falls in, if any: the counter calls then."""
    return next((end for start, end in away if start <= at < end), None)


def _call(state: _Projection, queues: tuple[str, ...], at: float) -> WaitingTicket | None:
    heads = [
        head
        for queue in queues
        for ticket_class in PRECEDENCE
        if (head := _head(state, queue, ticket_class, at)) is not None
    ]
    if not heads:
        return None
    moment = state.now + timedelta(minutes=at)
    window = history_window(state.config)
    context = CallContext(queues=queues, now=moment, recent_classes=tuple(state.recent[-window:]))
    chosen = choose_next(heads, context, state.config)
    if chosen is None:
        return None
    lane = state.lanes[(chosen.queue, chosen.ticket_class)]
    if lane.tickets and lane.tickets[0].id == chosen.id:
        lane.tickets.popleft()
    else:  # an expected arrival was called
        lane.arrived += 1
        lane.next_arrival_min = (lane.arrived + 1) / lane.rate_per_min
        lane.phantom = None
    state.recent.append(chosen.ticket_class)
    return chosen


def _head(
    state: _Projection, queue: str, ticket_class: TicketClass, at: float
) -> WaitingTicket | None:
    lane = state.lanes.get((queue, ticket_class))
    if lane is None:
        return None
    if lane.tickets:
        return lane.tickets[0]
    if lane.next_arrival_min > at:
        return None
    if lane.phantom is None:
        lane.phantom = WaitingTicket(
            id=_PHANTOM_ID - lane.arrived,
            queue=queue,
            ticket_class=ticket_class,
            queued_at=state.now + timedelta(minutes=lane.next_arrival_min),
            sla_minutes=state.sla_minutes(queue),
        )
    return lane.phantom


def _next_arrival(state: _Projection, queues: tuple[str, ...]) -> float:
    return min(
        (
            state.lanes[(queue, c)].next_arrival_min
            for queue in queues
            for c in PRECEDENCE
            if (queue, c) in state.lanes
        ),
        default=math.inf,
    )


def busy_counter_free_in(mean_min: float, served_min: float) -> float:
    """Minutes until a counter ``served_min`` into a visit of mean ``mean_min`` is free."""
    return max(mean_min - served_min, MIN_LEFT * mean_min)


def paused_counter_free_in(paused_min: float, break_ended_min: float | None = None) -> float:
    """Minutes until a counter paused ``paused_min`` ago is expected back; a break of its
    roster that ended ``break_ended_min`` ago means any moment now."""
    if break_ended_min is not None and break_ended_min < PAUSE_MINUTES:
        return JUST_BACK_MIN
    return max(PAUSE_MINUTES - paused_min, MIN_PAUSE_LEFT)
