"""An office's daily figures at headquarters, per day and per queue (stage)."""

from dataclasses import dataclass
from datetime import date

from hq_server.domain.errors import HqError, NotFoundError
from hq_server.domain.figures import SkmTally, Tally, merged
from hq_server.domain.roles import sees_region
from hq_server.services.auth import HqUser
from hq_server.services.context import HqContext
from hq_server.storage import office_store, rollup_store
from hq_server.storage.office_store import Office

MAX_DAYS = 400


@dataclass(frozen=True)
class Figures:
    """Counts and durations (minutes) of a set of visits."""

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


@dataclass(frozen=True)
class StageDay:
    queue: str
    figures: Figures


@dataclass(frozen=True)
class OfficeDay:
    day: date
    issued: int | None  # None until the office reported the finished day
    open: bool | None
    figures: Figures
    skm_score: float | None
    skm_respondents: int
    stages: list[StageDay]


def figures_of(tally: Tally) -> Figures:
    outcomes = tally.outcomes
    return Figures(
        visits=tally.visits, served=outcomes["done"], no_show=outcomes["no_show"],
        cancelled=outcomes["cancelled"], transferred=outcomes["transferred"],
        waited=tally.waited, within_sla_share=tally.within_share,
        wait_median_min=tally.wait_median, wait_p90_min=tally.wait_p90,
        service_median_min=tally.service_median,
    )  # fmt: skip


def visible_office(ctx: HqContext, code: str, user: HqUser | None) -> Office:
    """The office ``code``, if ``user`` (None: the command line) may see it."""
    with ctx.db.read() as session:
        office = office_store.by_code(session, code)
    if office is None or (user and not sees_region(user.role, user.region, office.region)):
        raise NotFoundError(f"Kantor {code} tidak dikenal.", f"No office {code} (for you).")
    return office


def check_range(first: date, last: date) -> None:
    if last < first or (last - first).days > MAX_DAYS:
        raise HqError(
            f"Rentang tanggal tidak valid (paling banyak {MAX_DAYS} hari).",
            f"Invalid date range: 'from' before 'to', at most {MAX_DAYS} days.",
            code="invalid_range",
        )


def office_days(
    ctx: HqContext, code: str, first: date, last: date, *, user: HqUser | None = None
) -> list[OfficeDay]:
    check_range(first, last)
    office = visible_office(ctx, code, user)
    with ctx.db.read() as session:
        rows = rollup_store.office_days(session, [office.id], first, last)
    days = []
    for row in rows:
        tallies = {queue: Tally.from_json(data) for queue, data in sorted(row.queues.items())}
        skm = SkmTally.from_json(row.skm)
        days.append(
            OfficeDay(
                day=row.day, issued=row.issued, open=row.open,
                figures=figures_of(merged(tallies.values())), skm_score=skm.score,
                skm_respondents=skm.respondents,
                stages=[StageDay(queue, figures_of(t)) for queue, t in tallies.items()],
            )
        )  # fmt: skip
    return days
