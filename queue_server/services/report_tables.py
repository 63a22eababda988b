"""Reports as tables: what the pages show and what the CSV downloads contain.

A table's cells are plain values (text, whole numbers, minutes, shares); the
page and the CSV format the same values, so a download matches the page.
Column titles are text keys of ``queue_server.web.i18n``.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from queue_protocol import Language
from queue_server.domain.skm import SkmReport
from queue_server.services.report_live import LiveCounter, LiveReport
from queue_server.services.report_trends import Trends
from queue_server.services.reports import (
    Durations,
    PeriodReport,
    QueueRow,
    SkmView,
    StaffingRow,
    StaffRow,
)

Cell = str | int | float | None
DECIMALS = {"min": 1, "dec": 1, "nrr": 3, "score": 2}  # digits after the decimal point


@dataclass(frozen=True)
class Column:
    key: str  # text key of the title
    kind: str = "int"  # text, int, min (minutes), pct (share 0-1), dec (decimal)


@dataclass(frozen=True)
class Table:
    name: str  # used in the CSV file name and the page's anchors
    title: str  # text key
    columns: tuple[Column, ...]
    rows: list[list[Cell]]


def machine_value(value: Cell, kind: str) -> str:
    """A cell as the CSV carries it: a dot for decimals, shares in percent, one decimal;
    a text that a spreadsheet would run as a formula is quoted (``spreadsheet_safe``)."""
    if value is None:
        return ""
    if kind == "pct" and isinstance(value, int | float):
        return f"{value * 100:.1f}"
    if kind in DECIMALS and isinstance(value, int | float):
        return f"{value:.{DECIMALS[kind]}f}"
    if isinstance(value, int | float):
        return str(value)
    return spreadsheet_safe(str(value))


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """``text``, with a leading ``'`` when a spreadsheet would take it for a formula (it
    starts with ``= + - @``, a tab or a carriage return): a kiosk's, a device's or an
    office's name in a download never runs in the reader's Excel (OWASP's CSV injection)."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def to_csv(table: Table, title: Callable[[str], str]) -> str:
    """The table as CSV with titles in the reader's language."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title(column.key) for column in table.columns])
    for row in table.rows:
        writer.writerow(
            [
                machine_value(cell, column.kind)
                for cell, column in zip(row, table.columns, strict=True)
            ]
        )
    return out.getvalue()


def _pick(language: Language, text_id: str, text_en: str) -> str:
    return text_en if language == Language.EN else text_id


def _durations(d: Durations) -> list[Cell]:
    return [d.median, d.p90, d.max]


QUEUE_COLUMNS = (
    Column("col.queue", "text"), Column("col.queued"), Column("col.done"),
    Column("col.no_show"), Column("col.cancelled"), Column("col.transferred"), Column("col.open"),
    Column("col.wait_median", "min"), Column("col.wait_p90", "min"), Column("col.wait_max", "min"),
    Column("col.service_median", "min"), Column("col.service_p90", "min"),
    Column("col.service_max", "min"), Column("col.sla", "int"), Column("col.within_sla", "pct"),
)  # fmt: skip
STAFF_COLUMNS = (
    Column("col.done"), Column("col.no_show"), Column("col.transferred"),
    Column("col.service_mean", "min"),
)  # fmt: skip


def _queue_row(row: QueueRow, language: Language) -> list[Cell]:
    o = row.outcomes
    return [
        _pick(language, row.name_id, row.name_en), row.queued, o["done"], o["no_show"],
        o["cancelled"], o["transferred"], o["open"], *_durations(row.wait),
        *_durations(row.service), row.sla_minutes, row.within_share,
    ]  # fmt: skip


def _staff(name: str, key: str, rows: list[StaffRow]) -> Table:
    return Table(
        name,
        f"table.{name}",
        (Column(key, "text"), *STAFF_COLUMNS),
        [[r.who, r.done, r.no_show, r.transferred, r.mean_service_min] for r in rows],
    )


def _shares(name: str, key: str, counts: dict[str, int], label: Callable[[str], str]) -> Table:
    total = sum(counts.values())
    rows: list[list[Cell]] = [
        [label(item), n, n / total if total else None] for item, n in sorted(counts.items())
    ]
    columns = (Column(key, "text"), Column("col.tickets"), Column("col.share", "pct"))
    return Table(name, f"table.{name}", columns, rows)


def period_tables(
    report: PeriodReport, language: Language, label: Callable[[str], str]
) -> list[Table]:
    """Every table of a day or range report; ``label`` names sources and classes."""
    queue_rows = [_queue_row(row, language) for row in [*report.queues, report.total]]
    heat = report.heatmap
    heat_rows: list[list[Cell]] = [
        [_pick(language, *names), *values]
        for names, values in zip(heat.rows, heat.values, strict=True)
    ]
    heat_columns = (Column("col.row", "text"), *(Column(f"{h}:00", "dec") for h in heat.hours))
    faults: list[list[Cell]] = [list(fault) for fault in report.faults]
    return [
        Table("queues", "table.queues", QUEUE_COLUMNS, queue_rows),
        Table("hours", "table.hours", heat_columns, heat_rows),
        _staff("counters", "col.counter", report.counters),
        _staff("officers", "col.officer", report.officers),
        _shares("sources", "col.source", report.sources, lambda s: label(f"source.{s}")),
        _shares("classes", "col.class", report.classes, lambda c: label(f"class.{c}")),
        Table(
            "faults",
            "table.faults",
            (
                Column("col.kiosk", "text"),
                Column("col.device", "text"),
                Column("col.state", "text"),
                Column("col.count"),
            ),
            faults,
        ),
    ]


def skm_tables(view: SkmView, language: Language) -> list[Table]:
    r = view.report
    weight = 0.11 if r.weight_mode.value == "rounded" else 1 / 9
    elements: list[list[Cell]] = [
        [number, _pick(language, name_id, name_en), answered, nrr,
         round(nrr * weight, 4) if nrr is not None else None]
        for number, name_id, name_en, nrr, answered in view.elements
    ]  # fmt: skip
    summary: list[list[Cell]] = [
        [r.respondents, r.index, r.score, r.grade, _pick(language, r.label_id, r.label_en),
         r.weight_mode.value]
    ]  # fmt: skip
    return [
        Table(
            "skm_elements",
            "table.skm_elements",
            (Column("col.element_no"), Column("col.element", "text"), Column("col.answers"),
             Column("col.nrr", "nrr"), Column("col.nrr_weighted", "nrr")),
            elements,
        ),
        Table(
            "skm_summary",
            "table.skm_summary",
            (Column("col.respondents"), Column("col.index", "nrr"), Column("col.score", "score"),
             Column("col.grade", "text"), Column("col.grade_label", "text"),
             Column("col.weight_mode", "text")),
            summary,
        ),
        _skm_per("skm_counters", "col.counter", view.counters, language),
        _skm_per("skm_officers", "col.officer", view.officers, language),
    ]  # fmt: skip


def _skm_per(name: str, key: str, rows: list[tuple[str, SkmReport]], language: Language) -> Table:
    """One row per counter or officer: respondents, score and grade."""
    unknown = _pick(language, "(tidak tercatat)", "(not recorded)")
    cells: list[list[Cell]] = [
        [who or unknown, r.respondents, r.score, r.grade, _pick(language, r.label_id, r.label_en)]
        for who, r in rows
    ]
    columns = (
        Column(key, "text"), Column("col.respondents"), Column("col.score", "score"),
        Column("col.grade", "text"), Column("col.grade_label", "text"),
    )  # fmt: skip
    return Table(name, f"table.{name}", columns, cells)


def staffing_table(rows: list[StaffingRow]) -> Table:
    columns = (
        Column("col.hour", "text"), Column("col.arrivals_per_hour", "dec"),
        Column("col.service_mean", "min"), Column("col.target_wait", "min"),
        Column("col.needed"), Column("col.simulated"), Column("col.active", "dec"),
        Column("col.gap", "dec"),
    )  # fmt: skip
    cells: list[list[Cell]] = [
        [f"{r.hour}:00", r.arrivals, r.mean_service_min, r.target_wait_min, r.needed,
         r.simulated, r.active, r.gap]
        for r in rows
    ]  # fmt: skip
    return Table("staffing", "table.staffing", columns, cells)


def stage_staffing_table(rows: list[StaffingRow], language: Language) -> Table:
    """Each stage's counters per hour: Erlang C for the stage alone beside the simulation."""
    columns = (
        Column("col.hour", "text"), Column("col.queue", "text"),
        Column("col.arrivals_per_hour", "dec"), Column("col.service_mean", "min"),
        Column("col.sla", "min"), Column("col.needed"), Column("col.simulated"),
    )  # fmt: skip
    cells: list[list[Cell]] = [
        [f"{r.hour}:00", _pick(language, s.name_id, s.name_en), s.arrivals,
         s.mean_service_min, s.sla_minutes, s.erlang_c, s.simulated]
        for r in rows
        for s in r.stages
    ]  # fmt: skip
    return Table("staffing_stages", "table.staffing_stages", columns, cells)


def live_tables(report: LiveReport, language: Language, label: Callable[[str], str]) -> list[Table]:
    queues: list[list[Cell]] = [
        [_pick(language, q.name_id, q.name_en), q.waiting, q.oldest_wait_min,
         q.estimated_wait_min, q.sla_minutes, label("yes") if q.at_risk else ""]
        for q in report.queues
    ]  # fmt: skip
    counters: list[list[Cell]] = [
        [_pick(language, c.name_id, c.name_en), _counter_state(c, label),
         c.officer or "", c.serving or "", ", ".join(c.queues)]
        for c in report.counters
    ]  # fmt: skip
    return [
        Table(
            "live_queues",
            "table.live_queues",
            (Column("col.queue", "text"), Column("col.waiting"), Column("col.oldest_wait"),
             Column("col.estimate"), Column("col.sla"), Column("col.at_risk", "text")),
            queues,
        ),
        Table(
            "live_counters",
            "table.live_counters",
            (Column("col.counter", "text"), Column("col.state", "text"),
             Column("col.officer", "text"), Column("col.serving", "text"),
             Column("col.serves", "text")),
            counters,
        ),
    ]  # fmt: skip


def _counter_state(counter: LiveCounter, label: Callable[[str], str]) -> str:
    """ "Jeda · Sholat": the state, and why a paused counter is away."""
    state = label(f"state.{counter.state.value}")
    reason = counter.pause_reason
    return f"{state} · {label(f'pause.{reason.value}')}" if reason else state


def trends_table(trends: Trends) -> Table:
    """One row per day or month of a trends report."""
    columns = (
        Column("col.period", "text"), Column("col.visitors"), Column("col.wait_median", "min"),
        Column("col.wait_p90", "min"), Column("col.within_sla", "pct"),
        Column("col.skm_score", "score"), Column("col.respondents"),
    )  # fmt: skip
    rows: list[list[Cell]] = [
        [trend_label(point.start, trends.step), point.visitors, point.wait_median,
         point.wait_p90, point.within_share, point.skm_score, point.skm_respondents]
        for point in trends.points
    ]  # fmt: skip
    return Table("trends", "table.trends", columns, rows)


def trend_label(start: date, step: str) -> str:
    """A point's name: ``2026-12-07`` for a day, ``2026-12`` for a month."""
    return start.isoformat() if step == "day" else start.strftime("%Y-%m")
