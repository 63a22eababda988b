"""Counters needed per stage and hour, found by simulating the stage's queue.

The Erlang C advice (``staffing``) treats an hour on its own: Poisson arrivals,
exponential service times, a queue that has settled, and the hour's visitors of
every queue pooled onto counters that could serve any of them. Here each stage
(a queue: a service, or one stage of it) is played on counters of its own,
hour after hour of a typical day:

- arrivals are Poisson at each hour's measured rate;
- service times are drawn from the stage's measured ones (a histogram of
  whole minutes), or lognormal around its mean when it has none;
- counters call first come first served; an hour's count of counters is
  staffed from the start of the hour, and a counter that goes off duty first
  finishes its visitor; the queue one hour leaves is carried into the next.

The hours are settled in order: an hour gets the fewest counters for which
``target_share`` of the visitors arriving in it are called within the SLA,
with the hours before it as settled and that many counters kept on until the
queue is empty. Every count is judged over the same simulated days (common random
numbers: ``DAYS``, or fewer for a busy stage, enough for ``JUDGED_VISITORS`` in
its peak hour), drawn from a fixed seed: the same figures give the same advice.
As more counters never lower a share, the fewest is found counting from the hour
before's count.

Invariants: an hour without arrivals needs no counter of its own; more
counters never lower an hour's share (the same days are replayed); the result
never exceeds ``max_counters``.
"""

import bisect
import functools
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DAYS = 40  # simulated days every count is judged on, at most
JUDGED_VISITORS = 200  # a busy stage is judged on fewer days, this many in its peak hour
MIN_DAYS = 8
SEED = 20_260_101
SPREAD = 0.6  # sigma of log service time when no measured times are at hand


@dataclass(frozen=True)
class StageDemand:
    """One stage's typical day: visitors per hour, its service times, its SLA."""

    queue: str
    arrivals_per_hour: Mapping[int, float]  # local clock hour: visitors in it (mean per day)
    mean_service_min: float
    sla_minutes: float
    service_histogram: Mapping[int, int] | None = None  # whole minutes: visits


@dataclass(frozen=True)
class _Visit:
    arrives: float  # minutes after the first hour's start
    service: float
    hour: int  # index of the hour it arrives in


class _ServiceTimes:
    """Draws of a stage's service time: from its histogram, else lognormal about the mean."""

    def __init__(self, demand: StageDemand) -> None:
        self._mean = max(demand.mean_service_min, 0.1)
        histogram = {m: n for m, n in (demand.service_histogram or {}).items() if n > 0}
        self._values = sorted(histogram)
        self._cumulative: list[int] = []
        total = 0
        for minute in self._values:
            total += histogram[minute]
            self._cumulative.append(total)

    def draw(self, rng: random.Random) -> float:
        if self._cumulative:
            pick = rng.randrange(self._cumulative[-1])
            minute = self._values[bisect.bisect_right(self._cumulative, pick)]
            return max(minute + rng.uniform(-0.5, 0.5), 0.1)  # whole minutes, spread inside
        return rng.lognormvariate(math.log(self._mean) - SPREAD**2 / 2, SPREAD)


def _days(demand: StageDemand, hours: Sequence[int], days: int) -> list[list[_Visit]]:
    rng = random.Random(f"{SEED}:{demand.queue}")
    service = _ServiceTimes(demand)
    drawn: list[list[_Visit]] = []
    for _ in range(days):
        visits: list[_Visit] = []
        for index, hour in enumerate(hours):
            rate = demand.arrivals_per_hour.get(hour, 0.0) / 60
            if rate <= 0:
                continue
            at = rng.expovariate(rate)
            while at < 60:
                visits.append(_Visit(index * 60 + at, service.draw(rng), index))
                at += rng.expovariate(rate)
        drawn.append(visits)
    return drawn


def _on_duty_from(counter: int, at: float, staffed: Sequence[int]) -> float | None:
    """When counter number ``counter`` (0-based) is first on duty at or after ``at``
    (hour ``i`` of ``staffed`` has that many counters; the last count holds on)."""
    index = min(int(at // 60), len(staffed) - 1)
    if counter < staffed[index]:
        return at
    for later in range(index + 1, len(staffed)):
        if counter < staffed[later]:
            return later * 60.0
    return None


def _call(visit: _Visit, free: list[float], staffed: Sequence[int]) -> tuple[float, int]:
    """When and by which counter ``visit`` is called, first come first served (-1: never).
    The hot loop of every trial: the common case (the counter is on duty when it is free)
    is inlined."""
    best_at, best = math.inf, -1
    arrives, last = visit.arrives, len(staffed) - 1
    for counter, free_at in enumerate(free):
        at = free_at if free_at > arrives else arrives
        index = int(at // 60)
        if counter >= staffed[index if index < last else last]:
            later = _on_duty_from(counter, at, staffed)
            if later is None:
                continue
            at = later
        if at < best_at:
            best_at, best = at, counter
    return best_at, best


@dataclass
class _Checkpoint:
    """A day played up to its first visitor called at or after an hour's start: what came
    before does not depend on the counters of that hour or later."""

    position: int
    free: list[float]


def _advance(
    visits: Sequence[_Visit], staffed: Sequence[int], start: _Checkpoint, until: float
) -> _Checkpoint:
    free = start.free + [0.0] * (max(staffed) - len(start.free))
    position = start.position
    while position < len(visits):
        at, counter = _call(visits[position], free, staffed)
        if at >= until:
            break
        free[counter] = at + visits[position].service
        position += 1
    return _Checkpoint(position, free)


def _share_within(
    days: Sequence[Sequence[_Visit]],
    staffed: Sequence[int],
    hour: int,
    sla: float,
    starts: Sequence[_Checkpoint] | None = None,
) -> float | None:
    """Share of hour ``hour``'s visitors called within ``sla`` over the days, first come
    first served on ``staffed[i]`` counters in hour ``i``; None without visitors. From
    ``starts`` (one per day) when all of that hour's visitors come after them."""
    width = max(staffed)
    within = total = 0
    for index, visits in enumerate(days):
        start = starts[index] if starts is not None else _Checkpoint(0, [])
        free = start.free + [0.0] * (width - len(start.free))
        for visit in visits[start.position :]:
            if visit.hour > hour:
                break  # first come first served: later visitors change no earlier call
            best_at, best = _call(visit, free, staffed)
            if visit.hour == hour:
                total += 1
                within += best >= 0 and best_at - visit.arrives <= sla
            if best >= 0:
                free[best] = best_at + visit.service
    return within / total if total else None


def counters_by_hour(
    demand: StageDemand,
    hours: Sequence[int],
    *,
    target_share: float = 0.8,
    max_counters: int = 20,
    days: int | None = None,
) -> dict[int, int]:
    """{hour: counters} for the stage over ``hours`` (consecutive clock hours), judged on
    ``days`` simulated days (by default as many as the stage's volume calls for). The same
    figures give the same advice, so it is kept: a report opened again costs nothing."""
    if not 0 < target_share <= 1:
        raise ValueError("target_share must be in (0, 1]")
    if demand.sla_minutes < 0:
        raise ValueError("sla_minutes cannot be negative")
    key = (
        demand.queue,
        tuple(sorted(demand.arrivals_per_hour.items())),
        demand.mean_service_min,
        demand.sla_minutes,
        tuple(sorted((demand.service_histogram or {}).items())),
    )
    return dict(_advice(key, tuple(hours), target_share, max_counters, days))


_DemandKey = tuple[str, tuple[tuple[int, float], ...], float, float, tuple[tuple[int, int], ...]]


@functools.lru_cache(maxsize=512)
def _advice(
    key: _DemandKey,
    hours: tuple[int, ...],
    target_share: float,
    max_counters: int,
    days: int | None,
) -> tuple[tuple[int, int], ...]:
    queue, arrivals, mean, sla, histogram = key
    demand = StageDemand(queue, dict(arrivals), mean, sla, dict(histogram) or None)
    drawn = _days(demand, hours, days or days_to_judge(demand))
    staffed: list[int] = []
    starts = [_Checkpoint(0, []) for _ in drawn]
    settled: tuple[int, float] | None = None  # the last hour with visitors: index, its share
    for index, hour in enumerate(hours):
        if staffed:
            held = [*staffed, staffed[-1]]  # the calls before this hour do not depend on it
            starts = [
                _advance(v, held, s, index * 60.0) for v, s in zip(drawn, starts, strict=True)
            ]
        if demand.arrivals_per_hour.get(hour, 0.0) > 0:
            count, share = _fewest(drawn, staffed, index, demand.sla_minutes, target_share,
                                   max_counters, starts=starts)  # fmt: skip
            settled = (index, share)
        elif settled is None:
            count = 0
        else:  # no one new: enough counters for the queue the hours before left
            count, _ = _fewest(drawn, staffed, settled[0], demand.sla_minutes, settled[1],
                               max_counters, least=0)  # fmt: skip
        staffed.append(count)
    return tuple(zip(hours, staffed, strict=True))


def _fewest(
    drawn: Sequence[Sequence[_Visit]],
    staffed: Sequence[int],
    judged: int,
    sla: float,
    target: float,
    max_counters: int,
    *,
    least: int = 1,
    starts: Sequence[_Checkpoint] | None = None,
) -> tuple[int, float]:
    """The fewest counters for the next hour (held on after it) that call ``target`` of
    hour ``judged``'s visitors within ``sla``; with the share they reach."""

    def reached(count: int) -> float:
        return _share_within(drawn, [*staffed, count], judged, sla, starts) or 0.0

    # Counting from the hour before's count: an hour mostly needs about as many, and a
    # trial's cost grows with its counters. More never lowers the share, so the first
    # count that meets the target going up, or the last going down, is the fewest.
    count = min(max(staffed[-1] if staffed else least, least), max_counters)
    share = reached(count)
    if share >= target - 1e-9:
        while count > least:
            lower = reached(count - 1)
            if lower < target - 1e-9:
                break
            count, share = count - 1, lower
        return count, share
    while count < max_counters:
        count += 1
        share = reached(count)
        if share >= target - 1e-9:
            break
    return count, share


def days_to_judge(demand: StageDemand) -> int:
    """Enough simulated days for ``JUDGED_VISITORS`` in the stage's busiest hour."""
    peak = max(demand.arrivals_per_hour.values(), default=0.0)
    if peak <= 0:
        return MIN_DAYS
    return max(MIN_DAYS, min(DAYS, math.ceil(JUDGED_VISITORS / peak)))
