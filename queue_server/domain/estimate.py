"""Wait estimates: people ahead and minutes, from recent service times and open counters.

The service time of a queue is learned from its latest finished visits: the
median of the last ``window`` samples (robust to a visit left open over a
break), shrunk toward the configured default while there are few samples.
"""

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

PRIOR_WEIGHT = 5  # samples' worth of trust in the configured default
FALLBACK_MINUTES = 8.0


@dataclass(frozen=True)
class ServiceTimeSample:
    queue: str
    minutes: float
    finished_at: datetime


class ServiceTimeModel:
    def __init__(self, means: Mapping[str, float], defaults: Mapping[str, float]) -> None:
        self._means = dict(means)
        self._defaults = dict(defaults)

    @classmethod
    def from_samples(
        cls,
        samples: Iterable[ServiceTimeSample],
        *,
        defaults: Mapping[str, float],
        window: int = 30,
    ) -> "ServiceTimeModel":
        by_queue: dict[str, list[ServiceTimeSample]] = defaultdict(list)
        for sample in samples:
            if 0 < sample.minutes < 240:  # a visit open for hours is a forgotten button
                by_queue[sample.queue].append(sample)
        means: dict[str, float] = {}
        for queue, queue_samples in by_queue.items():
            latest = sorted(queue_samples, key=lambda s: s.finished_at)[-window:]
            observed = statistics.median(s.minutes for s in latest)
            prior = defaults.get(queue, FALLBACK_MINUTES)
            n = len(latest)
            means[queue] = (observed * n + prior * PRIOR_WEIGHT) / (n + PRIOR_WEIGHT)
        return cls(means, defaults)

    def mean_minutes(self, queue: str) -> float:
        return self._means.get(queue, self._defaults.get(queue, FALLBACK_MINUTES))


def estimate_wait_minutes(
    *, people_ahead: int, mean_service_min: float, servers: int, in_service: int = 0
) -> int:
    """Minutes until this visitor is called, rounded up.

    With every counter busy (``in_service >= servers``) the visitor waits for
    ``people_ahead + 1`` departures, which come ``servers`` times as fast as one
    counter serves; otherwise the ``people_ahead`` go to the free counters first.
    """
    servers = max(servers, 1)
    departures = people_ahead + 1 if in_service >= servers else people_ahead
    minutes = departures * mean_service_min / servers
    return max(0, math.ceil(minutes - 1e-9))
