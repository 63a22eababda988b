"""Counters per stage and hour found by simulating the stage's queue."""

import pytest

from queue_server.domain.staffing import service_level
from queue_server.domain.stage_staffing import StageDemand, counters_by_hour

HOURS = list(range(8, 13))


def test_no_arrivals_need_no_counter() -> None:
    demand = StageDemand("AP", {}, mean_service_min=5, sla_minutes=15)
    assert counters_by_hour(demand, HOURS) == dict.fromkeys(HOURS, 0)


def test_same_demand_same_advice() -> None:
    demand = StageDemand("AP", {8: 20, 9: 30, 10: 10}, mean_service_min=6, sla_minutes=20)
    assert counters_by_hour(demand, HOURS) == counters_by_hour(demand, HOURS)


def test_heavier_hour_needs_more_counters() -> None:
    light = StageDemand("AP", {9: 6}, mean_service_min=6, sla_minutes=10)
    heavy = StageDemand("AP", {9: 60}, mean_service_min=6, sla_minutes=10)
    assert counters_by_hour(heavy, HOURS)[9] > counters_by_hour(light, HOURS)[9] >= 1


def test_queue_left_over_keeps_counters_after_the_last_arrivals() -> None:
    demand = StageDemand("AP", {8: 40}, mean_service_min=10, sla_minutes=15)
    advice = counters_by_hour(demand, HOURS)
    assert advice[8] >= 1
    assert advice[9] >= 1  # those who came at 8 are still being called at 9
    assert advice[12] == 0


def test_enough_counters_meet_the_target_in_a_settled_hour() -> None:
    """Far into a steady day the simulated count meets the target where Erlang C says a
    count meets it, give or take one counter (the model's exponential service times)."""
    hours = list(range(6, 14))
    demand = StageDemand("AP", dict.fromkeys(hours, 30.0), mean_service_min=8, sla_minutes=10)
    advice = counters_by_hour(demand, hours, days=60)
    settled = advice[13]
    assert service_level(settled + 1, 30, 8, 10) >= 0.8
    assert abs(settled - next(c for c in range(1, 20) if service_level(c, 30, 8, 10) >= 0.8)) <= 1


def test_measured_service_times_are_used() -> None:
    """Service times of a histogram with a long tail need more counters than the same
    mean without one, at a short SLA."""
    steady = StageDemand("AP", {9: 20}, 6.0, 5, service_histogram={6: 100})
    tailed = StageDemand("AP", {9: 20}, 6.0, 5, service_histogram={2: 80, 22: 20})
    assert counters_by_hour(tailed, HOURS)[9] >= counters_by_hour(steady, HOURS)[9]


def test_bad_target_refused() -> None:
    with pytest.raises(ValueError, match="target_share"):
        counters_by_hour(StageDemand("AP", {9: 1}, 5, 10), HOURS, target_share=0)


def test_the_search_from_the_hour_before_finds_the_fewest_counters() -> None:
    """More counters never lower an hour's share, so counting from the hour before's
    count finds what counting up from one finds."""
    from queue_server.domain import stage_staffing

    demand = StageDemand("AP", {8: 25, 9: 70, 10: 40}, mean_service_min=7, sla_minutes=15)
    drawn = stage_staffing._days(demand, HOURS, 12)
    for staffed, judged in (([], 0), ([4], 1), ([4, 9], 2)):
        found, _ = stage_staffing._fewest(drawn, staffed, judged, 15, 0.8, 20)
        shares = [
            stage_staffing._share_within(drawn, [*staffed, count], judged, 15) or 0.0
            for count in range(1, 21)
        ]
        assert found == next(c for c, share in enumerate(shares, 1) if share >= 0.8 - 1e-9)


def test_a_busy_stage_is_judged_on_fewer_days() -> None:
    from queue_server.domain.stage_staffing import DAYS, MIN_DAYS, days_to_judge

    assert days_to_judge(StageDemand("AP", {9: 4}, 5, 10)) == DAYS
    assert days_to_judge(StageDemand("AP", {9: 200}, 5, 10)) == MIN_DAYS
    assert days_to_judge(StageDemand("AP", {}, 5, 10)) == MIN_DAYS
