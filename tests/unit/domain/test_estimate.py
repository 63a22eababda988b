"""Service-time learning and the wait estimate."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_server.domain.estimate import (
    FALLBACK_MINUTES,
    PRIOR_WEIGHT,
    ServiceTimeModel,
    ServiceTimeSample,
    trimmed_mean,
    wait_range,
    whole_minutes,
)

T0 = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def samples(queue: str, minutes: list[float]) -> list[ServiceTimeSample]:
    return [
        ServiceTimeSample(queue, m, T0 + timedelta(minutes=10 * i)) for i, m in enumerate(minutes)
    ]


def test_service_time_model_no_samples_uses_default_then_fallback() -> None:
    model = ServiceTimeModel.from_samples([], defaults={"PB": 12.0})
    assert model.mean_minutes("PB") == 12.0
    assert model.mean_minutes("XX") == FALLBACK_MINUTES


def test_service_time_model_few_samples_shrunk_toward_default() -> None:
    model = ServiceTimeModel.from_samples(samples("PB", [6.0] * 5), defaults={"PB": 10.0})
    assert model.mean_minutes("PB") == pytest.approx((6 * 5 + 10 * PRIOR_WEIGHT) / 10)


def test_service_time_model_many_samples_follow_observed_mean() -> None:
    model = ServiceTimeModel.from_samples(samples("PB", [6.0] * 30), defaults={"PB": 10.0})
    assert model.mean_minutes("PB") == pytest.approx((6 * 30 + 10 * 5) / 35)


def test_service_time_model_outliers_do_not_move_estimate() -> None:
    # A visit left open over lunch (95 min) is trimmed; 0 and 600 minutes are mistakes.
    observed = [5.0] * 19 + [95.0, 0.0, 600.0, -3.0]
    model = ServiceTimeModel.from_samples(samples("PB", observed), defaults={"PB": 5.0})
    assert model.mean_minutes("PB") == pytest.approx(5.0)


def test_service_time_model_window_keeps_latest_samples() -> None:
    model = ServiceTimeModel.from_samples(
        samples("PB", [20.0] * 30 + [4.0] * 30), defaults={"PB": 4.0}, window=30
    )
    assert model.mean_minutes("PB") == pytest.approx(4.0)


def test_service_time_model_queues_learned_separately() -> None:
    model = ServiceTimeModel.from_samples(
        samples("PB", [10.0] * 50) + samples("AP", [2.0] * 50), defaults={"PB": 10.0, "AP": 2.0}
    )
    assert (model.mean_minutes("PB"), model.mean_minutes("AP")) == (10.0, 2.0)


def test_trimmed_mean_drops_each_tail() -> None:
    assert trimmed_mean([1.0] * 8 + [100.0, -100.0]) == 1.0
    assert trimmed_mean([7.0]) == 7.0
    with pytest.raises(ValueError, match="no values"):
        trimmed_mean([])


def test_wait_range_only_when_wide_in_fives_around_the_estimate() -> None:
    assert wait_range(9) is None
    assert wait_range(15) == (10, 25)
    assert wait_range(40) == (25, 65)


@given(st.integers(0, 600))
def test_wait_range_holds_the_estimate(minutes: int) -> None:
    found = wait_range(minutes)
    if found is not None:
        low, high = found
        assert 0 < low <= minutes < high


def test_whole_minutes_rounds_up_never_negative() -> None:
    assert (whole_minutes(12.000000001), whole_minutes(12.2), whole_minutes(-3.0)) == (12, 13, 0)
