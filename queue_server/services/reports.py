"""Branch-head reports: live, day and date range, SKM/IKM satisfaction, staffing advice.

Each use case returns plain frozen dataclasses; pages, JSON and CSV all render
from them (see ``report_tables``), so a downloaded table has the page's numbers.
Durations are in minutes; waiting is from joining a queue to being called,
service from being called (or started) to finishing.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from queue_server.domain.lifecycle import split_queue_key
from queue_server.domain.skm import ELEMENTS, SkmReport, SkmTally, WeightMode, skm_of
from queue_server.domain.staffing import counters_needed
from queue_server.domain.stage_staffing import StageDemand, counters_by_hour
from queue_server.services.context import ServerContext
from queue_server.services.report_cells import Cells, roll_up, stored_cells
from queue_server.storage import Session, report_store, skm_store

TARGET_SHARE = 0.8  # staffing advice: 80 % of visitors called within the SLA target
OUTCOMES = ("done", "no_show", "cancelled", "transferred", "open")
WEEKDAYS = (
    ("Senin", "Monday"), ("Selasa", "Tuesday"), ("Rabu", "Wednesday"), ("Kamis", "Thursday"),
    ("Jumat", "Friday"), ("Sabtu", "Saturday"), ("Minggu", "Sunday"),
)  # fmt: skip


@dataclass(frozen=True)
class Durations:
    """Median, 90th percentile and maximum of a set of durations, in minutes."""

    count: int
    median: float | None
    p90: float | None
    max: float | None


def bucket_percentile(buckets: dict[int, int], p: float) -> float | None:
    """``stats.percentile`` of the values a histogram {value: count} stands for, without
    expanding it (a year has a million visits): the same type-7 interpolation at rank
    ``(n - 1) x p / 100``; ``test_reports`` checks the two agree."""
    total = sum(buckets.values())
    if not total:
        return None
    rank = (total - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    values: dict[int, float] = {}
    seen = 0
    for value in sorted(buckets):
        count = buckets[value]
        for position in (low, high):
            if seen <= position < seen + count:
                values[position] = float(value)
        seen += count
        if high in values:
            break
    return values[low] + (values[high] - values[low]) * (rank - low)


def durations(buckets: dict[int, int]) -> Durations:
    """Statistics of a histogram {whole minutes: visits}."""
    used = {minute: n for minute, n in buckets.items() if n}
    return Durations(
        count=sum(used.values()),
        median=bucket_percentile(used, 50),
        p90=bucket_percentile(used, 90),
        max=float(max(used)) if used else None,
    )


@dataclass(frozen=True)
class QueueRow:
    """One service (or stage of it) over the period."""

    queue: str
    name_id: str
    name_en: str
    sla_minutes: int | None
    outcomes: dict[str, int]
    wait: Durations
    service: Durations
    within_share: float | None

    @property
    def queued(self) -> int:
        return sum(self.outcomes.values())


@dataclass(frozen=True)
class StaffRow:
    """A counter or an officer: visits closed by outcome and the mean service time."""

    who: str
    done: int
    no_show: int
    transferred: int
    mean_service_min: float | None


@dataclass(frozen=True)
class Heatmap:
    """Arrivals per hour: one row per queue (a day) or per weekday (a range, mean per day)."""

    rows: list[tuple[str, str]]
    hours: list[str]
    values: list[list[float]]


@dataclass(frozen=True)
class PeriodReport:
    first: date
    last: date
    days: int
    issued: int
    queues: list[QueueRow]
    total: QueueRow
    sources: dict[str, int]
    classes: dict[str, int]
    heatmap: Heatmap
    counters: list[StaffRow]
    officers: list[StaffRow]
    faults: list[tuple[str, str, str, int]]


def _names(ctx: ServerContext, queue: str) -> tuple[str, str, int | None]:
    code, stage_code = split_queue_key(queue)
    service = ctx.office.service(code)
    if service is None:
        return queue, queue, None
    stage = service.stage(stage_code)
    if stage is None:
        return service.name_id, service.name_en, service.sla_minutes
    return (
        f"{service.name_id} · {stage.name_id}",
        f"{service.name_en} · {stage.name_en}",
        service.sla_minutes,
    )


def _queue_order(ctx: ServerContext, queues: set[str]) -> list[str]:
    configured = [key for service in ctx.office.services for key in service.queue_keys()]
    return [q for q in configured if q in queues] + sorted(queues - set(configured))


def _queue_rows(ctx: ServerContext, cells: Cells) -> tuple[list[QueueRow], QueueRow]:
    outcomes: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(OUTCOMES, 0))
    for (dim, item), n in cells.counts.items():
        if dim == "visit":
            queue, _, outcome = item.rpartition("|")
            outcomes[queue][outcome] = outcomes[queue].get(outcome, 0) + n
    hists: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for (queue, kind, minute), n in cells.hist.items():
        hists[queue, kind][minute] = n
    rows = []
    for queue in _queue_order(ctx, set(outcomes)):
        name_id, name_en, sla = _names(ctx, queue)
        wait = durations(hists[queue, "w"])
        within = cells.counts["within", queue]
        rows.append(
            QueueRow(queue, name_id, name_en, sla, outcomes[queue], wait,
                     durations(hists[queue, "s"]), within / wait.count if wait.count else None)
        )  # fmt: skip
    return rows, _total_row(cells, rows, hists)


def _total_row(
    cells: Cells, rows: list[QueueRow], hists: dict[tuple[str, str], dict[int, int]]
) -> QueueRow:
    merged: dict[str, Counter[int]] = {"w": Counter(), "s": Counter()}
    for (_queue, kind), buckets in hists.items():
        merged[kind].update(buckets)
    outcomes: Counter[str] = Counter()
    for row in rows:
        outcomes.update(row.outcomes)
    wait = durations(dict(merged["w"]))
    within = sum(n for (dim, _), n in cells.counts.items() if dim == "within")
    return QueueRow(
        "*", "Semua layanan", "All services", None, {o: outcomes[o] for o in OUTCOMES}, wait,
        durations(dict(merged["s"])), within / wait.count if wait.count else None,
    )  # fmt: skip


def _staff_rows(cells: Cells, dim: str) -> list[StaffRow]:
    closed: dict[str, Counter[str]] = defaultdict(Counter)
    for (d, item), n in cells.counts.items():
        if d == dim:
            who, _, outcome = item.rpartition("|")
            closed[who][outcome] += n
    rows = []
    for who in sorted(closed, key=lambda w: (len(w), w) if dim == "counter" else (0, w)):
        done = closed[who]["done"]
        seconds = cells.counts[f"{dim}_svc", who]
        mean = round(seconds / done / 60, 1) if done else None
        rows.append(StaffRow(who, done, closed[who]["no_show"], closed[who]["transferred"], mean))
    return rows


def _split(cells: Cells, dim: str, part: int) -> dict[str, int]:
    totals: Counter[str] = Counter()
    for (d, item), n in cells.counts.items():
        if d == dim:
            totals[item.split("|")[part]] += n
    return dict(totals)


def period_report(ctx: ServerContext, first: date, last: date) -> PeriodReport:
    """The report of the days ``first`` to ``last`` (inclusive); one day when they are equal."""
    roll_up(ctx)
    with ctx.db.read() as session:
        cells = stored_cells(ctx, session, first, last)
        days = _days_with_data(ctx, session, first, last)
        heatmap = (
            _day_heatmap(ctx, cells) if first == last else _week_heatmap(ctx, session, first, last)
        )
    queues, total = _queue_rows(ctx, cells)
    faults: list[tuple[str, str, str, int]] = []
    for (dim, item), n in cells.counts.items():
        if dim == "fault":
            kiosk, part, state = item.split("|")
            faults.append((kiosk, part, state, n))
    faults.sort(key=lambda fault: (-fault[3], fault[0]))
    return PeriodReport(
        first=first, last=last, days=len(days), issued=sum(_split(cells, "issued", 0).values()),
        queues=queues, total=total, sources=_split(cells, "issued", 1),
        classes=_split(cells, "issued", 2), heatmap=heatmap,
        counters=_staff_rows(cells, "counter"), officers=_staff_rows(cells, "officer"),
        faults=faults,
    )  # fmt: skip


def _days_with_data(ctx: ServerContext, session: Session, first: date, last: date) -> list[date]:
    days = report_store.rolled_days_between(session, first, last)
    today = ctx.today()
    if first <= today <= last and today not in days:
        days.append(today)
    return days


def _hours(items: list[str]) -> list[str]:
    found = sorted({int(hour) for hour in items})
    if not found:
        return []
    return [f"{hour:02d}" for hour in range(found[0], found[-1] + 1)]


def _day_heatmap(ctx: ServerContext, cells: Cells) -> Heatmap:
    arrivals = {item: n for (dim, item), n in cells.counts.items() if dim == "arrive"}
    hours = _hours([item.rpartition("|")[2] for item in arrivals])
    queues = _queue_order(ctx, {item.rpartition("|")[0] for item in arrivals})
    rows = [_names(ctx, queue)[:2] for queue in queues]
    values = [[float(arrivals.get(f"{q}|{h}", 0)) for h in hours] for q in queues]
    return Heatmap(rows=rows, hours=hours, values=values)


def _week_heatmap(ctx: ServerContext, session: Session, first: date, last: date) -> Heatmap:
    per_day = report_store.daily_counts(session, first, last, "hour")
    today = ctx.today()
    if first <= today <= last:
        live = stored_cells(ctx, session, today, today)
        per_day += [(today, item, n) for (dim, item), n in live.counts.items() if dim == "hour"]
    hours = _hours([item for _, item, _ in per_day])
    sums: dict[tuple[int, str], int] = Counter()
    days_of: dict[int, set[date]] = defaultdict(set)
    for day, hour, n in per_day:
        sums[day.weekday(), hour] += n
        days_of[day.weekday()].add(day)
    weekdays = sorted(days_of)
    values = [[round(sums[wd, h] / len(days_of[wd]), 1) for h in hours] for wd in weekdays]
    return Heatmap(rows=[WEEKDAYS[wd] for wd in weekdays], hours=hours, values=values)


@dataclass(frozen=True)
class SkmView:
    """The SKM/IKM report of PermenPAN-RB 14/2017 for a period, with each element's NRR."""

    first: date
    last: date
    report: SkmReport
    elements: list[tuple[int, str, str, float | None, int]]  # number, names, NRR, answers
    counters: list[tuple[str, SkmReport]] = field(default_factory=list)  # by counter number
    officers: list[tuple[str, SkmReport]] = field(default_factory=list)  # by officer's name


def skm_report(ctx: ServerContext, first: date, last: date) -> SkmView:
    roll_up(ctx)
    with ctx.db.read() as session:
        rolled_until = report_store.last_rolled_day(session)
        rows = skm_store.skm_sums(session, first, last, "staff", rolled_until=rolled_until)
    tally = SkmTally()
    by_counter: dict[str, SkmTally] = defaultdict(SkmTally)
    by_officer: dict[str, SkmTally] = defaultdict(SkmTally)
    for (counter, officer), sums in rows:  # each respondent in one (counter, officer)
        one = SkmTally(*sums)
        tally += one
        by_counter["" if counter is None else str(counter)] += one
        by_officer["" if officer is None else str(officer)] += one
    mode = WeightMode(ctx.office.skm.weight_mode)
    report = skm_of(tally, mode)
    elements = [
        (e.number, e.name_id, e.name_en, report.nrr[e.number - 1], tally.counts[e.number - 1])
        for e in ELEMENTS
    ]
    return SkmView(
        first=first, last=last, report=report, elements=elements,
        counters=_skm_by(by_counter, mode), officers=_skm_by(by_officer, mode),
    )  # fmt: skip


def _skm_by(tallies: dict[str, SkmTally], mode: WeightMode) -> list[tuple[str, SkmReport]]:
    """Each counter's or officer's own SKM, in the order of its key (unknown ones last)."""
    order = sorted(tallies, key=lambda k: (k == "", int(k) if k.isdigit() else 0, k))
    return [(key, skm_of(tallies[key], mode)) for key in order]


@dataclass(frozen=True)
class StaffingRow:
    """One hour of a typical day in the period: demand, the advice, and what was open."""

    hour: str
    arrivals: float
    mean_service_min: float | None
    target_wait_min: float | None
    needed: int
    active: float
    gap: float
    simulated: int | None = None  # the stages' simulated counters, added up
    stages: tuple["StageStaffing", ...] = ()


@dataclass(frozen=True)
class StageStaffing:
    """One stage in one hour: its demand, Erlang C for it alone, and the simulated count."""

    queue: str
    name_id: str
    name_en: str
    arrivals: float
    mean_service_min: float
    sla_minutes: int
    erlang_c: int
    simulated: int


def staffing_report(ctx: ServerContext, first: date, last: date) -> list[StaffingRow]:
    """Counters needed per hour (Erlang C, 80 % within the SLA) against counters active."""
    roll_up(ctx)
    with ctx.db.read() as session:
        cells = stored_cells(ctx, session, first, last)
        days = max(len(_days_with_data(ctx, session, first, last)), 1)
    mean_service = _mean_service_by_queue(ctx, cells)
    demand: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (dim, item), n in cells.counts.items():
        if dim == "arrive":
            queue, _, hour = item.rpartition("|")
            demand[hour].append((queue, n))
    hours = _hours(list(demand))
    stages = _stage_staffing(ctx, cells, days, mean_service, hours)
    rows = []
    for hour in hours:
        row = _staffing_hour(ctx, hour, demand.get(hour, []), mean_service, cells, days)
        found = tuple(stage for stage in stages.get(hour, ()) if stage.arrivals or stage.simulated)
        simulated = sum(stage.simulated for stage in found)
        rows.append(replace(row, simulated=simulated, stages=found))
    return rows


def _stage_staffing(
    ctx: ServerContext, cells: Cells, days: int, mean_service: dict[str, float], hours: list[str]
) -> dict[str, list[StageStaffing]]:
    """Per hour, each stage's counters: Erlang C for the stage alone, and the fewest
    counters of its own that its simulated queue needs (``domain.stage_staffing``)."""
    arrivals: dict[str, dict[int, float]] = defaultdict(dict)
    for (dim, item), n in cells.counts.items():
        if dim == "arrive":
            queue, _, hour = item.rpartition("|")
            arrivals[queue][int(hour)] = n / days
    histograms: dict[str, dict[int, int]] = defaultdict(dict)
    for (queue, kind, minute), n in cells.hist.items():
        if kind == "s":
            histograms[queue][minute] = n
    found: dict[str, list[StageStaffing]] = defaultdict(list)
    for queue in _queue_order(ctx, set(arrivals)):
        name_id, name_en, sla = _names(ctx, queue)
        demand = StageDemand(
            queue=queue,
            arrivals_per_hour=arrivals[queue],
            mean_service_min=mean_service.get(queue, 8.0),
            sla_minutes=float(sla or 30),
            service_histogram=histograms.get(queue),
        )
        simulated = counters_by_hour(demand, [int(h) for h in hours], target_share=TARGET_SHARE)
        for hour in hours:
            per_hour = arrivals[queue].get(int(hour), 0.0)
            erlang = counters_needed(
                arrivals_per_hour=per_hour,
                mean_service_min=demand.mean_service_min,
                target_wait_min=demand.sla_minutes,
                target_share=TARGET_SHARE,
            )
            stage = StageStaffing(
                queue, name_id, name_en, round(per_hour, 1), round(demand.mean_service_min, 1),
                int(demand.sla_minutes), erlang, simulated[int(hour)],
            )  # fmt: skip
            found[hour].append(stage)
    return found


def _mean_service_by_queue(ctx: ServerContext, cells: Cells) -> dict[str, float]:
    done: Counter[str] = Counter()
    for (queue, kind, _minute), n in cells.hist.items():
        if kind == "s":
            done[queue] += n
    means = {}
    for service in ctx.office.services:
        for queue in service.queue_keys():
            seconds = cells.counts["svc_sum", queue]
            configured = service.minutes_for(split_queue_key(queue)[1])
            means[queue] = seconds / done[queue] / 60 if done[queue] and seconds else configured
    return means


def _staffing_hour(
    ctx: ServerContext,
    hour: str,
    arrivals: list[tuple[str, int]],
    mean_service: dict[str, float],
    cells: Cells,
    days: int,
) -> StaffingRow:
    total = sum(n for _, n in arrivals)
    active = round(cells.counts["active", hour] / days, 1)
    if not total:
        return StaffingRow(hour, 0.0, None, None, 0, active, active)
    per_day = total / days
    service_min = sum(mean_service.get(q, 8.0) * n for q, n in arrivals) / total
    target = sum((_names(ctx, q)[2] or 30) * n for q, n in arrivals) / total
    needed = counters_needed(
        arrivals_per_hour=per_day,
        mean_service_min=service_min,
        target_wait_min=target,
        target_share=TARGET_SHARE,
    )
    return StaffingRow(
        hour, round(per_day, 1), round(service_min, 1), round(target, 1), needed, active,
        round(active - needed, 1),
    )  # fmt: skip
