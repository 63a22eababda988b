"""Office-day simulator: how far off are the wait estimates a kiosk prints?

Simulates days of one queue (Poisson arrivals with a morning peak, lognormal
service times whose true mean drifts from day to day and differs from the
configured default, counters that open, take lunch and close) and compares,
for every arrival, the estimate at issue time against the wait that followed:

- ours: ``estimate_wait_minutes`` with the service time learned from the day's
  finished visits (``ServiceTimeModel``), people ahead and open counters;
- naive: people ahead x the configured mean service time / open counters.

    .venv/bin/python -m bench.office_day [--days 30] [--seed 7]
"""

import argparse
import heapq
import math
import random
import statistics
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from queue_server.domain.estimate import (
    ServiceTimeModel,
    ServiceTimeSample,
    estimate_wait_minutes,
)

QUEUE = "PB/berkas"
CONFIGURED_MINUTES = 8.0
OPEN, CLOSE = 8 * 60, 15 * 60  # minutes after midnight
# (from minute, counters open)
ROSTER = ((8 * 60, 3), (9 * 60, 5), (12 * 60, 2), (13 * 60, 4), (14 * 60, 3))


def counters_at(minute: float) -> int:
    return next(n for start, n in reversed(ROSTER) if minute >= start)


def arrival_rate(minute: float) -> float:
    """Arrivals per minute: a morning peak around 09:30, a smaller one after lunch."""
    hour = minute / 60
    return (
        0.25 + 0.55 * math.exp(-((hour - 9.5) ** 2) / 0.8) + 0.2 * math.exp(-((hour - 13.5) ** 2))
    )


@dataclass
class Day:
    rng: random.Random
    true_mean: float
    waiting: list[tuple[float, int]] = field(default_factory=list)  # (arrived, id)
    busy: int = 0
    finished: list[ServiceTimeSample] = field(default_factory=list)
    estimates: dict[int, tuple[float, float]] = field(default_factory=dict)
    actual: dict[int, float] = field(default_factory=dict)

    def service_minutes(self) -> float:
        sigma = 0.5
        return self.rng.lognormvariate(math.log(self.true_mean) - sigma**2 / 2, sigma)


# (minute, tie-break, kind, ticket, service minutes)
Event = tuple[float, int, str, int, float]


def simulate(day: Day, base: datetime) -> None:
    events: list[Event] = []
    minute, ident = float(OPEN), 0
    while minute < CLOSE - 60:
        minute += day.rng.expovariate(arrival_rate(minute))
        ident += 1
        heapq.heappush(events, (minute, ident, "arrive", ident, 0.0))
    for start, _ in ROSTER:
        heapq.heappush(events, (float(start), 0, "roster", 0, 0.0))
    while events:
        now, _, kind, ticket, minutes = heapq.heappop(events)
        if kind == "arrive":
            _estimate(day, ticket, now)
            day.waiting.append((now, ticket))
        elif kind == "done":
            day.busy -= 1
            day.finished.append(ServiceTimeSample(QUEUE, minutes, base + timedelta(minutes=now)))
        _dispatch(day, now, events)


def _estimate(day: Day, ticket: int, now: float) -> None:
    servers = counters_at(now)
    model = ServiceTimeModel.from_samples(day.finished, defaults={QUEUE: CONFIGURED_MINUTES})
    ours = estimate_wait_minutes(
        people_ahead=len(day.waiting),
        servers=servers,
        mean_service_min=model.mean_minutes(QUEUE),
        in_service=day.busy,
    )
    naive = len(day.waiting) * CONFIGURED_MINUTES / servers
    day.estimates[ticket] = (ours, naive)


def _dispatch(day: Day, now: float, events: list[Event]) -> None:
    while day.waiting and day.busy < counters_at(now):
        arrived, ticket = day.waiting.pop(0)
        day.actual[ticket] = now - arrived
        day.busy += 1
        minutes = day.service_minutes()
        heapq.heappush(events, (now + minutes, -ticket, "done", ticket, minutes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    errors: dict[str, list[float]] = {"ours": [], "naive": []}
    for index in range(args.days):
        day = Day(rng=random.Random(rng.random()), true_mean=rng.uniform(5.0, 12.0))
        simulate(day, datetime(2026, 12, 1, tzinfo=UTC) + timedelta(days=index))
        for ticket, (ours, naive) in day.estimates.items():
            if ticket in day.actual:
                errors["ours"].append(abs(ours - day.actual[ticket]))
                errors["naive"].append(abs(naive - day.actual[ticket]))
    print(f"{args.days} simulated days, {len(errors['ours'])} visitors, seed {args.seed}")
    print(f"{'estimate':8s} {'mean abs error':>15s} {'median':>8s} {'p90':>8s}  (minutes)")
    for name, values in errors.items():
        ordered = sorted(values)
        p90 = ordered[int(0.9 * (len(ordered) - 1))]
        print(
            f"{name:8s} {statistics.fmean(values):15.1f} {statistics.median(values):8.1f} "
            f"{p90:8.1f}"
        )
    ratio = statistics.fmean(errors["ours"]) / statistics.fmean(errors["naive"])
    print(f"ours / naive mean abs error: {ratio:.2f}")


if __name__ == "__main__":
    main()
