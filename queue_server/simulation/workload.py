"""The workload of a simulated office day: who comes when, how long they take, who works.

Pure rules, no I/O. A ``Workload`` is read from an optional ``workload.toml``
beside the office's own ``office.toml``; whatever it leaves out is derived from
the office (``derive_workload``):

- visitors per service and day, sized so that the busiest counter is about
  ``target_utilisation`` busy over its shift (each queue's work shared evenly
  by the counters that serve it);
- a morning peak (``MORNING_PEAK``) over the hours tickets are issued;
- every counter open from opening to closing time with the breaks of the
  office's roster; without a roster, a quarter-hour break in the morning and a
  lunch hour: half of the counters serving a queue at 11.30, the other half at
  12.30, so no queue is left without a counter. Officers keep the roster only
  roughly: each comes back up to ``shift_jitter_min`` late and leaves up to
  half of it early or late.

Invariants: shares lie in [0, 1]; service-time spread and drift are not
negative; a counter's breaks lie inside its shift and do not overlap.
"""

import math
from datetime import time
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from queue_server.domain.office import OfficeConfig

# Relative arrivals per clock hour: the morning peak of an immigration office.
MORNING_PEAK: dict[int, float] = {
    7: 0.8,
    8: 1.6,
    9: 1.7,
    10: 1.4,
    11: 1.1,
    12: 0.6,
    13: 0.9,
    14: 0.7,
    15: 0.3,
}
TARGET_UTILISATION = 0.7
MORNING_BREAK = (time(10, 0), 15)  # start of the first break, its minutes
LUNCH_STARTS = (time(11, 30), time(12, 30))
LUNCH_MINUTES = 60


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def minutes_of(at: time) -> float:
    """Minutes after midnight of a clock time."""
    return at.hour * 60 + at.minute + at.second / 60


class ServiceLoad(_Model):
    """Visitors of one service on a typical day."""

    per_day: float = Field(ge=0)
    booking_share: float = Field(default=0.0, ge=0, le=1)  # of those, booked in M-Paspor
    priority_share: float = Field(default=0.08, ge=0, le=1)  # lansia, disabilitas, ...
    transfer_to: str | None = None  # the service some of them are sent on to
    transfer_share: float = Field(default=0.0, ge=0, le=1)


class CounterShift(_Model):
    """When a counter is staffed: its shift and the breaks inside it (start, minutes)."""

    counter: int
    start: time
    end: time
    breaks: tuple[tuple[time, int], ...] = ()

    @model_validator(mode="after")
    def _inside(self) -> Self:
        if not self.start < self.end:
            raise ValueError(f"counter {self.counter}: a shift must end after it starts")
        last_end = minutes_of(self.start)
        for start, minutes in sorted(self.breaks):
            if minutes_of(start) < last_end or minutes_of(start) + minutes > minutes_of(self.end):
                raise ValueError(f"counter {self.counter}: breaks must lie inside the shift")
            last_end = minutes_of(start) + minutes
        return self

    def open_periods(self) -> list[tuple[float, float]]:
        """(from, to) minutes after midnight when the counter is staffed."""
        periods: list[tuple[float, float]] = []
        at = minutes_of(self.start)
        for start, minutes in sorted(self.breaks):
            periods.append((at, minutes_of(start)))
            at = minutes_of(start) + minutes
        periods.append((at, minutes_of(self.end)))
        return [(a, b) for a, b in periods if b > a]


class Workload(_Model):
    """Everything about a simulated day that ``office.toml`` does not say."""

    services: dict[str, ServiceLoad]
    hourly: dict[int, float] = Field(default_factory=lambda: dict(MORNING_PEAK))
    shifts: tuple[CounterShift, ...]
    service_time_spread: float = Field(default=0.45, ge=0, le=2)  # sigma of log service time
    daily_drift: float = Field(default=0.12, ge=0, le=1)  # sigma of a day's log mean
    no_show_share: float = Field(default=0.04, ge=0, le=1)  # called, but gone
    booking_absent_share: float = Field(default=0.1, ge=0, le=1)  # booked, never came
    booking_early_min: float = 20.0  # mean arrival before the session's start
    booking_spread_min: float = Field(default=25.0, ge=0)
    late_share: float = Field(default=0.05, ge=0, le=1)  # booked, after the check-in window
    walk_up_min: float = Field(default=0.7, ge=0)  # from the call to the counter
    no_show_grace_min: float = Field(default=3.0, ge=0)  # an officer's wait before no-show
    shift_jitter_min: float = Field(default=6.0, ge=0)  # officers are late, leave early

    def shift(self, counter: int) -> CounterShift | None:
        return next((s for s in self.shifts if s.counter == counter), None)


def derive_workload(office: OfficeConfig, given: dict[str, object] | None = None) -> Workload:
    """The office's workload: ``given`` (a parsed ``workload.toml``) where it speaks, else
    derived from the office. Raises ``pydantic.ValidationError`` on a broken ``given``."""
    raw = dict(given or {})
    raw.setdefault("shifts", [shift.model_dump() for shift in default_shifts(office)])
    services = raw.get("services")
    if services is not None:
        return Workload.model_validate(raw)
    raw["services"] = {
        service.code: {"per_day": 1.0, "booking_share": 0.7 if service.booking else 0.0}
        for service in office.services
    }
    unsized = Workload.model_validate(raw)
    per_day = size_services(office, unsized)
    sized = {
        code: load.model_copy(update={"per_day": per_day[code]})
        for code, load in unsized.services.items()
    }
    return unsized.model_copy(update={"services": sized})


def default_shifts(office: OfficeConfig) -> list[CounterShift]:
    """Every counter from opening to closing time, with the breaks of the office's roster
    (``breaks`` of its counters); an office with none on its roster gets a morning break
    and a lunch hour, staggered so that counters sharing a queue do not all leave at once."""
    hours = office.hours
    if any(counter.breaks for counter in office.counters):
        return [
            CounterShift(
                counter=counter.number,
                start=hours.open,
                end=hours.close,
                breaks=tuple((b.start, b.minutes) for b in counter.breaks),
            )
            for counter in office.counters
        ]
    shifts: list[CounterShift] = []
    for index, counter in enumerate(office.counters):
        peers = [c.number for c in office.counters if set(c.services) & set(counter.services)]
        lunch = LUNCH_STARTS[peers.index(counter.number) % 2]
        break_at = minutes_of(MORNING_BREAK[0]) + 20 * (index % 4)
        breaks = [
            (time(int(break_at // 60), int(break_at % 60)), MORNING_BREAK[1]),
            (lunch, LUNCH_MINUTES),
        ]
        inside = [
            (start, minutes)
            for start, minutes in breaks
            if minutes_of(hours.open) < minutes_of(start)
            and minutes_of(start) + minutes < minutes_of(hours.close)
        ]
        shifts.append(
            CounterShift(
                counter=counter.number, start=hours.open, end=hours.close, breaks=tuple(inside)
            )
        )
    return shifts


def size_services(office: OfficeConfig, workload: Workload, rounds: int = 30) -> dict[str, float]:
    """Visitors per service and day that keep each service's busiest counter about
    ``TARGET_UTILISATION`` busy: services start equal, then each is scaled, round after
    round, toward the target of the counters its queues meet (each queue's minutes of
    work shared evenly by the counters serving it)."""
    per_day = {code: load.per_day for code, load in workload.services.items()}
    shift_minutes = {s.counter: sum(b - a for a, b in s.open_periods()) for s in workload.shifts}
    for _ in range(rounds):
        busy = counter_utilisation(office, per_day, shift_minutes)
        for service in office.services:
            if per_day.get(service.code, 0) <= 0:
                continue
            reached = max(
                (
                    busy[c.number]
                    for key in service.queue_keys()
                    for c in office.counters_serving(key)
                ),
                default=0.0,
            )
            if reached > 0:
                per_day[service.code] *= (TARGET_UTILISATION / reached) ** 0.5
    return {code: round(value, 1) for code, value in per_day.items()}


def counter_utilisation(
    office: OfficeConfig, per_day: dict[str, float], shift_minutes: dict[int, float]
) -> dict[int, float]:
    """The share of its staffed minutes each counter would serve ``per_day`` visitors."""
    work: dict[int, float] = {counter.number: 0.0 for counter in office.counters}
    for service in office.services:
        for stage in service.stages or (None,):
            key = f"{service.code}/{stage.code}" if stage else service.code
            minutes = stage.service_minutes if stage else service.service_minutes
            serving = office.counters_serving(key)
            for counter in serving:
                work[counter.number] += per_day.get(service.code, 0.0) * minutes / len(serving)
    return {
        number: work[number] / shift_minutes[number] if shift_minutes.get(number) else math.inf
        for number in work
    }
