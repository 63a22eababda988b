"""Every office at a glance: its live state, today's figures and its SKM over 30 days.

An office is stale when its last report is older than ``STALE_AFTER`` (its sender sends
its live state at least every minute while it runs)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from hq_server.domain.figures import SkmTally, Tally, merged
from hq_server.domain.roles import region_scope
from hq_server.services.auth import HqUser
from hq_server.services.context import HqContext
from hq_server.storage import live_store, office_store, record_store, rollup_store
from hq_server.storage.models import LiveRow, OfficeDayRow

STALE_AFTER = timedelta(minutes=5)
SKM_DAYS = 30


@dataclass(frozen=True)
class OfficeNow:
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
    silent_min: int | None  # minutes since the last report, when stale; None when fresh
    open_now: bool | None
    notices: list[str]


def offices(ctx: HqContext, user: HqUser | None = None) -> list[OfficeNow]:
    """The offices ``user`` may see (a regional head: the region's), by code."""
    now, today = ctx.now(), ctx.today()
    region = region_scope(user.role, user.region) if user else None
    with ctx.db.read() as session:
        known = office_store.every(session, region)
        ids = [office.id for office in known]
        live = live_store.of_offices(session, ids)
        days_today = {o.id: _office_today(live.get(o.id), today) for o in known}
        rows = rollup_store.office_days_on(session, ids, set(days_today.values()))
        skm: dict[int, list[tuple[date, dict[str, Any]]]] = {}
        for office_id, day, sums in rollup_store.skm_of_days(
            session, ids, today - timedelta(days=SKM_DAYS), today
        ):
            skm.setdefault(office_id, []).append((day, sums))
        notices = record_store.active_notices(session, ids)
    shares = {
        row.office_id: _within_share(row) for row in rows if row.day == days_today[row.office_id]
    }
    result = []
    for office in known:
        state = live.get(office.id)
        result.append(
            OfficeNow(
                code=office.code, name=office.name, region=office.region,
                **_live_figures(state),
                within_sla_share_today=shares.get(office.id),
                skm_score_30d=_skm(skm.get(office.id, []), days_today[office.id]),
                last_report_at=state.received_at if state else None,
                silent_min=_silent(state, now),
                notices=[n.text_id for n in notices.get(office.id, [])],
            )
        )  # fmt: skip
    return result


def _office_today(state: LiveRow | None, today: date) -> date:
    """The office's own date (its live state's), else headquarters'."""
    if state is None:
        return today
    return datetime.fromisoformat(str(state.state["at"])).date()


def _live_figures(state: LiveRow | None) -> dict[str, Any]:
    if state is None:
        return dict.fromkeys(
            ("waiting", "longest_wait_min", "counters_open", "issued_today", "served_today",
             "open_now"), None,
        )  # fmt: skip
    data = state.state
    queues = data.get("queues") or []
    return {
        "waiting": sum(int(q["waiting"]) for q in queues),
        "longest_wait_min": max((int(q["longest_wait_min"]) for q in queues), default=0),
        "counters_open": int(data["counters_open"]),
        "issued_today": int(data["issued_today"]),
        "served_today": int(data["served_today"]),
        "open_now": bool(data["open_now"]),
    }


def _within_share(row: OfficeDayRow) -> float | None:
    tallies = (Tally.from_json(q, waits=False, services=False) for q in row.queues.values())
    return merged(tallies).within_share


def _skm(days: list[tuple[date, dict[str, Any]]], today: date) -> float | None:
    """The SKM score of an office's 30 days up to its ``today``."""
    total = SkmTally()
    for day, skm in days:
        if today - timedelta(days=SKM_DAYS) < day <= today:
            total.merge(SkmTally.from_json(skm))
    return total.score


def _silent(state: LiveRow | None, now: datetime) -> int | None:
    if state is None:
        return None
    silence = now - state.received_at
    return int(silence.total_seconds() // 60) if silence > STALE_AFTER else None
