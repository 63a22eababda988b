"""The dashboard's tables, as the pages show them and as CSV and XLSX downloads carry
them: one table, so a download has the page's numbers."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from hq_server.services.office_days import OfficeDay
from hq_server.services.overview import OfficeNow
from hq_server.services.trends import Trend

Cell = str | int | float | date | datetime | None
Translate = Callable[..., str]


@dataclass(frozen=True)
class Table:
    name: str
    headers: list[str]
    rows: list[list[Cell]]


def offices_table(offices: list[OfficeNow], t: Translate) -> Table:
    keys = ["col.code", "col.office", "col.region", "col.waiting", "col.longest", "col.counters",
            "col.issued", "col.served", "col.sla", "col.skm", "col.report"]  # fmt: skip
    rows: list[list[Cell]] = [
        [o.code, o.name, o.region, o.waiting, o.longest_wait_min, o.counters_open,
         o.issued_today, o.served_today, _share(o.within_sla_share_today), o.skm_score_30d,
         o.last_report_at]
        for o in offices
    ]  # fmt: skip
    return Table("offices", [t(k) for k in keys], rows)


def days_table(code: str, days: list[OfficeDay], t: Translate) -> Table:
    keys = ["col.day", "col.open", "col.issued", "col.visits", "col.served", "col.no_show",
            "col.median", "col.p90", "col.sla", "col.service", "metric.skm"]  # fmt: skip
    rows: list[list[Cell]] = []
    for day in days:
        f = day.figures
        rows.append([day.day, day.open, day.issued, f.visits, f.served, f.no_show,
                     f.wait_median_min, f.wait_p90_min, _share(f.within_sla_share),
                     f.service_median_min, day.skm_score])  # fmt: skip
    return Table(f"{code}-days", [t(k) for k in keys], rows)


def trends_table(trends: list[Trend], t: Translate) -> Table:
    months = [month for month, _ in trends[0].points] if trends else []
    rows: list[list[Cell]] = [[trend.scope, *[_value(trend, v) for _, v in trend.points]]
                              for trend in trends]  # fmt: skip
    headers = [t("trends.scope"), *[f"{month:%Y-%m}" for month in months]]
    return Table(f"trends-{trends[0].metric.value}" if trends else "trends", headers, rows)


def _value(trend: Trend, value: float | None) -> Cell:
    if value is None:
        return None
    return round(value * 100, 1) if trend.metric.value == "within_sla_share" else value


def _share(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def to_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow(["" if cell is None else _plain(cell) for cell in row])
    return buffer.getvalue()


def to_xlsx(table: Table) -> bytes:
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = table.name[:31]
    sheet.append(table.headers)
    for row in table.rows:
        sheet.append([_plain(cell) if isinstance(cell, datetime) else cell for cell in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a text, never a formula, whatever it starts with
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _plain(cell: Cell) -> Cell:
    if isinstance(cell, datetime):
        return cell.replace(microsecond=0).isoformat()
    return cell
