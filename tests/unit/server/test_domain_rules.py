"""SKM/IKM, Erlang C, report statistics, wait estimates, booking windows, opening hours."""

import math
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from queue_server.config import EXAMPLE_OFFICE, load_office
from queue_server.domain.booking_window import CheckInWindow, check_in_decision
from queue_server.domain.estimate import (
    ServiceTimeModel,
    ServiceTimeSample,
    estimate_wait_minutes,
)
from queue_server.domain.hours import closed_reason
from queue_server.domain.skm import WeightMode, compute_skm, grade_of
from queue_server.domain.staffing import (
    counters_needed,
    erlang_c_wait_probability,
    service_level,
)
from queue_server.domain.stats import median, percentile, share_within

JAKARTA = ZoneInfo("Asia/Jakarta")


def test_skm_hand_computed_example() -> None:
    # Three respondents; the third skipped element 9.
    responses = [
        {1: 4, 2: 3, 3: 3, 4: 4, 5: 3, 6: 4, 7: 4, 8: 3, 9: 3},
        {1: 3, 2: 3, 3: 2, 4: 4, 5: 3, 6: 3, 7: 4, 8: 3, 9: 4},
        {1: 4, 2: 4, 3: 3, 4: 4, 5: 4, 6: 4, 7: 4, 8: 3},
    ]
    report = compute_skm(responses, WeightMode.EXACT)
    # NRR: 11/3, 10/3, 8/3, 4, 10/3, 11/3, 4, 3, 3.5 -> sum 31.1667, /9 = 3.46296
    assert report.respondents == 3
    assert report.nrr[0] == pytest.approx(11 / 3)
    assert report.nrr[8] == pytest.approx(3.5)
    assert report.index == pytest.approx(3.463, abs=1e-3)
    assert report.score == pytest.approx(86.57, abs=0.01)
    assert (report.grade, report.label_id) == ("B", "Baik")


def test_skm_rounding_trap_all_fours() -> None:
    perfect = [dict.fromkeys(range(1, 10), 4)] * 5
    assert compute_skm(perfect, WeightMode.EXACT).score == 100.0
    assert compute_skm(perfect, WeightMode.ROUNDED).score == 99.0


@pytest.mark.parametrize(
    ("score", "grade"),
    [(88.31, "A"), (88.30, "B"), (76.61, "B"), (76.60, "C"), (65.0, "C"), (64.99, "D")],
)
def test_skm_grade_boundaries(score: float, grade: str) -> None:
    assert grade_of(score)[0] == grade


def test_skm_no_responses() -> None:
    assert compute_skm([], WeightMode.EXACT).grade == "-"


def test_erlang_c_textbook_values() -> None:
    # A = 2 Erlangs on 3 servers: P(wait) = 4/9 (0.4444).
    assert erlang_c_wait_probability(3, 2.0) == pytest.approx(4 / 9, abs=1e-4)
    assert erlang_c_wait_probability(2, 2.5) == 1.0


@pytest.mark.parametrize(("servers", "load"), [(12, 10.0), (55, 48.0), (3, 0.5), (120, 100.0)])
def test_erlang_c_recursion_matches_closed_form(servers: int, load: float) -> None:
    terms = sum(load**k / math.factorial(k) for k in range(servers))
    top = load**servers / math.factorial(servers) * servers / (servers - load)
    assert erlang_c_wait_probability(servers, load) == pytest.approx(top / (terms + top))
    level = service_level(servers, load * 60 / 3, 3, 1 / 3)
    expected = 1 - top / (terms + top) * math.exp(-(servers - load) * (1 / 3) / 3)
    assert level == pytest.approx(expected)


def test_counters_needed_grows_with_arrivals() -> None:
    few = counters_needed(arrivals_per_hour=20, mean_service_min=8, target_wait_min=15)
    many = counters_needed(arrivals_per_hour=60, mean_service_min=8, target_wait_min=15)
    assert 3 <= few < many
    assert counters_needed(arrivals_per_hour=0, mean_service_min=8, target_wait_min=15) == 0
    assert service_level(many, 60, 8, 15) >= 0.8
    assert service_level(many - 1, 60, 8, 15) < 0.8


def test_stats_percentile_and_share() -> None:
    values = [1.0, 2.0, 3.0, 4.0, 10.0]
    assert median(values) == 3.0
    assert percentile(values, 90) == pytest.approx(7.6)
    assert share_within(values, 3) == 0.6
    assert median([]) is None
    assert share_within([], 1) is None


def test_estimate_learns_and_shrinks_toward_default() -> None:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    samples = [ServiceTimeSample("AP", 2.0, now - timedelta(minutes=i)) for i in range(30)]
    model = ServiceTimeModel.from_samples(samples, defaults={"AP": 10.0, "IT": 15.0})
    assert 2.0 < model.mean_minutes("AP") < 4.0
    assert model.mean_minutes("IT") == 15.0
    assert estimate_wait_minutes(people_ahead=4, mean_service_min=5, servers=2) == 10
    assert estimate_wait_minutes(people_ahead=0, mean_service_min=5, servers=2) == 0


def test_booking_window_outcomes() -> None:
    start = datetime(2026, 12, 1, 9, 0, tzinfo=JAKARTA)
    end = start + timedelta(hours=1)
    window = CheckInWindow(early_minutes=60, late_minutes=30, late_action="refuse")
    early = check_in_decision(
        slot_start=start, slot_end=end, now=start - timedelta(hours=2), window=window
    )
    assert early.outcome == "too_early"
    assert "08.00" in early.message_id
    on_time = check_in_decision(slot_start=start, slot_end=end, now=start, window=window)
    assert on_time.outcome == "on_time"
    late = check_in_decision(
        slot_start=start, slot_end=end, now=end + timedelta(minutes=31), window=window
    )
    assert late.outcome == "too_late"
    assert "M-Paspor" in late.message_id


def test_opening_hours_of_example_office() -> None:
    office = load_office(EXAMPLE_OFFICE)
    monday_morning = datetime(2026, 11, 30, 9, 0, tzinfo=JAKARTA)
    assert closed_reason(office, monday_morning) is None
    early = closed_reason(office, monday_morning.replace(hour=6))
    assert early is not None
    assert "07.30" in early.id
    late = closed_reason(office, monday_morning.replace(hour=15, minute=30))
    assert late is not None
    assert "15.00" in late.en
    sunday = closed_reason(office, datetime(2026, 11, 29, 9, 0, tzinfo=JAKARTA))
    assert sunday is not None
    assert "Senin s.d. Jumat" in sunday.id
