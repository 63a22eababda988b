"""``/api/v1/hq/offices``, ``offices/{code}/days``, ``trends``: the national picture, for a
logged-in user (a regional head sees only the offices of the region)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from hq_server.api.deps import Ctx, User
from hq_server.services import office_days, overview, trends
from hq_server.services.trends import Metric

router = APIRouter(prefix="/api/v1/hq")
From = Annotated[date, Query(alias="from")]
To = Annotated[date, Query(alias="to")]


class TrendPoint(BaseModel):
    month: date
    value: float | None


class TrendReply(BaseModel):
    metric: Metric
    scope: str
    points: list[TrendPoint]


@router.get("/offices")
def offices(ctx: Ctx, user: User) -> list[overview.OfficeNow]:
    return overview.offices(ctx, user)


@router.get("/offices/{code}/days")
def days(ctx: Ctx, user: User, code: str, first: From, last: To) -> list[office_days.OfficeDay]:
    return office_days.office_days(ctx, code, first, last, user=user)


@router.get("/trends")
def trend(
    ctx: Ctx, user: User, metric: Metric, first: From, last: To,
    region: str | None = None, office: str | None = None,
) -> TrendReply:  # fmt: skip
    found = trends.trend(ctx, metric, first, last, user=user, region=region, office=office)
    points = [TrendPoint(month=month, value=value) for month, value in found.points]
    return TrendReply(metric=found.metric, scope=found.scope, points=points)
