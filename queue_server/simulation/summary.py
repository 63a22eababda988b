"""Figures of simulated days: waits per class and service, SLA share, utilisation, the
estimate's error against the naive ones.

Pure: it reads the visits the storage held at the end of each day. A visit's
wait runs from when the ticket joined that queue (its issue, or the end of its
previous stage) to its call. The estimate is judged at issue time against the
first call; "within range" counts the waits inside the printed range.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from queue_server.domain.office import OfficeConfig
from queue_server.domain.stats import percentile
from queue_server.simulation.runner import DayOutcome
from queue_server.storage.ticket_store import Visit


@dataclass(frozen=True)
class WaitFigures:
    visits: int
    mean_min: float | None
    median_min: float | None
    p90_min: float | None
    within_sla_share: float | None
    longest_min: float | None

    @classmethod
    def of(cls, waits: Sequence[float], sla: Sequence[float]) -> "WaitFigures":
        within = [w <= limit for w, limit in zip(waits, sla, strict=True)]
        return cls(
            visits=len(waits),
            mean_min=_round(math.fsum(waits) / len(waits)) if waits else None,
            median_min=_round(percentile(waits, 50)),
            p90_min=_round(percentile(waits, 90)),
            within_sla_share=_round(sum(within) / len(within), 3) if within else None,
            longest_min=_round(max(waits)) if waits else None,
        )


@dataclass(frozen=True)
class PolicyFigures:
    """One policy's days."""

    overall: WaitFigures
    by_class: dict[str, WaitFigures]
    by_service: dict[str, WaitFigures]
    tickets: int
    no_shows: int
    turned_away: int
    unserved: int
    utilisation: dict[int, float | None]  # busy share of each counter's staffed minutes


@dataclass(frozen=True)
class EstimateFigures:
    """The ticket's estimate against the wait that followed, beside the naive ones."""

    tickets: int
    mae_min: float | None
    naive_mae_min: float | None
    naive_per_queue_mae_min: float | None
    bias_min: float | None  # mean of estimate - wait: positive means too long
    range_coverage: float | None  # share of waits inside the printed range
    ranged_share: float | None  # share of tickets that printed a range

    @property
    def ratio_naive(self) -> float | None:
        return _ratio(self.mae_min, self.naive_mae_min)

    @property
    def ratio_naive_per_queue(self) -> float | None:
        return _ratio(self.mae_min, self.naive_per_queue_mae_min)


def policy_figures(office: OfficeConfig, days: Sequence[DayOutcome]) -> PolicyFigures:
    waits: list[tuple[str, str, float, float]] = []  # class, service, wait, SLA
    no_shows = tickets = turned_away = unserved = 0
    busy: dict[int, float] = defaultdict(float)
    staffed: dict[int, float] = defaultdict(float)
    for day in days:
        turned_away += day.turned_away
        unserved += day.unserved
        for number, minutes in day.staffed_minutes.items():
            staffed[number] += minutes
        for visits in _by_ticket(day.visits).values():
            tickets += 1
            no_shows += any(v.outcome == "no_show" for v in visits)
            for visit, wait in _waits(visits):
                service = office.service(visit.service)
                sla = float(service.sla_minutes if service else 30)
                waits.append((visit.ticket_class, _label(visit), wait, sla))
            for visit in visits:
                if visit.counter is not None and visit.started_at and visit.finished_at:
                    minutes = (visit.finished_at - visit.started_at).total_seconds() / 60
                    busy[visit.counter] += minutes
    return PolicyFigures(
        overall=_figures(waits, lambda _w: True),
        by_class={
            c: _figures(waits, lambda w, c=c: w[0] == c) for c in sorted({w[0] for w in waits})
        },
        by_service={
            s: _figures(waits, lambda w, s=s: w[1] == s) for s in sorted({w[1] for w in waits})
        },
        tickets=tickets,
        no_shows=no_shows,
        turned_away=turned_away,
        unserved=unserved,
        utilisation={
            c.number: _round(busy[c.number] / staffed[c.number], 3) if staffed[c.number] else None
            for c in office.counters
        },
    )


def estimate_figures(days: Iterable[DayOutcome]) -> EstimateFigures:
    rows: list[tuple[float, float, float, float, float | None, float | None]] = []
    for day in days:
        first_call: dict[int, Visit] = {}
        for visit in day.visits:
            first_call.setdefault(visit.ticket_id, visit)
        for record in day.estimates:
            first = first_call.get(record.ticket_id)
            if first is None or first.called_at is None:
                continue
            wait = (first.called_at - first.queued_at).total_seconds() / 60
            rows.append(
                (
                    wait,
                    record.estimate_min,
                    record.naive_min,
                    record.naive_per_queue_min,
                    record.low_min,
                    record.high_min,
                )
            )
    if not rows:
        return EstimateFigures(0, None, None, None, None, None, None)
    ranged = [(r[0], r[4], r[5]) for r in rows if r[4] is not None and r[5] is not None]
    return EstimateFigures(
        tickets=len(rows),
        mae_min=_round(_mean(abs(r[1] - r[0]) for r in rows)),
        naive_mae_min=_round(_mean(abs(r[2] - r[0]) for r in rows)),
        naive_per_queue_mae_min=_round(_mean(abs(r[3] - r[0]) for r in rows)),
        bias_min=_round(_mean(r[1] - r[0] for r in rows)),
        range_coverage=_round(
            _mean(
                1.0 if lo is not None and hi is not None and lo <= w <= hi else 0.0
                for w, lo, hi in ranged
            )
            if ranged
            else None,
            3,
        ),
        ranged_share=_round(len(ranged) / len(rows), 3),
    )


def _by_ticket(visits: Iterable[Visit]) -> dict[int, list[Visit]]:
    found: dict[int, list[Visit]] = defaultdict(list)
    for visit in visits:
        found[visit.ticket_id].append(visit)
    return found


def _waits(visits: Sequence[Visit]) -> list[tuple[Visit, float]]:
    """Each called visit with its wait: from joining that queue to the call."""
    found: list[tuple[Visit, float]] = []
    joined = None
    for visit in visits:
        start = visit.queued_at if joined is None else max(joined, visit.queued_at)
        if visit.called_at is not None:
            found.append((visit, max((visit.called_at - start).total_seconds() / 60, 0.0)))
        joined = visit.finished_at
    return found


def _label(visit: Visit) -> str:
    return f"{visit.service}/{visit.stage}" if visit.stage else visit.service


def _figures(waits: list[tuple[str, str, float, float]], keep: object) -> WaitFigures:
    chosen = [w for w in waits if keep(w)]  # type: ignore[operator]
    return WaitFigures.of([w[2] for w in chosen], [w[3] for w in chosen])


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return math.fsum(items) / len(items)


def _ratio(value: float | None, baseline: float | None) -> float | None:
    if value is None or not baseline:
        return None
    return round(value / baseline, 3)


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)
