"""Trends over months: median and 90th-percentile wait, share within SLA, visitors and SKM,
for the nation, a region or an office, from the monthly roll-ups (``rollup``).

Medians and percentiles of a region or of the nation are those of all its visits (the
months' minute histograms merged), not an average of the offices' medians.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from hq_server.domain.errors import HqError, NotFoundError
from hq_server.domain.figures import SkmTally, Tally
from hq_server.domain.roles import region_scope
from hq_server.services.auth import HqUser
from hq_server.services.context import HqContext
from hq_server.storage import office_store, rollup_store
from hq_server.storage.office_store import Office
from hq_server.storage.partitions import month_of, next_month

MAX_MONTHS = 60


class Metric(StrEnum):
    WAIT_MEDIAN = "wait_median"
    WAIT_P90 = "wait_p90"
    WITHIN_SLA_SHARE = "within_sla_share"
    VISITORS = "visitors"
    SKM = "skm"


@dataclass
class Month:
    """A month's merged figures of a set of offices."""

    tally: Tally
    skm: SkmTally
    issued: int = 0

    def value(self, metric: Metric) -> float | None:
        values: dict[Metric, Callable[[], float | None]] = {
            Metric.WAIT_MEDIAN: lambda: self.tally.wait_median,
            Metric.WAIT_P90: lambda: self.tally.wait_p90,
            Metric.WITHIN_SLA_SHARE: lambda: self.tally.within_share,
            Metric.VISITORS: lambda: float(self.issued),
            Metric.SKM: lambda: self.skm.score,
        }
        return values[metric]()


@dataclass(frozen=True)
class Trend:
    metric: Metric
    scope: str  # "nation", a region, or an office's code
    points: list[tuple[date, float | None]]  # (first day of the month, value)


def months_between(first: date, last: date) -> list[date]:
    months, month = [], month_of(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def _scoped_offices(
    ctx: HqContext, user: HqUser | None, region: str | None, office: str | None
) -> tuple[str, list[Office]]:
    held = region_scope(user.role, user.region) if user else None
    if held is not None and region not in (None, held):
        raise NotFoundError(f"Wilayah {region} tidak dikenal.", f"No region {region} (for you).")
    region = region or held
    with ctx.db.read() as session:
        offices = office_store.every(session, region)
    if office is not None:
        offices = [o for o in offices if o.code == office]
        if not offices:
            raise NotFoundError(f"Kantor {office} tidak dikenal.", f"No office {office} (for you).")
        return office, offices
    return region or "nation", offices


def monthly(
    ctx: HqContext,
    offices: list[Office],
    first: date,
    last: date,
    key: Callable[[Office], str],
    metric: Metric,
) -> dict[str, dict[date, Month]]:
    """Each group's (``key`` of an office) merged months between ``first`` and ``last``;
    the wait histograms read only for a metric of waits."""
    waits = metric in (Metric.WAIT_MEDIAN, Metric.WAIT_P90)
    group_of = {office.id: key(office) for office in offices}
    with ctx.db.read() as session:
        rows = rollup_store.office_months(session, list(group_of), month_of(first), last)
    groups: dict[str, dict[date, Month]] = {}
    for row in rows:
        month = groups.setdefault(group_of[row.office_id], {}).setdefault(
            row.month, Month(Tally(), SkmTally())
        )
        month.tally.merge(Tally.from_json(row.tally, waits=waits, services=False))
        month.skm.merge(SkmTally.from_json(row.skm))
        month.issued += row.issued
    return groups


def check_months(first: date, last: date) -> list[date]:
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    if not 1 <= count <= MAX_MONTHS or last.year >= date.max.year:
        raise HqError(
            f"Rentang bulan tidak valid (paling banyak {MAX_MONTHS} bulan).",
            f"Invalid range: 'from' before 'to', at most {MAX_MONTHS} months.",
            code="invalid_range",
        )
    return months_between(first, last)


def trend(
    ctx: HqContext, metric: Metric, first: date, last: date, *,
    user: HqUser | None = None, region: str | None = None, office: str | None = None,
) -> Trend:  # fmt: skip
    months = check_months(first, last)
    scope, offices = _scoped_offices(ctx, user, region, office)
    merged_months = monthly(ctx, offices, first, last, lambda _office: scope, metric).get(scope, {})
    points = [(m, merged_months[m].value(metric) if m in merged_months else None) for m in months]
    return Trend(metric, scope, points)


def trends_by_region(
    ctx: HqContext, metric: Metric, first: date, last: date, *, user: HqUser | None = None
) -> list[Trend]:
    """One trend per region ``user`` may see, then the nation's (for an analyst)."""
    months = check_months(first, last)
    scope, offices = _scoped_offices(ctx, user, None, None)
    groups = monthly(ctx, offices, first, last, lambda office: office.region, metric)
    scopes = sorted(groups.items())
    if scope == "nation":  # the regions' months merged: every visit of the nation
        scopes.append(("nation", _merged_groups(groups)))
    return [
        Trend(metric, name, [(m, found[m].value(metric) if m in found else None) for m in months])
        for name, found in scopes
    ]


def _merged_groups(groups: dict[str, dict[date, Month]]) -> dict[date, Month]:
    whole: dict[date, Month] = {}
    for group in groups.values():
        for month, figures in group.items():
            total = whole.setdefault(month, Month(Tally(), SkmTally()))
            total.tally.merge(figures.tally)
            total.skm.merge(figures.skm)
            total.issued += figures.issued
    return whole
