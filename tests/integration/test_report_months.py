"""A range report sums whole months from the month roll-up and the days at its ends
from the daily one; the totals are those of the days, whatever the range."""

import itertools
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from queue_server.server import open_context
from queue_server.services.context import ServerContext
from queue_server.storage import migrate, report_store
from queue_server.storage.database import create_database_engine
from tests.support.office import office_settings

FIRST_DAY = date(2026, 1, 27)
LAST_DAY = date(2026, 4, 3)
AT = datetime(2026, 4, 4, tzinfo=UTC)
BEFORE_MONTHS = "0012"  # the revision before the month roll-up


def _days() -> list[date]:
    span = (LAST_DAY - FIRST_DAY).days
    every = (FIRST_DAY + timedelta(days=i) for i in range(span + 1))
    return [day for day in every if day.weekday() < 5]  # working days only, as offices roll up


def _store(ctx: ServerContext, day: date) -> None:
    n = day.toordinal()
    counts = [("issued", "PASPOR|kiosk|regular", n % 50 + 1), ("hour", f"{n % 9 + 8:02d}", n % 7)]
    counts.append(("officer", f"petugas-{n % 3}|done", n % 11 + 1))
    hist = [("PASPOR", "w", n % 13, n % 5 + 1), ("PASPOR", "s", 7, 2)]
    with ctx.db.write() as session:
        report_store.store_day(session, day, counts=counts, hist=hist, at=AT)


Sums = tuple[Counter[tuple[str, str]], Counter[tuple[str, str, int]]]


def _from_days(ctx: ServerContext, first: date, last: date) -> Sums:
    c, h = report_store.report_counts.c, report_store.report_hist.c
    with ctx.db.read() as session:
        counts = session.execute(
            select(c.dim, c.item, func.sum(c.n))
            .where(c.day >= first, c.day <= last)
            .group_by(c.dim, c.item)
        )
        hist = session.execute(
            select(h.queue, h.kind, h.minute, func.sum(h.n))
            .where(h.day >= first, h.day <= last)
            .group_by(h.queue, h.kind, h.minute)
        )
        return (
            Counter({(d, i): int(n) for d, i, n in counts}),
            Counter({(q, k, int(m)): int(n) for q, k, m, n in hist}),
        )


def _summed(ctx: ServerContext, first: date, last: date) -> Sums:
    with ctx.db.read() as session:
        counts = report_store.summed_counts(session, first, last)
        hist = report_store.summed_hist(session, first, last)
    return (
        Counter({(d, i): n for d, i, n in counts}),
        Counter({(q, k, m): n for q, k, m, n in hist}),
    )


@pytest.fixture
def ctx(tmp_path: Path, database_url: str) -> Iterator[ServerContext]:
    context = open_context(office_settings(tmp_path, database_url), clock=lambda: AT)
    for day in _days():
        _store(context, day)
    yield context
    context.db.dispose()


EDGES = [
    date(2026, 1, 1), date(2026, 1, 27), date(2026, 1, 31), date(2026, 2, 1), date(2026, 2, 15),
    date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 31), date(2026, 4, 1), date(2026, 4, 3),
    date(2026, 5, 31),
]  # fmt: skip


def test_every_range_sums_as_its_days_do(ctx: ServerContext) -> None:
    for first, last in itertools.combinations_with_replacement(EDGES, 2):
        assert _summed(ctx, first, last) == _from_days(ctx, first, last), (first, last)


def test_a_month_is_refreshed_when_one_of_its_days_is_stored_again(ctx: ServerContext) -> None:
    day = date(2026, 2, 16)
    with ctx.db.write() as session:
        report_store.store_day(
            session, day, counts=[("issued", "VISA|desk|priority", 40)], hist=[], at=AT
        )
    first, last = date(2026, 2, 1), date(2026, 2, 28)
    counts, hist = _summed(ctx, first, last)
    assert counts[("issued", "VISA|desk|priority")] == 40
    assert (counts, hist) == _from_days(ctx, first, last)


def test_the_upgrade_sums_the_months_already_rolled_up(tmp_path: Path, database_url: str) -> None:
    """An office upgrading with months of daily roll-ups gets their months summed once."""
    migrate.upgrade(database_url, BEFORE_MONTHS)
    engine = create_database_engine(database_url)
    try:
        with engine.begin() as connection:
            for day in _days():
                n = day.toordinal()
                connection.execute(
                    insert(report_store.report_days), [{"day": day, "rolled_at": AT}]
                )
                connection.execute(
                    insert(report_store.report_counts),
                    [{"day": day, "dim": "issued", "item": "PASPOR|kiosk|regular", "n": n % 50}],
                )
                connection.execute(
                    insert(report_store.report_hist),
                    [{"day": day, "queue": "PASPOR", "kind": "w", "minute": n % 13, "n": 1}],
                )
    finally:
        engine.dispose()
    migrate.upgrade(database_url)
    context = open_context(office_settings(tmp_path, database_url), clock=lambda: AT)
    try:
        with context.db.read() as session:
            months = session.scalars(select(report_store.report_month_counts.c.month)).all()
        assert sorted(set(months)) == [date(2026, m, 1) for m in (1, 2, 3, 4)]
        for first, last in [(date(2026, 2, 1), date(2026, 3, 31)), (EDGES[0], EDGES[-1])]:
            assert _summed(context, first, last) == _from_days(context, first, last)
    finally:
        context.db.dispose()
