"""Report statistics over plain numbers.

Invariants: empty input gives None, never an exception; the input is not
modified; NaN values are a caller's bug and are refused.
"""

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], p: float) -> float | None:
    """The ``p``-th percentile (0-100), None for no values.

    Method: linear interpolation between closest ranks on the sorted values, at rank
    ``(n - 1) x p / 100`` (zero-based). This is numpy's default ("linear", Hyndman & Fan
    type 7) and spreadsheets' PERCENTILE.INC, so a branch head can check a figure in a
    spreadsheet: percentile([1, 2, 3, 4], 90) = 3.7.

    Raises:
        ValueError: ``p`` outside 0-100, or a NaN among the values.
    """
    if not 0 <= p <= 100:
        raise ValueError(f"percentile p must be 0-100, got {p}")
    if not values:
        return None
    if any(math.isnan(value) for value in values):
        raise ValueError("percentile of values containing NaN")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float | None:
    """The median (the 50th percentile above: the mean of the middle two for even counts)."""
    return percentile(values, 50)


def share_within(values: Sequence[float], limit: float) -> float | None:
    """The share (0-1) of values at or under ``limit`` (e.g. waits within the SLA)."""
    if not values:
        return None
    return sum(1 for value in values if value <= limit) / len(values)
