"""SKM answers of rolled-up days are read from their sums per day, counter and officer;
the days after from the ratings themselves; a rating that arrives for a day already
rolled up (a screen that kept it while the server was away) is summed in at the next
report."""

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from queue_server.domain.skm import SkmTally
from queue_server.server import open_context
from queue_server.services import report_cells
from queue_server.services.context import ServerContext
from queue_server.storage import report_store, skm_store
from queue_server.storage.models import FeedbackRow
from tests.support.office import office_settings

FIRST = date(2026, 3, 2)
DAYS = [FIRST + timedelta(days=i) for i in range(6)]
AT = datetime(2026, 3, 9, 3, tzinfo=UTC)
STAFF = [(7, "petugas"), (8, "budi"), (None, None)]


def _rating(n: int, day: date, rng: random.Random) -> FeedbackRow:
    counter, officer = STAFF[n % len(STAFF)]
    answers = {f"u{e}": rng.choice([None, 1, 2, 3, 4, 4]) for e in range(1, 10)}
    return FeedbackRow(
        ticket_id=None, day=day, service="AP", counter=counter, officer=officer,
        language="id", client_ref=f"skm-sums-{n:05d}", created_at=AT, **answers,
    )  # fmt: skip


def _expected(ctx: ServerContext, first: date, last: date) -> dict[object, SkmTally]:
    """Tallies per (counter, officer) straight from the ratings, in Python."""
    tallies: dict[object, SkmTally] = {}
    with ctx.db.read() as session:
        rows = session.query(FeedbackRow).filter(FeedbackRow.day.between(first, last)).all()
        for row in rows:
            answers = {e: getattr(row, f"u{e}") for e in range(1, 10)}
            one = SkmTally.of([{e: a for e, a in answers.items() if a is not None}])
            key = (row.counter, row.officer)
            tallies[key] = tallies.get(key, SkmTally()) + one
    return {key: tally for key, tally in tallies.items() if tally.respondents}


def _summed(ctx: ServerContext, first: date, last: date) -> dict[object, SkmTally]:
    with ctx.db.read() as session:
        rolled_until = report_store.last_rolled_day(session)
        rows = skm_store.skm_sums(session, first, last, "staff", rolled_until=rolled_until)
    return {key: SkmTally(*sums) for key, sums in rows}


@pytest.fixture
def ctx(tmp_path: Path, database_url: str) -> Iterator[ServerContext]:
    context = open_context(office_settings(tmp_path, database_url), clock=lambda: AT)
    rng = random.Random(7)
    with context.db.write() as session:
        session.add_all(_rating(n, DAYS[n % len(DAYS)], rng) for n in range(120))
    with context.db.write() as session:  # the first four days rolled up, the rest not yet
        for day in DAYS[:4]:
            report_store.store_day(session, day, counts=[], hist=[], at=AT)
    yield context
    context.db.dispose()


def test_rolled_days_and_later_days_sum_as_the_ratings_do(ctx: ServerContext) -> None:
    for first, last in [(DAYS[0], DAYS[-1]), (DAYS[1], DAYS[2]), (DAYS[4], DAYS[5])]:
        assert _summed(ctx, first, last) == _expected(ctx, first, last), (first, last)


def test_a_late_rating_for_a_rolled_day_is_summed_in_at_the_next_report(
    ctx: ServerContext,
) -> None:
    report_cells.roll_up(ctx)  # marks the ratings seen so far
    with ctx.db.write() as session:
        session.add(_rating(500, DAYS[1], random.Random(1)))
    assert _summed(ctx, DAYS[1], DAYS[1]) != _expected(ctx, DAYS[1], DAYS[1])  # not yet
    report_cells.roll_up(ctx)
    assert _summed(ctx, DAYS[1], DAYS[1]) == _expected(ctx, DAYS[1], DAYS[1])
    with ctx.db.read() as session:
        assert not skm_store.has_new_ratings(session)
