"""A range splits into whole months and the days at its two ends, covering each day once."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from queue_server.storage.report_store import month_end, split_by_months

DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2031, 12, 31))


def _each_day(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@given(DAYS, DAYS)
def test_months_and_edges_cover_the_range_once(a: date, b: date) -> None:
    first, last = min(a, b), max(a, b)
    months, edges = split_by_months(first, last)
    covered = [day for start, end in edges for day in _each_day(start, end)]
    if months is not None:
        assert (months[0].day, months[1].day) == (1, 1)
        covered += _each_day(months[0], month_end(months[1]))
    assert sorted(covered) == _each_day(first, last)


def test_a_range_inside_one_month_is_read_by_days() -> None:
    assert split_by_months(date(2026, 2, 2), date(2026, 2, 27)) == (
        None,
        [(date(2026, 2, 2), date(2026, 2, 27))],
    )


def test_five_years_are_sixty_months_less_their_ends() -> None:
    months, edges = split_by_months(date(2021, 11, 28), date(2026, 11, 27))
    assert months == (date(2021, 12, 1), date(2026, 10, 1))
    assert edges == [
        (date(2021, 11, 28), date(2021, 11, 30)),
        (date(2026, 11, 1), date(2026, 11, 27)),
    ]
