"""Wait estimates: minutes until a waiting visitor is called.

Service time per queue is learned from its latest finished visits: a trimmed
mean of the last ``window`` samples (throughput depends on the mean, not the
median, but one visit left open over lunch must not move it), shrunk toward
the configured default while there are few samples. Samples of 0 minutes or
less, or of ``MAX_PLAUSIBLE_MINUTES`` or more, are dropped as mistakes.

The wait itself is projected by replaying the call policy forward
(``domain.projection``); here are the minutes a visitor reads: whole, rounded
up, never negative, and a range around them when the error is wide.
``bench/wait_estimate.py`` measures both on simulated office days against the
naive ``people ahead x mean / open counters``.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

PRIOR_WEIGHT = 5  # samples' worth of trust in the configured default
FALLBACK_MINUTES = 8.0  # a queue with neither samples nor a configured default
MAX_PLAUSIBLE_MINUTES = 240.0  # a visit "open" for hours is a forgotten button
TRIM_SHARE = 0.1  # dropped from each end before averaging
DEFAULT_WINDOW = 30  # latest samples per queue the model learns from


@dataclass(frozen=True)
class ServiceTimeSample:
    """One finished visit (or stage) of a queue: how long the counter served it."""

    queue: str
    minutes: float
    finished_at: datetime


def trimmed_mean(values: Sequence[float], share: float = TRIM_SHARE) -> float:
    """The mean after dropping ``floor(n x share)`` values from each end (at least one value
    stays). Raises ``ValueError`` on empty input."""
    if not values:
        raise ValueError("trimmed_mean of no values")
    ordered = sorted(values)
    cut = min(int(len(ordered) * share), (len(ordered) - 1) // 2)
    kept = ordered[cut : len(ordered) - cut]
    return math.fsum(kept) / len(kept)


class ServiceTimeModel:
    """Mean service minutes per queue; immutable once built."""

    def __init__(self, means: Mapping[str, float], defaults: Mapping[str, float]) -> None:
        self._means = dict(means)
        self._defaults = dict(defaults)

    @classmethod
    def from_samples(
        cls,
        samples: Iterable[ServiceTimeSample],
        *,
        defaults: Mapping[str, float],
        window: int = DEFAULT_WINDOW,
    ) -> "ServiceTimeModel":
        """Learn from ``samples`` (any order): per queue, the latest ``window`` plausible ones.

        With ``n`` samples the estimate is ``(n x trimmed mean + 5 x default) / (n + 5)``,
        so the first few visits of the day nudge the default rather than replace it.
        """
        if window < 1:
            raise ValueError("window must be at least 1")
        by_queue: dict[str, list[ServiceTimeSample]] = defaultdict(list)
        for sample in samples:
            if 0 < sample.minutes < MAX_PLAUSIBLE_MINUTES:
                by_queue[sample.queue].append(sample)
        means: dict[str, float] = {}
        for queue, queue_samples in by_queue.items():
            latest = sorted(queue_samples, key=lambda s: s.finished_at)[-window:]
            observed = trimmed_mean([s.minutes for s in latest])
            prior = defaults.get(queue, FALLBACK_MINUTES)
            n = len(latest)
            means[queue] = (observed * n + prior * PRIOR_WEIGHT) / (n + PRIOR_WEIGHT)
        return cls(means, defaults)

    def mean_minutes(self, queue: str) -> float:
        """The learned mean, else the configured default, else ``FALLBACK_MINUTES``."""
        return self._means.get(queue, self._defaults.get(queue, FALLBACK_MINUTES))


RANGE_FROM_MIN = 10  # a shorter wait is told as one number
RANGE_LOW, RANGE_HIGH = 0.7, 1.6  # the spread of waits around the estimate, measured


def wait_range(minutes: int) -> tuple[int, int] | None:
    """The range told beside an estimate when its error is wide (``15-25 menit``), in
    whole fives; None for a wait under ``RANGE_FROM_MIN``. The factors hold about four
    waits in five on the simulator's days (``bench/README.md``, "Wait estimates")."""
    if minutes < RANGE_FROM_MIN:
        return None
    low = 5 * math.floor(minutes * RANGE_LOW / 5)
    high = 5 * math.ceil(minutes * RANGE_HIGH / 5)
    return max(low, 1), max(high, minutes + 5)


def whole_minutes(minutes: float) -> int:
    """Minutes as the visitor reads them: whole, rounded up, never negative."""
    return max(math.ceil(minutes - 1e-9), 0)  # 1e-9: 12.000000001 from float noise is 12
