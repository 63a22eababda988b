"""Report statistics over plain numbers. Empty input gives None, never an exception."""

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile (0-100) by linear interpolation between closest ranks
    (the method of numpy's default and of spreadsheet PERCENTILE.INC)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * min(max(p, 0.0), 100.0) / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float | None:
    return percentile(values, 50)


def share_within(values: Sequence[float], limit: float) -> float | None:
    """The share (0-1) of values at or under ``limit``."""
    if not values:
        return None
    return sum(1 for value in values if value <= limit) / len(values)
