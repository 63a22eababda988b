"""Day, range and staffing reports on a fake clock, against hand-computed numbers.

The day is computed live while it is today, and from the roll-up once it is
past; both must give the same report.
"""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from queue_protocol import (
    DeviceKind,
    IssueTicketRequest,
    Language,
    Role,
    TicketAction,
    TicketSource,
)
from queue_server.domain import stats
from queue_server.server import open_context
from queue_server.services import calling, report_cells, reports, ticket_actions, tickets
from queue_server.services.context import Actor, ActorKind, ServerContext
from queue_server.services.report_tables import period_tables, to_csv
from queue_server.settings import Settings
from tests.support.office import write_office

KIOSK = Actor(name="kiosk-1", kind=ActorKind.DEVICE, device_kind=DeviceKind.KIOSK)
OFFICER = Actor(name="petugas", kind=ActorKind.USER, role=Role.OFFICER)
DAY = date(2026, 3, 2)  # a Monday
WIB = timedelta(hours=7)


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC) - WIB  # 09:00 WIB

    def __call__(self) -> datetime:
        return self.now

    def at(self, hour: int, minute: int, day: date = DAY) -> None:
        self.now = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - WIB


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def ctx(tmp_path: Path, clock: FakeClock, database_url: str) -> Iterator[ServerContext]:
    """A context on a fresh database of every backend under test, on the fake clock."""
    settings = Settings(
        data_dir=tmp_path,
        office_file=write_office(tmp_path),
        database_url=database_url,
        advertise=False,
    )
    context = open_context(settings, clock=clock)
    yield context
    context.db.dispose()


def _issue(ctx: ServerContext, service: str, ref: str) -> int:
    request = IssueTicketRequest(service=service, source=TicketSource.WALK_IN, client_ref=ref)
    ticket, _ = tickets.issue_ticket(ctx, request, KIOSK)
    return ticket.id


def _a_day(ctx: ServerContext, clock: FakeClock) -> None:
    """AP: waits 10 and 11 min, one served in 6 min, one no-show; IN: waits 30, served 10."""
    _issue(ctx, "AP", "report-0001")
    clock.at(9, 5)
    _issue(ctx, "AP", "report-0002")
    clock.at(9, 10)
    first = calling.call_next(ctx, 7, OFFICER)
    clock.at(9, 16)
    assert first is not None
    ticket_actions.act(ctx, first.id, TicketAction.FINISH, OFFICER)
    second = calling.call_next(ctx, 7, OFFICER)
    assert second is not None
    clock.at(9, 20)
    ticket_actions.act(ctx, second.id, TicketAction.NO_SHOW, OFFICER)
    clock.at(10, 0)
    _issue(ctx, "IN", "report-0003")
    clock.at(10, 30)
    third = calling.call_next(ctx, 8, OFFICER)
    assert third is not None
    clock.at(10, 31)
    ticket_actions.act(ctx, third.id, TicketAction.START, OFFICER)
    clock.at(10, 41)
    ticket_actions.act(ctx, third.id, TicketAction.FINISH, OFFICER)


def test_day_report_matches_hand_computed_numbers(ctx: ServerContext, clock: FakeClock) -> None:
    _a_day(ctx, clock)
    report = reports.period_report(ctx, DAY, DAY)
    assert report.issued == 3
    ap, info = (next(q for q in report.queues if q.queue == code) for code in ("AP", "IN"))
    assert ap.outcomes["done"] == 1
    assert ap.outcomes["no_show"] == 1
    assert ap.queued == 2
    assert ap.wait.median == 10.5
    assert ap.wait.p90 == pytest.approx(10.9)
    assert ap.wait.max == 11.0
    assert (ap.service.median, ap.within_share) == (6.0, 1.0)
    assert (info.wait.median, info.service.median, info.within_share) == (30.0, 10.0, 0.0)
    assert report.total.wait.median == 11.0
    assert report.total.within_share == pytest.approx(2 / 3)
    assert report.sources == {"walk_in": 3}
    assert report.classes == {"regular": 3}
    assert report.heatmap.hours == ["09", "10"]
    assert [c.who for c in report.counters] == ["7", "8"]
    assert report.officers[0].done == 2
    assert report.officers[0].no_show == 1


def test_past_day_from_roll_up_equals_the_live_day(ctx: ServerContext, clock: FakeClock) -> None:
    _a_day(ctx, clock)
    live = reports.period_report(ctx, DAY, DAY)
    clock.at(9, 0, DAY + timedelta(days=1))
    rolled = reports.period_report(ctx, DAY, DAY)
    assert report_cells.roll_up(ctx) == 0  # the first report rolled the day up already
    assert rolled == live
    week = reports.period_report(ctx, DAY - timedelta(days=3), DAY + timedelta(days=1))
    assert week.days == 2
    assert week.issued == 3
    assert week.heatmap.rows == [("Senin", "Monday")]


def test_csv_has_the_numbers_of_the_table(ctx: ServerContext, clock: FakeClock) -> None:
    _a_day(ctx, clock)
    queues = period_tables(reports.period_report(ctx, DAY, DAY), Language.EN, str)[0]
    lines = to_csv(queues, str).splitlines()
    assert lines[0].startswith("col.queue,col.queued,col.done")
    assert lines[1].startswith(
        "Passport Collection,2,1,1,0,0,0,10.5,10.9,11.0,6.0,6.0,6.0,15,100.0"
    )


@pytest.mark.parametrize(
    "buckets",
    [{5: 1}, {1: 1, 2: 1, 3: 1, 4: 1}, {0: 7, 3: 2, 10: 1}, {2: 3, 40: 1, 7: 5}, {1: 2, 9: 2}],
)
@pytest.mark.parametrize("p", [0, 10, 50, 90, 99, 100])
def test_bucket_percentile_is_the_domain_percentile(buckets: dict[int, int], p: float) -> None:
    values = [float(v) for v, n in buckets.items() for _ in range(n)]
    assert reports.bucket_percentile(buckets, p) == pytest.approx(stats.percentile(values, p))


def test_staffing_advice_follows_erlang_c(ctx: ServerContext, clock: FakeClock) -> None:
    _a_day(ctx, clock)
    rows = {row.hour: row for row in reports.staffing_report(ctx, DAY, DAY)}
    assert rows["09"].arrivals == 2.0
    assert rows["09"].needed == 1
    assert rows["09"].active == 1.0  # counter 7 called in the 09 hour
    assert rows["10"].needed == 1
    assert rows["10"].target_wait_min == 15.0
    stages = {(row.hour, stage.queue): stage for row in rows.values() for stage in row.stages}
    nine = [stage for (hour, _), stage in stages.items() if hour == "09"]
    assert sum(stage.arrivals for stage in nine) == 2.0
    assert rows["09"].simulated == sum(stage.simulated for stage in nine) >= 1
    assert all(stage.erlang_c >= 1 and stage.simulated >= 1 for stage in nine if stage.arrivals)
