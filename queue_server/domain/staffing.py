"""Staffing advice with Erlang C: counters needed for an hour's arrivals to meet the SLA.

M/M/c model: arrivals Poisson at rate lambda, service exponential with mean
``mean_service_min``, ``servers`` counters. The probability of waiting comes
from the Erlang B recursion (stable for large loads); the share served within
``t`` is 1 - P(wait) x exp(-(c - A) x t / mean service).
"""

import math


def erlang_c_wait_probability(servers: int, offered_load: float) -> float:
    """P(an arrival waits) for ``servers`` counters and offered load A (Erlangs)."""
    if offered_load <= 0:
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
    """Share of visitors called within ``target_wait_min``."""
    load = arrivals_per_hour * mean_service_min / 60
    if load <= 0:
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
    """The fewest counters meeting the target share; ``max_counters`` if none does."""
    if arrivals_per_hour <= 0:
        return 0
    for servers in range(1, max_counters + 1):
        if service_level(servers, arrivals_per_hour, mean_service_min, target_wait_min) >= (
            target_share
        ):
            return servers
    return max_counters
