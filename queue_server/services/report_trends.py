"""Trends a branch head puts in the monthly report: per day or per month, the visitors, the
median and 90th-percentile wait, the share called within the SLA target and the SKM score
(IKM). Finished days come from the roll-up (``report_store``), today from its live cells,
so the points add up to what the day and range reports say."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal, cast

from queue_server.domain.skm import SkmTally, WeightMode, skm_of
from queue_server.services.context import ServerContext
from queue_server.services.report_cells import Cells, live_cells, roll_up
from queue_server.services.reports import bucket_percentile
from queue_server.storage import report_store, skm_store

Step = Literal["day", "month"]
MONTHLY_FROM_DAYS = 93  # a longer range is drawn per month unless asked otherwise


@dataclass(frozen=True)
class TrendPoint:
    start: date  # the day, or the month's first day
    visitors: int
    wait_median: float | None
    wait_p90: float | None
    within_share: float | None
    skm_score: float | None  # IKM, 25-100; None without respondents
    skm_respondents: int


@dataclass(frozen=True)
class Trends:
    first: date
    last: date
    step: Step
    points: list[TrendPoint]


@dataclass
class _Bucket:
    visitors: int = 0
    within: int = 0
    waits: Counter[int] = field(default_factory=Counter)
    skm: SkmTally = field(default_factory=SkmTally)


def default_step(first: date, last: date) -> Step:
    return "month" if (last - first).days >= MONTHLY_FROM_DAYS else "day"


def trends(ctx: ServerContext, first: date, last: date, step: Step) -> Trends:
    buckets: dict[date, _Bucket] = defaultdict(_Bucket)

    def bucket(day: date) -> _Bucket:
        return buckets[day.replace(day=1) if step == "month" else day]

    roll_up(ctx)  # finished days not rolled up yet (the retention job does it too)
    today = ctx.today()
    monthly = step == "month"  # whole months read from their sums
    with ctx.db.read() as session:
        for day, _item, n in report_store.daily_counts(
            session, first, last, "issued", by_month=monthly
        ):
            bucket(day).visitors += n
        for day, _item, n in report_store.daily_counts(
            session, first, last, "within", by_month=monthly
        ):
            bucket(day).within += n
        for day, minute, n in report_store.daily_hist(session, first, last, "w", by_month=monthly):
            bucket(day).waits[minute] += n
        rolled_until = report_store.last_rolled_day(session)
        for (rated,), sums in skm_store.skm_sums(
            session, first, last, "day", rolled_until=rolled_until
        ):
            bucket(cast(date, rated)).skm += SkmTally(*sums)
        if first <= today <= last:
            _add_live(bucket(today), live_cells(ctx, session, today))
    weights = WeightMode(ctx.office.skm.weight_mode)
    points = [
        _point(start, buckets.get(start, _Bucket()), weights)
        for start in _starts(first, last, step)
    ]
    return Trends(first, last, step, points)


def _add_live(target: _Bucket, cells: Cells) -> None:
    counts, hist = cells.counts, cells.hist
    target.visitors += sum(n for (dim, _), n in counts.items() if dim == "issued")
    target.within += sum(n for (dim, _), n in counts.items() if dim == "within")
    for (_queue, kind, minute), n in hist.items():
        if kind == "w":
            target.waits[minute] += n


def _point(start: date, bucket: _Bucket, weights: WeightMode) -> TrendPoint:
    waits = {minute: n for minute, n in bucket.waits.items() if n}
    called = sum(waits.values())
    skm = skm_of(bucket.skm, weights) if bucket.skm.respondents else None
    return TrendPoint(
        start=start,
        visitors=bucket.visitors,
        wait_median=bucket_percentile(waits, 50),
        wait_p90=bucket_percentile(waits, 90),
        within_share=bucket.within / called if called else None,
        skm_score=skm.score if skm else None,
        skm_respondents=skm.respondents if skm else 0,
    )


def _starts(first: date, last: date, step: Step) -> list[date]:
    """Every day, or every month's first day, from ``first`` to ``last``."""
    if step == "day":
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]
    starts, month = [], first.replace(day=1)
    while month <= last:
        starts.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return starts
