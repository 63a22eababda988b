"""Trends per day and per month add up to what the day reports say, finished days from the
roll-up and today from its live cells."""

from datetime import timedelta

import pytest

from queue_server.services import report_trends, reports
from queue_server.services.context import ServerContext
from queue_server.services.report_tables import trends_table
from tests.unit.server.test_reports import DAY, FakeClock, _a_day, _issue, clock, ctx

__all__ = ["clock", "ctx"]  # the fixtures, shared with the day reports' tests


def test_trends_by_day_match_each_days_report(ctx: ServerContext, clock: FakeClock) -> None:
    _a_day(ctx, clock)
    second = DAY + timedelta(days=1)
    clock.at(9, 0, second)
    _issue(ctx, "AP", "trend-0001")
    today = DAY + timedelta(days=3)
    clock.at(11, 0, today)
    _issue(ctx, "AP", "trend-0002")
    _issue(ctx, "IN", "trend-0003")

    trends = report_trends.trends(ctx, DAY, today, "day")

    assert [point.start for point in trends.points] == [DAY + timedelta(days=n) for n in range(4)]
    assert [point.visitors for point in trends.points] == [3, 1, 0, 2]  # today's live too
    first = reports.period_report(ctx, DAY, DAY).total
    point = trends.points[0]
    assert (point.wait_median, point.wait_p90) == (first.wait.median, first.wait.p90)
    assert point.within_share == pytest.approx(first.within_share)
    assert trends.points[2].wait_median is None  # a day without visitors: a gap, not a zero
    assert (point.skm_score, point.skm_respondents) == (None, 0)


def test_trends_by_month_sum_the_days(ctx: ServerContext, clock: FakeClock) -> None:
    _a_day(ctx, clock)
    later = DAY + timedelta(days=40)
    clock.at(9, 0, later)
    _issue(ctx, "AP", "trend-0004")
    clock.at(9, 0, later + timedelta(days=1))

    trends = report_trends.trends(ctx, DAY, later, report_trends.default_step(DAY, later))

    assert trends.step == "day"  # 40 days: still drawn per day
    monthly = report_trends.trends(ctx, DAY, later, "month")
    assert [p.start.isoformat() for p in monthly.points] == ["2026-03-01", "2026-04-01"]
    assert [p.visitors for p in monthly.points] == [3, 1]
    table = trends_table(monthly)
    assert [row[0] for row in table.rows] == ["2026-03", "2026-04"]
    assert report_trends.default_step(DAY, DAY + timedelta(days=200)) == "month"
