"""The national dashboard: offices at a glance (with a region grid), an office's days and
stages, trends over months; CSV and XLSX of every table. Logged-in users only; a
regional head sees the region's offices alone (the services hold that rule)."""

from datetime import date, timedelta
from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.responses import HTMLResponse

from hq_server.api.deps import SESSION_COOKIE, get_ctx, token_of
from hq_server.domain.errors import HqError, NotFoundError, UnauthorizedError
from hq_server.services import auth, office_days, overview, trends
from hq_server.services.auth import HqUser
from hq_server.services.trends import Metric
from hq_server.web import i18n, tables
from hq_server.web.charts import line_chart
from hq_server.web.regions import region_cards, sort_offices
from hq_server.web.rendering import LANGUAGE_COOKIE, language_of, render

router = APIRouter(include_in_schema=False)
OFFICE_DAYS = 30
TREND_MONTHS = 12


async def _user(request: Request) -> HqUser | None:
    token = token_of(request)
    if token is None:
        return None
    try:
        return await to_thread.run_sync(auth.user_of_token, get_ctx(request), token)
    except UnauthorizedError:
        return None


def _to_login(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    response = RedirectResponse(f"/login?next={target}", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    return render(request, "login.html", next=_safe_next(next), failed=False)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    try:
        result = auth.login(get_ctx(request), username, password)
    except HqError:
        return render(request, "login.html", next=_safe_next(next), failed=True, status_code=401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE, result.token, httponly=True, samesite="strict",
        secure=request.url.scheme == "https", max_age=int(auth.SESSION_TTL.total_seconds()),
    )  # fmt: skip
    return response


@router.post("/logout")
def logout(request: Request) -> RedirectResponse:
    token = token_of(request)
    if token:
        auth.logout(get_ctx(request), token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/lang/{language}")
def switch_language(language: str, next: str | None = None) -> RedirectResponse:
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(LANGUAGE_COOKIE, "en" if language == "en" else "id", samesite="lax")
    return response


@router.get("/")
async def offices_page(request: Request, sort: str = "waiting") -> Response:
    user = await _user(request)
    if user is None:
        return _to_login(request)
    found = await to_thread.run_sync(overview.offices, get_ctx(request), user)
    return render(request, "offices.html", user=user, offices=sort_offices(found, sort),
                  regions=region_cards(found), sort=sort)  # fmt: skip


@router.get("/offices.{kind}")
async def offices_export(request: Request, kind: str) -> Response:
    user = await _user(request)
    if user is None:
        return _to_login(request)
    found = await to_thread.run_sync(overview.offices, get_ctx(request), user)
    table = tables.offices_table(found, i18n.translator(language_of(request)))
    return _download(table, kind)


def _range(first: date | None, last: date | None, today: date) -> tuple[date, date]:
    last = last or today
    return first or last - timedelta(days=OFFICE_DAYS - 1), last


@router.get("/offices/{code}")
async def office_page(
    request: Request, code: str, first: date | None = None, last: date | None = None,
    day: date | None = None,
) -> Response:  # fmt: skip
    user = await _user(request)
    if user is None:
        return _to_login(request)
    ctx = get_ctx(request)
    first, last = _range(first, last, ctx.today())
    office = await to_thread.run_sync(lambda: office_days.visible_office(ctx, code, user))
    days = await to_thread.run_sync(
        lambda: office_days.office_days(ctx, code, first, last, user=user)
    )
    shown = next(
        (d for d in reversed(days) if d.day == day or (day is None and d.figures.visits)), None
    )
    t = i18n.translator(language_of(request))
    chart = line_chart(
        [f"{d.day:%d/%m}" for d in days],
        [(t("col.median"), [d.figures.wait_median_min for d in days]),
         (t("col.p90"), [d.figures.wait_p90_min for d in days])],
        title=t("office.days"), width=1200, height=240,
    )  # fmt: skip
    return render(request, "office.html", user=user, office=office, days=days, shown=shown,
                  first=first, last=last, chart=chart)  # fmt: skip


@router.get("/offices/{code}/days.{kind}")
async def office_days_export(
    request: Request, code: str, kind: str, first: date | None = None, last: date | None = None
) -> Response:
    user = await _user(request)
    if user is None:
        return _to_login(request)
    ctx = get_ctx(request)
    first, last = _range(first, last, ctx.today())
    days = await to_thread.run_sync(
        lambda: office_days.office_days(ctx, code, first, last, user=user)
    )
    return _download(tables.days_table(code, days, i18n.translator(language_of(request))), kind)


def _months(first: str | None, last: str | None, today: date) -> tuple[date, date]:
    try:
        end = date.fromisoformat(f"{last}-01") if last else today.replace(day=1)
        start = date.fromisoformat(f"{first}-01") if first else None
        if start is None:  # the twelve months up to ``end``
            start = date(end.year - (end.month < 12), end.month % 12 + 1, 1)
        following = date(end.year + end.month // 12, end.month % 12 + 1, 1)
    except ValueError:
        raise HqError(
            "Bulan ditulis YYYY-MM.", "Give months as YYYY-MM.", code="invalid_range"
        ) from None
    return start, following - timedelta(days=1)


def _trends(request: Request, user: HqUser, metric: Metric, first: str | None,
            last: str | None) -> list[trends.Trend]:  # fmt: skip
    ctx = get_ctx(request)
    start, end = _months(first, last, ctx.today())
    return trends.trends_by_region(ctx, metric, start, end, user=user)


@router.get("/trends")
async def trends_page(
    request: Request, metric: Metric = Metric.WAIT_MEDIAN, first: str | None = None,
    last: str | None = None,
) -> Response:  # fmt: skip
    user = await _user(request)
    if user is None:
        return _to_login(request)
    found = await to_thread.run_sync(_trends, request, user, metric, first, last)
    language = language_of(request)
    t = i18n.translator(language)
    percent = metric == Metric.WITHIN_SLA_SHARE
    series = [
        ("● " + t("trends.nation") if trend.scope == "nation" else trend.scope,
         [None if v is None else (v * 100 if percent else v) for _, v in trend.points])
        for trend in found
    ]  # fmt: skip
    months = [m for m, _ in found[0].points] if found else []
    chart = line_chart([i18n.month_label(m, language) for m in months], series,
                       title=t(f"metric.{metric.value}"), width=1200, height=400)  # fmt: skip
    return render(request, "trends.html", user=user, metric=metric, metrics=list(Metric),
                  chart=chart, table=tables.trends_table(found, t), months=months,
                  first=first or (f"{months[0]:%Y-%m}" if months else ""),
                  last=last or (f"{months[-1]:%Y-%m}" if months else ""))  # fmt: skip


@router.get("/trends.{kind}")
async def trends_export(
    request: Request, kind: str, metric: Metric = Metric.WAIT_MEDIAN,
    first: str | None = None, last: str | None = None,
) -> Response:  # fmt: skip
    user = await _user(request)
    if user is None:
        return _to_login(request)
    found = await to_thread.run_sync(_trends, request, user, metric, first, last)
    return _download(tables.trends_table(found, i18n.translator(language_of(request))), kind)


def _download(table: tables.Table, kind: str) -> Response:
    if kind == "csv":
        body: bytes = ("\ufeff" + tables.to_csv(table)).encode()  # a BOM: Excel reads UTF-8
        media = "text/csv; charset=utf-8"
    elif kind == "xlsx":
        body = tables.to_xlsx(table)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise NotFoundError("Format unduhan: csv atau xlsx.", "Download as csv or xlsx.")
    disposition = f'attachment; filename="{table.name}.{kind}"'
    return Response(body, media_type=media, headers={"content-disposition": disposition})
