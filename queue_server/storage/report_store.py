"""Report queries and the daily roll-up they read.

Five years of one office is about two million tickets; a year report must not
read every stage visit. So each finished day is rolled up once into two narrow
tables (``report_counts``: named counters per day, ``report_hist``: per-queue
histograms of waiting and service minutes) and a range report sums those rows
in SQL. Today, still changing, is computed from ``ticket_stages`` directly by
the same code that made the roll-up, so the numbers agree.

Five years are still 1,300 days of rows to sum, so each day's roll-up also refreshes
its month's sums (``report_month_counts``, ``report_month_hist``: the same rows
keyed by the month's first day). A range reads whole months from those and only
the days at its two ends from the daily tables.

Invariants: a day is rolled up at most once (``report_days``); roll-ups run in
day order, so every day before the newest rolled-up day is rolled up too; a
month's rows are the sums of its rolled-up days, refreshed in the transaction
that stores each day.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import (
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
    delete,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.orm import Session

from queue_server.storage import skm_store
from queue_server.storage.models import Base, DeviceFaultRow, TicketStageRow
from queue_server.storage.types import UtcDateTime

report_days = Table(
    "report_days",
    Base.metadata,
    Column("day", Date, primary_key=True),
    Column("rolled_at", UtcDateTime(), nullable=False),
)
report_counts = Table(
    "report_counts",
    Base.metadata,
    Column("day", Date, primary_key=True),
    Column("dim", String(16), primary_key=True),
    Column("item", String(96), primary_key=True),
    Column("n", Integer, nullable=False),
)
report_hist = Table(
    "report_hist",
    Base.metadata,
    Column("day", Date, primary_key=True),
    Column("queue", String(48), primary_key=True),
    Column("kind", String(1), primary_key=True),  # "w" waiting, "s" service
    Column("minute", Integer, primary_key=True),
    Column("n", Integer, nullable=False),
)
report_month_counts = Table(
    "report_month_counts",
    Base.metadata,
    Column("month", Date, primary_key=True),  # the month's first day
    Column("dim", String(16), primary_key=True),
    Column("item", String(96), primary_key=True),
    Column("n", Integer, nullable=False),
)
report_month_hist = Table(
    "report_month_hist",
    Base.metadata,
    Column("month", Date, primary_key=True),
    Column("queue", String(48), primary_key=True),
    Column("kind", String(1), primary_key=True),
    Column("minute", Integer, primary_key=True),
    Column("n", Integer, nullable=False),
)
# Mirrors of the indexes migration 0002 adds to tables of models.py.
FAULTS_AT_INDEX = Index("ix_device_faults_at", DeviceFaultRow.at)


DateRange = tuple[date, date]  # first and last day, both inside


class Visit(NamedTuple):
    """One stage visit as the reports need it."""

    ticket_id: int
    service: str
    stage: str | None
    ticket_class: str
    source: str
    queued_at: datetime
    called_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    counter: int | None
    officer: str | None
    outcome: str | None


class Fault(NamedTuple):
    device_name: str
    device: str
    state: str
    at: datetime


def day_visits(session: Session, day: date) -> list[Visit]:
    """Every stage visit of ``day``, in the order they were opened."""
    s = TicketStageRow
    query = (
        select(
            s.ticket_id, s.service, s.stage, s.ticket_class, s.source, s.queued_at, s.called_at,
            s.started_at, s.finished_at, s.counter, s.officer, s.outcome,
        )
        .where(s.day == day)
        .order_by(s.id)
    )  # fmt: skip
    return [Visit._make(row) for row in session.execute(query)]


def faults_between(session: Session, start: datetime, end: datetime) -> list[Fault]:
    """Device faults reported in ``[start, end)``."""
    f = DeviceFaultRow
    query = select(f.device_name, f.device, f.state, f.at).where(f.at >= start, f.at < end)
    return [Fault(*row) for row in session.execute(query)]


def last_rolled_day(session: Session) -> date | None:
    day: date | None = session.scalar(select(func.max(report_days.c.day)))
    return day


def days_to_roll(session: Session, *, after: date | None, before: date) -> list[date]:
    """Days with stage visits after the newest rolled-up day and before ``before``."""
    query = select(TicketStageRow.day).where(TicketStageRow.day < before).distinct()
    if after is not None:
        query = query.where(TicketStageRow.day > after)
    return sorted(session.scalars(query))


def store_day(
    session: Session,
    day: date,
    *,
    counts: Iterable[tuple[str, str, int]],
    hist: Iterable[tuple[str, str, int, int]],
    at: datetime,
) -> None:
    """Replace the roll-up of ``day`` with these counts and histogram buckets."""
    for table in (report_counts, report_hist, report_days):
        session.execute(delete(table).where(table.c.day == day))
    count_rows = [{"day": day, "dim": d, "item": i, "n": n} for d, i, n in counts]
    hist_rows = [{"day": day, "queue": q, "kind": k, "minute": m, "n": n} for q, k, m, n in hist]
    if count_rows:
        session.execute(insert(report_counts), count_rows)
    if hist_rows:
        session.execute(insert(report_hist), hist_rows)
    session.execute(insert(report_days), [{"day": day, "rolled_at": at}])
    refresh_month(session, month_of(day))
    skm_store.store_day(session, day)


def month_of(day: date) -> date:
    return day.replace(day=1)


def month_end(month: date) -> date:
    """The last day of the month that starts on ``month``."""
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def refresh_month(session: Session, month: date) -> None:
    """Replace the month's sums with those of its rolled-up days."""
    last = month_end(month)
    c, h = report_counts.c, report_hist.c
    session.execute(delete(report_month_counts).where(report_month_counts.c.month == month))
    session.execute(delete(report_month_hist).where(report_month_hist.c.month == month))
    counts = (
        select(literal(month, Date), c.dim, c.item, func.sum(c.n))
        .where(c.day >= month, c.day <= last)
        .group_by(c.dim, c.item)
    )
    session.execute(insert(report_month_counts).from_select(["month", "dim", "item", "n"], counts))
    hist = (
        select(literal(month, Date), h.queue, h.kind, h.minute, func.sum(h.n))
        .where(h.day >= month, h.day <= last)
        .group_by(h.queue, h.kind, h.minute)
    )
    session.execute(
        insert(report_month_hist).from_select(["month", "queue", "kind", "minute", "n"], hist)
    )


def whole_months(first: date, last: date) -> DateRange | None:
    """The first days of the first and last whole months inside ``[first, last]``."""
    start = first if first.day == 1 else month_end(first) + timedelta(days=1)
    end = month_of(last) if last == month_end(last) else month_of(month_of(last) - timedelta(1))
    return (start, end) if start <= end else None


def split_by_months(first: date, last: date) -> tuple[DateRange | None, list[DateRange]]:
    """``[first, last]`` as (whole months, the day ranges outside them)."""
    months = whole_months(first, last)
    if months is None:
        return None, [(first, last)]
    edges = [(first, months[0] - timedelta(days=1)), (month_end(months[1]) + timedelta(1), last)]
    return months, [(a, b) for a, b in edges if a <= b]


def summed_counts(session: Session, first: date, last: date) -> list[tuple[str, str, int]]:
    """(dim, item, total) over the rolled-up days in ``[first, last]``."""
    months, day_ranges = split_by_months(first, last)
    totals: Counter[tuple[str, str]] = Counter()
    queries = []
    if months is not None:
        m = report_month_counts.c
        queries.append(
            select(m.dim, m.item, func.sum(m.n))
            .where(m.month >= months[0], m.month <= months[1])
            .group_by(m.dim, m.item)
        )
    c = report_counts.c
    queries += [
        select(c.dim, c.item, func.sum(c.n))
        .where(c.day >= start, c.day <= end)
        .group_by(c.dim, c.item)
        for start, end in day_ranges
    ]
    for query in queries:
        for dim, item, n in session.execute(query):
            totals[dim, item] += int(n)
    return [(dim, item, n) for (dim, item), n in totals.items()]


def daily_counts(
    session: Session, first: date, last: date, dim: str, *, by_month: bool = False
) -> list[tuple[date, str, int]]:
    """(day, item, n) of one dimension over the rolled-up days in ``[first, last]``; with
    ``by_month`` each whole month is one row dated its first day, read from its sums."""
    months, day_ranges = split_by_months(first, last) if by_month else (None, [(first, last)])
    rows: list[tuple[date, str, int]] = []
    if months is not None:
        m = report_month_counts.c
        query = select(m.month, m.item, m.n).where(
            m.dim == dim, m.month >= months[0], m.month <= months[1]
        )
        rows += [(month, item, int(n)) for month, item, n in session.execute(query)]
    c = report_counts.c
    for start, end in day_ranges:
        query = select(c.day, c.item, c.n).where(c.dim == dim, c.day >= start, c.day <= end)
        rows += [(day, item, int(n)) for day, item, n in session.execute(query)]
    return rows


def summed_hist(session: Session, first: date, last: date) -> list[tuple[str, str, int, int]]:
    """(queue, kind, minute, total) over the rolled-up days in ``[first, last]``."""
    months, day_ranges = split_by_months(first, last)
    totals: Counter[tuple[str, str, int]] = Counter()
    queries = []
    if months is not None:
        m = report_month_hist.c
        queries.append(
            select(m.queue, m.kind, m.minute, func.sum(m.n))
            .where(m.month >= months[0], m.month <= months[1])
            .group_by(m.queue, m.kind, m.minute)
        )
    h = report_hist.c
    queries += [
        select(h.queue, h.kind, h.minute, func.sum(h.n))
        .where(h.day >= start, h.day <= end)
        .group_by(h.queue, h.kind, h.minute)
        for start, end in day_ranges
    ]
    for query in queries:
        for queue, kind, minute, n in session.execute(query):
            totals[queue, kind, int(minute)] += int(n)
    return [(q, k, m, n) for (q, k, m), n in totals.items()]


def daily_hist(
    session: Session, first: date, last: date, kind: str, *, by_month: bool = False
) -> list[tuple[date, int, int]]:
    """(day, minute, visits) of one kind (``w`` waiting, ``s`` service), all queues summed,
    over the rolled-up days in ``[first, last]``; with ``by_month`` each whole month is
    dated its first day and read from its sums."""
    months, day_ranges = split_by_months(first, last) if by_month else (None, [(first, last)])
    rows: list[tuple[date, int, int]] = []
    if months is not None:
        m = report_month_hist.c
        query = (
            select(m.month, m.minute, func.sum(m.n))
            .where(m.kind == kind, m.month >= months[0], m.month <= months[1])
            .group_by(m.month, m.minute)
        )
        rows += [(month, int(minute), int(n)) for month, minute, n in session.execute(query)]
    h = report_hist.c
    for start, end in day_ranges:
        query = (
            select(h.day, h.minute, func.sum(h.n))
            .where(h.kind == kind, h.day >= start, h.day <= end)
            .group_by(h.day, h.minute)
        )
        rows += [(day, int(minute), int(n)) for day, minute, n in session.execute(query)]
    return rows


def rolled_days_between(session: Session, first: date, last: date) -> list[date]:
    query = select(report_days.c.day).where(report_days.c.day >= first, report_days.c.day <= last)
    return sorted(session.scalars(query))


def refresh_late_ratings(session: Session) -> list[date]:
    """Sum again the SKM of rolled-up days that got ratings after their roll-up (a screen
    that kept them while the server was away); returns those days."""
    days, newest = skm_store.late_rating_days(session)
    if newest is None:
        return []
    rolled = sorted(session.scalars(select(report_days.c.day).where(report_days.c.day.in_(days))))
    for day in rolled:
        skm_store.store_day(session, day)
    skm_store.mark_seen(session, newest)
    return rolled
