"""SKM answers summed: per day, counter and officer once the day is rolled up, live for
the days after.

A rating is one row of ``feedback`` (answers to elements 1-9, any may be skipped). Five
years of a busy office are 380,000 of them, too many to sum for every report, so each
rolled-up day keeps its sums in ``report_skm``: per counter and officer, how many
answered anything and each element's sum and number of answers (all an SKM result
needs, ``domain.skm.SkmTally``). A rating may arrive after its visit's day was rolled
up (a feedback screen that kept it while the server was away): ``refresh_late`` sums
such days again, from the newest rating it saw (``report_marks``).

Invariants: a rolled-up day's ``report_skm`` rows are the sums of its ratings as of its
roll-up or the last ``refresh_late``; days after the newest rolled-up day are summed
from ``feedback`` when asked.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    Table,
    case,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Session

from queue_server.storage.models import Base, FeedbackRow

ELEMENTS = range(1, 10)
SUMS = tuple(f"s{element}" for element in ELEMENTS)
COUNTS = tuple(f"n{element}" for element in ELEMENTS)
LATE_MARGIN = 1_000  # ratings below the newest seen that may still commit (PostgreSQL)
SKM_MARK = "skm_feedback_id"

report_skm = Table(
    "report_skm",
    Base.metadata,
    Column("day", Date, primary_key=True),
    Column("counter", Integer, primary_key=True),  # 0: not recorded
    Column("officer", String(64), primary_key=True),  # "": not recorded
    Column("respondents", Integer, nullable=False),
    *(Column(name, Integer, nullable=False) for name in SUMS + COUNTS),
)
report_marks = Table(
    "report_marks",
    Base.metadata,
    Column("name", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

SkmBy = Literal["day", "staff"]  # "staff": by counter and officer together
SkmSums = tuple[int, tuple[int, ...], tuple[int, ...]]  # respondents, sums, counts
Key = tuple[date | str | int | None, ...]
ANSWERS = tuple(getattr(FeedbackRow, f"u{element}") for element in ELEMENTS)


def _answered() -> ColumnElement[int]:
    return case((func.coalesce(*ANSWERS).is_not(None), 1), else_=0)


def day_sums_query(first: date, last: date) -> Select[*tuple[Any, ...]]:
    """The ratings of ``[first, last]`` summed per day, counter and officer, in the
    columns of ``report_skm``."""
    f = FeedbackRow
    counter, officer = func.coalesce(f.counter, 0), func.coalesce(f.officer, "")
    return (
        select(
            f.day, counter, officer, func.sum(_answered()),
            *(func.coalesce(func.sum(column), 0) for column in ANSWERS),
            *(func.count(column) for column in ANSWERS),
        )
        .where(f.day >= first, f.day <= last)
        .group_by(f.day, counter, officer)
    )  # fmt: skip


def store_day(session: Session, day: date) -> None:
    """Sum ``day``'s ratings into ``report_skm``, in place of what was there."""
    session.execute(delete(report_skm).where(report_skm.c.day == day))
    columns = ["day", "counter", "officer", "respondents", *SUMS, *COUNTS]
    session.execute(insert(report_skm).from_select(columns, day_sums_query(day, day)))


def _seen(session: Session) -> int | None:
    found: int | None = session.scalar(
        select(report_marks.c.value).where(report_marks.c.name == SKM_MARK)
    )
    return found


def has_new_ratings(session: Session) -> bool:
    """Whether ratings were stored since ``late_rating_days`` was last acted on."""
    return session.scalar(select(func.max(FeedbackRow.id))) != _seen(session)


def late_rating_days(session: Session) -> tuple[set[date], int | None]:
    """The days of the ratings stored since the newest one seen (and a margin for ratings
    that commit out of order), and the newest rating's id now."""
    seen = _seen(session)
    newest: int | None = session.scalar(select(func.max(FeedbackRow.id)))
    if newest is None or newest == seen:
        return set(), newest
    query = select(FeedbackRow.day).distinct()
    if seen is not None:
        query = query.where(FeedbackRow.id > seen - LATE_MARGIN)
    return set(session.scalars(query)), newest


def mark_seen(session: Session, newest: int) -> None:
    session.execute(delete(report_marks).where(report_marks.c.name == SKM_MARK))
    session.execute(insert(report_marks), [{"name": SKM_MARK, "value": newest}])


def skm_sums(
    session: Session, first: date, last: date, by: SkmBy, *, rolled_until: date | None
) -> list[tuple[Key, SkmSums]]:
    """Per day, or per (counter, officer): how many answered anything, and each element's
    sum and number of answers, over the ratings of ``[first, last]``: from ``report_skm``
    up to ``rolled_until`` (the newest rolled-up day), from ``feedback`` after it."""
    totals: dict[Key, list[int]] = {}
    r = report_skm.c
    keys = [r.day] if by == "day" else [r.counter, r.officer]
    if rolled_until is not None and first <= rolled_until:
        query = (
            select(*keys, func.sum(r.respondents), *(func.sum(r[name]) for name in SUMS + COUNTS))
            .where(r.day >= first, r.day <= min(last, rolled_until))
            .group_by(*keys)
        )
        for row in session.execute(query):
            _add(totals, _key(by, row[: len(keys)]), row[len(keys) :])
    live_from = first if rolled_until is None else max(first, rolled_until + timedelta(days=1))
    if live_from <= last:
        for row in session.execute(day_sums_query(live_from, last)):
            key = (row[0],) if by == "day" else (row[1], row[2])
            _add(totals, _key(by, key), row[3:])
    return [
        (key, (numbers[0], tuple(numbers[1:10]), tuple(numbers[10:19])))
        for key, numbers in totals.items()
        if numbers[0]
    ]


def _key(by: SkmBy, row: Sequence[Any]) -> Key:
    if by == "day":
        return (row[0],)
    counter, officer = row
    return (int(counter) if counter else None, str(officer) if officer else None)


def _add(totals: dict[Key, list[int]], key: Key, numbers: Sequence[Any]) -> None:
    values = [int(n or 0) for n in numbers]
    kept = totals.get(key)
    totals[key] = values if kept is None else [a + b for a, b in zip(kept, values, strict=True)]
