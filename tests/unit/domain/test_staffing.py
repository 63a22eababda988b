"""Erlang C staffing advice against textbook values."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_server.domain.staffing import (
    counters_needed,
    erlang_c_wait_probability,
    service_level,
)


def erlang_c_textbook(servers: int, load: float) -> float:
    """The closed form with factorials, fine for small cases."""
    top = load**servers / math.factorial(servers) * servers / (servers - load)
    bottom = sum(load**k / math.factorial(k) for k in range(servers)) + top
    return top / bottom


@pytest.mark.parametrize(
    ("servers", "load", "expected"),
    [
        (1, 0.5, 0.5),  # M/M/1: P(wait) = utilisation
        (2, 1.0, 1 / 3),
        (3, 2.0, 4 / 9),
        # Call Centre Helper's worked example: 10 Erlangs (100 calls / 30 min x 3 min).
        (11, 10.0, 0.6821),
        (14, 10.0, 0.1741),
    ],
)
def test_erlang_c_known_values(servers: int, load: float, expected: float) -> None:
    assert erlang_c_wait_probability(servers, load) == pytest.approx(expected, abs=1e-4)


def test_service_level_worked_example_20_seconds() -> None:
    # 200 calls an hour, 3 minutes each, 14 agents, answered within 20 s: 88.8 %.
    assert service_level(14, 200, 3, 20 / 60) == pytest.approx(0.8884, abs=1e-3)


def test_counters_needed_worked_example_80_percent() -> None:
    # 13 agents answer 79.6 % within 20 s, just short; 14 answer 88.8 %.
    assert counters_needed(arrivals_per_hour=200, mean_service_min=3, target_wait_min=1 / 3) == 14


@given(st.integers(1, 25), st.floats(0.01, 0.99))
def test_erlang_c_recursion_matches_closed_form(servers: int, utilisation: float) -> None:
    load = servers * utilisation
    assert erlang_c_wait_probability(servers, load) == pytest.approx(
        erlang_c_textbook(servers, load), rel=1e-9
    )


def test_erlang_c_large_office_load_stays_finite() -> None:
    # 300! overflows a float; the recursion does not.
    probability = erlang_c_wait_probability(300, 280.0)
    assert 0 < probability < 1


def test_erlang_c_overloaded_or_idle_edges() -> None:
    assert erlang_c_wait_probability(3, 3.0) == 1.0
    assert erlang_c_wait_probability(3, 0.0) == 0.0
    assert service_level(2, 60, 3, 5) == 0.0  # 3 Erlangs on 2 counters


def test_counters_needed_no_arrivals_zero() -> None:
    assert counters_needed(arrivals_per_hour=0, mean_service_min=10, target_wait_min=15) == 0


def test_counters_needed_unreachable_target_capped() -> None:
    needed = counters_needed(
        arrivals_per_hour=600, mean_service_min=10, target_wait_min=5, max_counters=20
    )
    assert needed == 20


@given(st.floats(1, 120), st.floats(1, 30), st.floats(0, 60), st.floats(0.5, 0.95))
def test_counters_needed_smallest_meeting_target(
    arrivals: float, mean: float, target: float, share: float
) -> None:
    needed = counters_needed(
        arrivals_per_hour=arrivals, mean_service_min=mean, target_wait_min=target,
        target_share=share, max_counters=200,
    )  # fmt: skip
    assert service_level(needed, arrivals, mean, target) >= share
    assert service_level(needed - 1, arrivals, mean, target) < share
    assert service_level(needed + 1, arrivals, mean, target) >= service_level(
        needed, arrivals, mean, target
    )
