"""Wait estimates on simulated office days: ours against the naive estimate.

Usage: .venv/bin/python bench/wait_estimate.py [--days 40] [--seed 2026]

Each day has three queues with different service times (paspor baru, pengambilan,
izin tinggal), Poisson arrivals by hour with a morning peak, lognormal service
times whose true mean drifts from day to day away from the configured default,
and 3-8 counters whose roster changes every hour (lunch dip included); a closing
counter finishes its visitor first. Everything is drawn from seeded generators,
so a run is repeatable. For every arrival the estimate at issue time is compared
with the wait that followed (minutes from issue to call):

- naive: people ahead x the day's global mean service time / open counters;
- naive, learned per queue: the same with ``ServiceTimeModel``'s per-queue mean;
- ours: ``estimate_wait_minutes`` with the per-queue model and busy counters.
"""

import argparse
import heapq
import math
import random
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from queue_server.domain.estimate import (
    ServiceTimeModel,
    ServiceTimeSample,
    estimate_wait_minutes,
)
from queue_server.domain.stats import percentile

# queue -> (share of arrivals, configured default minutes, range of the day's true mean)
QUEUES: dict[str, tuple[float, float, tuple[float, float]]] = {
    "PB": (0.5, 10.0, (7.0, 14.0)),
    "AP": (0.3, 3.0, (2.0, 4.5)),
    "IT": (0.2, 15.0, (11.0, 20.0)),
}
SIGMA = 0.5  # lognormal shape of service times
ARRIVALS_PER_HOUR = {8: 40, 9: 45, 10: 38, 11: 30, 12: 20, 13: 25, 14: 18}
ROSTER = {8: 5, 9: 7, 10: 8, 11: 6, 12: 3, 13: 5, 14: 4, 15: 4}  # counters, before jitter
DAY0 = datetime(2026, 1, 5, tzinfo=UTC)
Estimator = Callable[["Office", str], float]


@dataclass
class Office:
    """One simulated day: FIFO queues, counters per queue, finished-visit samples."""

    rng: random.Random
    true_mean: dict[str, float]
    now: float = 0.0  # minutes after midnight
    waiting: dict[str, deque[tuple[float, dict[str, float]]]] = field(default_factory=dict)
    open_counters: dict[str, int] = field(default_factory=dict)
    busy: dict[str, int] = field(default_factory=dict)
    samples: list[ServiceTimeSample] = field(default_factory=list)
    errors: dict[str, list[float]] = field(default_factory=dict)
    model: ServiceTimeModel | None = None
    model_at: float = -1.0

    def service_model(self) -> ServiceTimeModel:
        # Rebuilt at most once a simulated minute, as the server caches it.
        if self.model is None or self.now - self.model_at >= 1:
            defaults = {q: spec[1] for q, spec in QUEUES.items()}
            self.model = ServiceTimeModel.from_samples(self.samples, defaults=defaults)
            self.model_at = self.now
        return self.model


def _naive(office: Office, queue: str, mean: float) -> float:
    ahead = len(office.waiting[queue])
    return ahead * mean / max(office.open_counters[queue], 1)


def _global_mean(office: Office) -> float:
    if not office.samples:
        return sum(spec[1] for spec in QUEUES.values()) / len(QUEUES)
    return sum(s.minutes for s in office.samples) / len(office.samples)


ESTIMATORS: dict[str, Estimator] = {
    "naive (global mean)": lambda o, q: _naive(o, q, _global_mean(o)),
    "naive, learned per queue": lambda o, q: _naive(o, q, o.service_model().mean_minutes(q)),
    "ours": lambda o, q: estimate_wait_minutes(
        people_ahead=len(o.waiting[q]),
        mean_service_min=o.service_model().mean_minutes(q),
        servers=o.open_counters[q],
        in_service=o.busy[q],
    ),
}


def allocate(total: int) -> dict[str, int]:
    """Counters per queue in proportion to workload, at least one each (largest remainder)."""
    load = {q: share * default for q, (share, default, _) in QUEUES.items()}
    spare = total - len(QUEUES)
    raw = {q: spare * w / sum(load.values()) for q, w in load.items()}
    counts = {q: 1 + int(r) for q, r in raw.items()}
    for q in sorted(raw, key=lambda q: raw[q] - int(raw[q]), reverse=True):
        if sum(counts.values()) < total:
            counts[q] += 1
    return counts


def simulate_day(rng: random.Random) -> dict[str, list[float]]:
    """Signed errors (estimate - actual wait, minutes) per estimator for one day."""
    true_mean = {q: rng.uniform(*spec[2]) for q, spec in QUEUES.items()}
    office = Office(rng, true_mean)
    office.waiting = {q: deque() for q in QUEUES}
    office.busy = dict.fromkeys(QUEUES, 0)
    office.errors = {name: [] for name in ESTIMATORS}
    events: list[tuple[float, int, str, str]] = []  # (time, seq, kind, queue)
    seq = 0
    for hour, base in ROSTER.items():
        events.append((hour * 60.0, seq, "roster", str(min(8, max(3, base + rng.randint(-1, 1))))))
        seq += 1
    for hour, rate in ARRIVALS_PER_HOUR.items():
        at = hour * 60.0 + rng.expovariate(rate / 60)
        while at < (hour + 1) * 60:
            queue = rng.choices(list(QUEUES), [spec[0] for spec in QUEUES.values()])[0]
            events.append((at, seq, "arrive", queue))
            seq += 1
            at += rng.expovariate(rate / 60)
    heapq.heapify(events)
    while events:
        office.now, _, kind, arg = heapq.heappop(events)
        if kind == "roster":
            office.open_counters = allocate(int(arg))
        elif kind == "arrive":
            estimates = {name: est(office, arg) for name, est in ESTIMATORS.items()}
            office.waiting[arg].append((office.now, estimates))
        else:  # "finish": a counter of queue ``arg`` is free again
            office.busy[arg] -= 1
        seq = _call_free_counters(office, events, seq)
    return office.errors


def _call_free_counters(office: Office, events: list[tuple[float, int, str, str]], seq: int) -> int:
    # A counter above the roster finishes its visitor and then leaves: it calls nobody.
    for queue, line in office.waiting.items():
        while line and office.busy[queue] < office.open_counters.get(queue, 0):
            arrived, estimates = line.popleft()
            actual = office.now - arrived
            for name, estimate in estimates.items():
                office.errors[name].append(estimate - actual)
            mean = office.true_mean[queue]
            minutes = office.rng.lognormvariate(math.log(mean) - SIGMA**2 / 2, SIGMA)
            finish = office.now + minutes
            office.samples.append(
                ServiceTimeSample(queue, minutes, DAY0 + timedelta(minutes=finish))
            )
            office.busy[queue] += 1
            heapq.heappush(events, (finish, seq, "finish", queue))
            seq += 1
    return seq


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    errors: dict[str, list[float]] = {name: [] for name in ESTIMATORS}
    for day in range(args.days):
        for name, values in simulate_day(random.Random(args.seed * 1000 + day)).items():
            errors[name].extend(values)
    visitors = len(errors["ours"])
    print(f"{args.days} simulated days, {visitors} visitors, seed {args.seed}\n")
    print("| estimate | mean abs error | median abs | p90 abs | mean signed (bias) |")
    print("| --- | --- | --- | --- | --- |")
    for name, signed in errors.items():
        absolute = [abs(e) for e in signed]
        print(
            f"| {name} | {sum(absolute) / len(absolute):.1f} | {percentile(absolute, 50):.1f} "
            f"| {percentile(absolute, 90):.1f} | {sum(signed) / len(signed):+.1f} |"
        )


if __name__ == "__main__":
    main()
