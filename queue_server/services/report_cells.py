"""A day of visits turned into report cells: named counts and minute histograms.

The same function makes the stored roll-up of a finished day and the live cells
of today, so a report over any range adds like with like. Cell names:

=============  ==========================  ==========================================
dim            item                        n
=============  ==========================  ==========================================
issued         ``SERVICE|source|class``    tickets (their first visit that day)
visit          ``QUEUE|outcome``           visits (outcome ``open`` while unfinished)
within         ``QUEUE``                   visits called within the service's SLA
arrive         ``QUEUE|HH``                visits queued in local hour HH
hour           ``HH``                      visits queued in local hour HH, all queues
svc_sum        ``QUEUE``                   seconds of service of finished visits
active         ``HH``                      counters that called someone in hour HH
counter        ``N|outcome``               visits a counter closed, by outcome
counter_svc    ``N``                       seconds of service at that counter
officer        ``NAME|outcome``            visits an officer closed, by outcome
officer_svc    ``NAME``                    seconds of service by that officer
fault          ``KIOSK|part|state``        device faults reported
=============  ==========================  ==========================================

Histograms: (``QUEUE``, ``w`` waiting or ``s`` service, whole minutes, visits);
a duration is put in the bucket of its nearest whole minute.
"""

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from queue_server.domain.lifecycle import queue_key
from queue_server.services.context import ServerContext
from queue_server.storage import Session, event_store, report_store, skm_store
from queue_server.storage.report_store import Fault, Visit


@dataclass
class Cells:
    """Counts and histogram buckets; two ``Cells`` add up cell by cell."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    hist: Counter[tuple[str, str, int]] = field(default_factory=Counter)

    def add(self, other: "Cells") -> None:
        self.counts.update(other.counts)
        self.hist.update(other.hist)


def whole_minutes(seconds: float) -> int:
    return int(seconds / 60 + 0.5)


def _service_seconds(visit: Visit) -> float | None:
    begun = visit.started_at or visit.called_at
    if visit.outcome != "done" or begun is None or visit.finished_at is None:
        return None
    return max((visit.finished_at - begun).total_seconds(), 0.0)


def day_cells(ctx: ServerContext, visits: Iterable[Visit], faults: Iterable[Fault]) -> Cells:
    """The cells of one day's visits and faults."""
    cells = Cells()
    counts, hist = cells.counts, cells.hist
    seen: set[int] = set()
    active: set[tuple[str, int]] = set()
    for visit in visits:
        queue = queue_key(visit.service, visit.stage)
        if visit.ticket_id not in seen:
            seen.add(visit.ticket_id)
            counts["issued", f"{visit.service}|{visit.source}|{visit.ticket_class}"] += 1
        outcome = visit.outcome or "open"
        counts["visit", f"{queue}|{outcome}"] += 1
        hour = f"{ctx.local(visit.queued_at).hour:02d}"
        counts["arrive", f"{queue}|{hour}"] += 1
        counts["hour", hour] += 1
        if visit.called_at is not None:
            waited = max((visit.called_at - visit.queued_at).total_seconds(), 0.0)
            hist[queue, "w", whole_minutes(waited)] += 1
            service = ctx.office.service(visit.service)
            if service is not None and waited <= service.sla_minutes * 60:
                counts["within", queue] += 1
            if visit.counter is not None:
                active.add((f"{ctx.local(visit.called_at).hour:02d}", visit.counter))
        _staff_cells(cells, visit, queue, outcome)
    for hour, _counter in active:
        counts["active", hour] += 1
    for fault in faults:
        counts["fault", f"{fault.device_name}|{fault.device}|{fault.state}"] += 1
    return cells


def _staff_cells(cells: Cells, visit: Visit, queue: str, outcome: str) -> None:
    seconds = _service_seconds(visit)
    if seconds is not None:
        cells.hist[queue, "s", whole_minutes(seconds)] += 1
        cells.counts["svc_sum", queue] += round(seconds)
    if outcome == "open":
        return
    for dim, who in (("counter", visit.counter), ("officer", visit.officer)):
        if who is None:
            continue
        cells.counts[dim, f"{who}|{outcome}"] += 1
        if seconds is not None:
            cells.counts[f"{dim}_svc", str(who)] += round(seconds)


def day_bounds(ctx: ServerContext, day: date) -> tuple[datetime, datetime]:
    """The office-local day as an aware [start, end) interval."""
    start = datetime.combine(day, time(0), tzinfo=ctx.zone)
    return start, start + timedelta(days=1)


_LIVE: dict[tuple[int, date], tuple[int, Cells]] = {}  # (context, day) -> (last seq, cells)
_LIVE_LOCK = threading.Lock()


def live_cells(ctx: ServerContext, session: Session, day: date) -> Cells:
    """Cells computed now from the stage visits and faults of ``day``.

    Kept until the next event is stored (every change to a visit writes one), so the
    pages a branch head opens one after another read today's visits once.
    """
    seq = event_store.last_seq(session)
    key = (id(ctx), day)
    with _LIVE_LOCK:
        cached = _LIVE.get(key)
    if cached is not None and cached[0] == seq:
        return _copy(cached[1])
    start, end = day_bounds(ctx, day)
    visits = report_store.day_visits(session, day)
    cells = day_cells(ctx, visits, report_store.faults_between(session, start, end))
    with _LIVE_LOCK:
        _LIVE.clear()  # only the newest day is worth keeping
        _LIVE[key] = (seq, cells)
    return _copy(cells)


def _copy(cells: Cells) -> Cells:
    return Cells(counts=Counter(cells.counts), hist=Counter(cells.hist))


def roll_up(ctx: ServerContext, *, limit: int | None = None) -> int:
    """Store the cells of every finished day not rolled up yet; returns how many were stored.

    Runs one write transaction per day, oldest first, so an interrupted run
    resumes where it stopped.
    """
    today = ctx.today()
    with ctx.db.read() as session:
        after = report_store.last_rolled_day(session)
        days = report_store.days_to_roll(session, after=after, before=today)
    for day in days[:limit]:
        with ctx.db.write() as session:
            cells = live_cells(ctx, session, day)
            report_store.store_day(
                session,
                day,
                counts=[(dim, item, n) for (dim, item), n in cells.counts.items()],
                hist=[(q, kind, minute, n) for (q, kind, minute), n in cells.hist.items()],
                at=ctx.now(),
            )
    with ctx.db.read() as session:  # ratings since the last look, maybe for a rolled day
        news = skm_store.has_new_ratings(session)
    if news:
        with ctx.db.write() as session:
            report_store.refresh_late_ratings(session)
    return len(days[:limit])


def stored_cells(ctx: ServerContext, session: Session, first: date, last: date) -> Cells:
    """The rolled-up cells of ``[first, last]`` summed, plus today's live cells if inside."""
    cells = Cells()
    for dim, item, n in report_store.summed_counts(session, first, last):
        cells.counts[dim, item] += n
    for queue, kind, minute, n in report_store.summed_hist(session, first, last):
        cells.hist[queue, kind, minute] += n
    today = ctx.today()
    if first <= today <= last:
        cells.add(live_cells(ctx, session, today))
    return cells
