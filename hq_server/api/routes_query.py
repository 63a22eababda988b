"""``/api/v1/hq/offices``, ``offices/{code}/days``, ``trends``: the national picture, for a
logged-in user (a regional head sees only the offices of the region)."""

from dataclasses import asdict
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from hq_server.api.deps import Ctx, User
from hq_server.services import office_days, overview, trends
from hq_server.services.trends import Metric

router = APIRouter(prefix="/api/v1/hq")
From = Annotated[date, Query(alias="from")]
To = Annotated[date, Query(alias="to")]


class OfficeReply(BaseModel):
    code: str
    name: str
    region: str
    waiting: int | None
    longest_wait_min: int | None
    counters_open: int | None
    issued_today: int | None
    served_today: int | None
    within_sla_share_today: float | None
    skm_score_30d: float | None
    last_report_at: datetime | None
    silent_min: int | None
    open_now: bool | None
    notices: list[str]


class FiguresReply(BaseModel):
    visits: int
    served: int
    no_show: int
    cancelled: int
    transferred: int
    waited: int
    within_sla_share: float | None
    wait_median_min: float | None
    wait_p90_min: float | None
    service_median_min: float | None


class StageReply(BaseModel):
    queue: str
    figures: FiguresReply


class DayReply(BaseModel):
    day: date
    issued: int | None
    open: bool | None
    figures: FiguresReply
    skm_score: float | None
    skm_respondents: int
    stages: list[StageReply]


class TrendPoint(BaseModel):
    month: date
    value: float | None


class TrendReply(BaseModel):
    metric: Metric
    scope: str
    points: list[TrendPoint]


@router.get("/offices")
def offices(ctx: Ctx, user: User) -> list[OfficeReply]:
    return [OfficeReply(**asdict(office)) for office in overview.offices(ctx, user)]


@router.get("/offices/{code}/days")
def days(ctx: Ctx, user: User, code: str, first: From, last: To) -> list[DayReply]:
    found = office_days.office_days(ctx, code, first, last, user=user)
    return [DayReply.model_validate(asdict(day)) for day in found]


@router.get("/trends")
def trend(
    ctx: Ctx, user: User, metric: Metric, first: From, last: To,
    region: str | None = None, office: str | None = None,
) -> TrendReply:  # fmt: skip
    found = trends.trend(ctx, metric, first, last, user=user, region=region, office=office)
    points = [TrendPoint(month=month, value=value) for month, value in found.points]
    return TrendReply(metric=found.metric, scope=found.scope, points=points)
