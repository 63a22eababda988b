"""Staffing advice with Erlang C: counters needed for an hour's arrivals to meet the SLA.

M/M/c model: Poisson arrivals at ``arrivals_per_hour``, exponential service
with mean ``mean_service_min``, ``servers`` counters, first come first served.
The offered load is ``A = arrivals_per_hour x mean_service_min / 60`` Erlangs.

- P(wait) (Erlang C) comes from the Erlang B recursion
  ``B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1))`` and ``C = c B / (c - A (1 - B))``:
  no factorials or powers, so it stays accurate for 50 counters and loads of
  hundreds of Erlangs where the textbook sum overflows.
- The share called within ``t`` minutes is ``1 - C x exp(-(c - A) t / mean)``.
- With ``c <= A`` the queue grows without bound: everyone waits, the service
  level is 0.

Invariants: probabilities stay in [0, 1]; more counters never lower the
service level; ``counters_needed`` is the smallest count meeting the target.
"""

import math


def erlang_c_wait_probability(servers: int, offered_load: float) -> float:
    """P(an arrival has to wait) with ``servers`` counters and ``offered_load`` Erlangs."""
    if servers < 0 or offered_load < 0:
        raise ValueError("servers and offered_load cannot be negative")
    if offered_load == 0:
        return 0.0
    if servers <= offered_load:
        return 1.0
    blocking = 1.0  # Erlang B with zero servers
    for k in range(1, servers + 1):
        blocking = offered_load * blocking / (k + offered_load * blocking)
    return servers * blocking / (servers - offered_load * (1 - blocking))


def service_level(
    servers: int, arrivals_per_hour: float, mean_service_min: float, target_wait_min: float
) -> float:
    """Share (0-1) of visitors called within ``target_wait_min`` minutes of arriving."""
    if mean_service_min <= 0 or target_wait_min < 0 or arrivals_per_hour < 0:
        raise ValueError("need mean_service_min > 0, target_wait_min >= 0, arrivals >= 0")
    load = arrivals_per_hour * mean_service_min / 60
    if load == 0:
        return 1.0
    if servers <= load:
        return 0.0
    waits = erlang_c_wait_probability(servers, load)
    return 1 - waits * math.exp(-(servers - load) * target_wait_min / mean_service_min)


def counters_needed(
    *,
    arrivals_per_hour: float,
    mean_service_min: float,
    target_wait_min: float,
    target_share: float = 0.8,
    max_counters: int = 50,
) -> int:
    """The fewest counters calling ``target_share`` of visitors within ``target_wait_min``.

    No arrivals need no counter. When even ``max_counters`` falls short, ``max_counters``
    is returned: the advice is "as many as you have", and the report shows the level.
    """
    if not 0 < target_share <= 1:
        raise ValueError("target_share must be in (0, 1]")
    if arrivals_per_hour <= 0:
        return 0
    load = arrivals_per_hour * mean_service_min / 60
    # Fewer than floor(load) + 1 counters can never keep up, so start there.
    for servers in range(max(1, math.floor(load) + 1), max_counters + 1):
        level = service_level(servers, arrivals_per_hour, mean_service_min, target_wait_min)
        if level >= target_share:
            return servers
    return max_counters
