"""What if: one office day played as configured and with a change, on the same visitors."""

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bench.history import seed_history
from queue_protocol import TicketClass
from queue_server.server import open_context
from queue_server.services.context import ServerContext
from queue_server.settings import Settings
from queue_server.simulation.plan import DayPlan
from queue_server.simulation.runner import SimulationTimeoutError
from queue_server.simulation.what_if import (
    WhatIf,
    _typical_workload,
    _with_on_duty,
    run_what_if,
    staffed_hours,
)
from tests.support.office import write_office

TODAY = date(2026, 3, 4)  # a Wednesday
PAST = date(2026, 3, 3)
WEIGHTS = {TicketClass.PRIORITY: 3, TicketClass.APPOINTMENT: 2, TicketClass.REGULAR: 1}


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[ServerContext]:
    settings = Settings(data_dir=tmp_path, office_file=write_office(tmp_path), advertise=False,
                        database_url=f"sqlite:///{tmp_path / 'office.sqlite3'}")  # fmt: skip
    context = open_context(settings, clock=lambda: datetime(2026, 3, 4, 2, 0, tzinfo=UTC))
    yield context
    context.db.dispose()


def test_roster_hours_left_as_they_are_keep_the_day() -> None:
    plan = DayPlan(PAST, (), (), ((1, ((457.0, 690.0), (751.0, 960.0))),))
    roster = {1: frozenset(range(7, 16))}
    assert _with_on_duty(plan, roster, roster) == plan
    changed = _with_on_duty(plan, roster, {1: frozenset(range(7, 16)) - {8} | {16}})
    assert changed.counter_periods == ((1, ((457.0, 480.0), (540.0, 690.0), (751.0, 1020.0))),)


def test_past_day_replayed_with_a_change(ctx: ServerContext) -> None:
    seed_history(ctx.db, ctx.office, ctx.zone, PAST, PAST, per_day=25)
    hours = staffed_hours(ctx.office)
    fewer = {number: on - {9, 10} if number == 1 else on for number, on in hours.items()}
    change = WhatIf(day=PAST, policy="fifo", class_weights=WEIGHTS, on_duty=fewer)
    outcome = run_what_if(ctx, change, time.monotonic() + 600)
    assert outcome.source == "past"
    assert outcome.day == PAST
    assert outcome.visitors == 25
    for figures in (outcome.configured, outcome.changed):
        assert figures.tickets + figures.turned_away == 25  # a late booking may be refused
        assert figures.tickets >= 20
        assert figures.overall.visits >= 25
        assert set(figures.utilisation) == {c.number for c in ctx.office.counters}
    again = run_what_if(ctx, change, time.monotonic() + 600)
    assert again == outcome  # the same day, the same figures


def test_typical_day_from_history_when_there_is_enough(ctx: ServerContext) -> None:
    assert _typical_workload(ctx)[1] == "workload"
    first, last = TODAY - timedelta(days=14), TODAY - timedelta(days=1)
    seed_history(ctx.db, ctx.office, ctx.zone, first, last, per_day=40)
    workload, source = _typical_workload(ctx)
    assert source == "history"
    assert sum(load.per_day for load in workload.services.values()) == pytest.approx(40, abs=1)


def test_a_run_past_its_deadline_stops(ctx: ServerContext) -> None:
    change = WhatIf(day=None, policy="sla_aware", class_weights=WEIGHTS)
    with pytest.raises(SimulationTimeoutError):
        run_what_if(ctx, change, time.monotonic() - 1)  # past its deadline at the first event


def test_past_day_without_visitors_is_refused(ctx: ServerContext) -> None:
    change = WhatIf(day=PAST - timedelta(days=7), policy="fifo", class_weights=WEIGHTS)
    with pytest.raises(LookupError):
        run_what_if(ctx, change, time.monotonic() + 60)
