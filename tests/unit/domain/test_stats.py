"""Report statistics."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_server.domain.stats import median, percentile, share_within


def test_stats_empty_input_none() -> None:
    assert percentile([], 90) is None
    assert median([]) is None
    assert share_within([], 10) is None


def test_percentile_linear_interpolation_like_spreadsheet() -> None:
    assert percentile([1, 2, 3, 4], 90) == pytest.approx(3.7)  # PERCENTILE.INC
    assert percentile([15, 20, 35, 40, 50], 40) == pytest.approx(29.0)
    assert percentile([7], 99) == 7


def test_percentile_unsorted_input_not_modified() -> None:
    values = [9.0, 1.0, 5.0]
    assert percentile(values, 100) == 9.0
    assert values == [9.0, 1.0, 5.0]


def test_median_even_count_mean_of_middle_two() -> None:
    assert median([4, 1, 3, 2]) == 2.5
    assert median([3, 1, 2]) == 2


@pytest.mark.parametrize("p", [-1, 100.5])
def test_percentile_out_of_range_raises(p: float) -> None:
    with pytest.raises(ValueError, match="0-100"):
        percentile([1.0], p)


def test_percentile_nan_raises() -> None:
    with pytest.raises(ValueError, match="NaN"):
        percentile([1.0, float("nan")], 50)


def test_share_within_limit_inclusive() -> None:
    assert share_within([5, 10, 15, 20], 10) == 0.5


values_strategy = st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=50)


@given(values_strategy, st.floats(0, 100), st.floats(0, 100))
def test_percentile_between_min_max_and_monotone(values: list[float], p: float, q: float) -> None:
    low, high = sorted((p, q))
    at_low, at_high = percentile(values, low), percentile(values, high)
    assert at_low is not None
    assert at_high is not None
    assert min(values) <= at_low <= at_high + 1e-6 <= max(values) + 1e-6
