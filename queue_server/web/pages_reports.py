"""The branch head's reports: live, day, date range, SKM/IKM and staffing advice.

Each page has its tables as CSV (``/reports/<kind>.csv?table=<name>``, or the
JSON API ``/api/v1/reports/<kind>`` with ``Accept: text/csv``), and all of them as one
Excel workbook (``/reports/<kind>.xlsx``, or that API with the XLSX type) made from the very
same table objects the page shows.
"""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response

from queue_protocol import Language
from queue_protocol.bounds import sane_year
from queue_server.api.params import FlagQuery
from queue_server.services import report_live, report_trends, reports
from queue_server.services.auth import Permission
from queue_server.services.context import Actor, ServerContext
from queue_server.services.report_tables import (
    Table,
    live_tables,
    period_tables,
    skm_tables,
    staffing_table,
    stage_staffing_table,
    to_csv,
    trend_label,
    trends_table,
)
from queue_server.services.report_workbook import XLSX_TYPE, to_xlsx
from queue_server.web import charts, i18n
from queue_server.web.access import api_user, context_of, page_user
from queue_server.web.rendering import language_of, render

router = APIRouter()
PageHead = Annotated[Actor, Depends(page_user(Permission.REPORTS))]
ApiHead = Annotated[Actor, Depends(api_user(Permission.REPORTS))]
KINDS = ("live", "day", "range", "trends", "skm", "staffing")
MAX_DAYS = 5 * 366


def _period(request: Request, kind: str) -> tuple[date, date]:
    """The days a report covers, from ``?date=`` (a day) or ``?start=&end=`` (a range)."""
    today = context_of(request).today()
    params = request.query_params
    try:
        if kind == "day":
            day = sane_year(date.fromisoformat(params.get("date") or today.isoformat()))
            return day, day
        first = date.fromisoformat(params.get("start") or today.replace(day=1).isoformat())
        last = date.fromisoformat(params.get("end") or today.isoformat())
        first, last = sane_year(first), sane_year(last)
    except ValueError:
        raise HTTPException(422, i18n.text("reports.bad_range", language_of(request))) from None
    if first > last or (last - first).days > MAX_DAYS:
        raise HTTPException(422, i18n.text("reports.bad_range", language_of(request)))
    return first, last


def _build(
    ctx: ServerContext, kind: str, first: date, last: date, step: report_trends.Step | None
) -> Any:
    if kind == "live":
        return report_live.live_report(ctx)
    if kind == "skm":
        return reports.skm_report(ctx, first, last)
    if kind == "staffing":
        return reports.staffing_report(ctx, first, last)
    if kind == "trends":
        return report_trends.trends(
            ctx, first, last, step or report_trends.default_step(first, last)
        )
    return reports.period_report(ctx, first, last)


def _tables(kind: str, data: Any, language: Language) -> list[Table]:
    label: Callable[[str], str] = i18n.translator(language)
    if kind == "live":
        return live_tables(data, language, label)
    if kind == "skm":
        return skm_tables(data, language)
    if kind == "staffing":
        return [staffing_table(data), stage_staffing_table(data, language)]
    if kind == "trends":
        return [trends_table(data)]
    return period_tables(data, language, label)


async def _report(request: Request, kind: str) -> tuple[Any, list[Table], date, date]:
    if kind not in KINDS:
        raise HTTPException(404, "Laporan tidak ada / No such report.")
    first, last = _period(request, kind)
    step = _step(request)
    data = await run_in_threadpool(_build, context_of(request), kind, first, last, step)
    return data, _tables(kind, data, language_of(request)), first, last


def _step(request: Request) -> report_trends.Step | None:
    """A trends report's points: ``?step=day`` or ``month`` (default: by the range)."""
    step = request.query_params.get("step")
    if step in (None, ""):
        return None
    if step == "day":
        return "day"
    if step == "month":
        return "month"
    raise HTTPException(422, i18n.text("reports.bad_step", language_of(request)))


def _span(first: date, last: date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()}_{last.isoformat()}"


def _csv(request: Request, kind: str, tables: list[Table], first: date, last: date) -> Response:
    wanted = request.query_params.get("table") or tables[0].name
    table = next((t for t in tables if t.name == wanted), None)
    if table is None:
        raise HTTPException(404, f"Tabel {wanted!r} tidak ada / No table {wanted!r}.")
    name = f"antrean-{kind}-{table.name}-{_span(first, last)}.csv"
    body = "\ufeff" + to_csv(table, i18n.translator(language_of(request)))  # BOM: Excel reads UTF-8
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


async def _xlsx(
    request: Request, kind: str, tables: list[Table], first: date, last: date
) -> Response:
    """Every table of the report, a sheet each, in one workbook."""
    translate = i18n.translator(language_of(request))
    body = await run_in_threadpool(to_xlsx, tables, translate)
    name = f"antrean-{kind}-{_span(first, last)}.xlsx"
    return Response(
        body,
        media_type=XLSX_TYPE,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


def _wants_xlsx(request: Request) -> bool:
    return request.query_params.get("format") == "xlsx" or XLSX_TYPE in request.headers.get(
        "accept", ""
    )


@router.get("/reports", include_in_schema=False)
async def live_page(request: Request, actor: PageHead, fragment: FlagQuery = 0) -> Response:
    data, tables, _first, _last = await _report(request, "live")
    language = language_of(request)
    chart = charts.bar_chart(
        [q.name_en if language == Language.EN else q.name_id for q in data.queues],
        [[float(q.waiting) for q in data.queues], [float(q.oldest_wait_min) for q in data.queues]],
        [i18n.text("col.waiting", language), i18n.text("col.oldest_wait", language)],
        limits=[float(q.sla_minutes) for q in data.queues],
    )
    template = "reports_live_body.html" if fragment else "reports_live.html"
    return render(request, template, actor=actor, kind="live", report=data, tables=tables,
                  chart=chart)  # fmt: skip


@router.get("/reports/{kind}.csv", include_in_schema=False)
async def report_csv(request: Request, kind: str, _actor: PageHead) -> Response:
    _data, tables, first, last = await _report(request, kind)
    if _wants_xlsx(request):
        return await _xlsx(request, kind, tables, first, last)
    return _csv(request, kind, tables, first, last)


@router.get("/reports/{kind}.xlsx", include_in_schema=False)
async def report_xlsx(request: Request, kind: str, _actor: PageHead) -> Response:
    _data, tables, first, last = await _report(request, kind)
    return await _xlsx(request, kind, tables, first, last)


@router.get("/reports/{kind}", include_in_schema=False)
async def report_page(request: Request, kind: str, actor: PageHead) -> Response:
    if kind == "live":
        return await live_page(request, actor)
    data, tables, first, last = await _report(request, kind)
    language = language_of(request)
    values: dict[str, Any] = {"kind": kind, "report": data, "tables": tables, "first": first,
                              "last": last, "query": request.url.query}  # fmt: skip
    if kind in ("day", "range"):
        values.update(_period_charts(data, language))
        values.update(prev=first - timedelta(days=1), next=first + timedelta(days=1))
    if kind == "trends":
        values.update(_trend_charts(data, language))
    if kind == "staffing":
        values["chart"] = charts.bar_chart(
            [f"{row.hour}:00" for row in data],
            [
                [float(row.needed) for row in data],
                [float(row.simulated or 0) for row in data],
                [row.active for row in data],
            ],
            [
                i18n.text(key, language)
                for key in ("staffing.legend_erlang", "staffing.legend_simulated", "col.active")
            ],
        )
    template = "reports_period.html" if kind in ("day", "range") else f"reports_{kind}.html"
    return render(request, template, actor=actor, **values)


def _trend_charts(trends: report_trends.Trends, language: Language) -> dict[str, Any]:
    points = trends.points
    labels = [trend_label(point.start, trends.step) for point in points]

    def name(key: str) -> str:
        return i18n.text(key, language)

    return {
        "visitors_chart": charts.line_chart(
            labels, [[float(p.visitors) for p in points]], [name("col.visitors")]
        ),
        "wait_chart": charts.line_chart(
            labels,
            [[p.wait_median for p in points], [p.wait_p90 for p in points]],
            [name("col.wait_median"), name("col.wait_p90")],
        ),
        "sla_chart": charts.line_chart(
            labels, [[p.within_share for p in points]], [name("col.within_sla")], percent=True
        ),
        "skm_chart": charts.line_chart(
            labels, [[p.skm_score for p in points]], [name("col.skm_score")]
        ),
    }


def _period_charts(report: reports.PeriodReport, language: Language) -> dict[str, Any]:
    def pick(pair: tuple[str, str]) -> str:
        return pair[1] if language == Language.EN else pair[0]

    queues = [q for q in report.queues if q.wait.count]
    return {
        "wait_chart": charts.bar_chart(
            [pick((q.name_id, q.name_en)) for q in queues],
            [[q.wait.median or 0.0 for q in queues], [q.wait.p90 or 0.0 for q in queues]],
            ["median", "p90"],
            limits=[float(q.sla_minutes) if q.sla_minutes else None for q in queues],
        ),
        "heat_chart": charts.heat_map(
            [pick(row) for row in report.heatmap.rows], report.heatmap.hours, report.heatmap.values
        ),
    }


@router.get("/api/v1/reports/{kind}")
async def report_api(request: Request, kind: str, _actor: ApiHead) -> Response:
    """A report as JSON, one of its tables as CSV with ``Accept: text/csv`` (``?table=``),
    or all of them as an Excel workbook with the XLSX type in ``Accept`` or ``?format=xlsx``."""
    data, tables, first, last = await _report(request, kind)
    if _wants_xlsx(request):
        return await _xlsx(request, kind, tables, first, last)
    if "text/csv" in request.headers.get("accept", ""):
        return _csv(request, kind, tables, first, last)
    return JSONResponse(jsonable_encoder({"kind": kind, "report": data}))
