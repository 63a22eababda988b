"""One simulated day drawn from a workload: the visitors, their bookings, their service times.

Pure and deterministic: everything comes from the ``random.Random`` it is given,
drawn in a fixed order, so a seed gives the same day on every machine.

- Walk-ins arrive as a Poisson process whose rate follows the workload's hourly
  profile, from opening time to the last ticket.
- Booked visitors (M-Paspor) hold a session; they arrive around it, on average
  ``booking_early_min`` before a moment drawn uniformly inside it; some never
  come, some come after the check-in window has closed.
- Each stage's service time is lognormal around the stage's configured minutes
  times the day's drift for that queue (one office runs slower on some days).
"""

import math
import random
from dataclasses import dataclass
from datetime import date

from queue_protocol import PriorityGroup
from queue_server.domain.office import OfficeConfig, ServiceDef
from queue_server.simulation.workload import Workload, minutes_of


@dataclass(frozen=True)
class Visitor:
    """One visitor of the day, as the kiosk and the counters will meet them."""

    arrives_min: float  # minutes after local midnight
    service: str
    stage_minutes: tuple[float, ...]  # service minutes of each stage (one for no stages)
    priority: PriorityGroup | None = None
    application_number: str | None = None  # set for a booked visitor
    no_show: bool = False  # called, but gone
    transfer_to: str | None = None  # sent on to this service after the last stage
    transfer_minutes: tuple[float, ...] = ()


@dataclass(frozen=True)
class Booking:
    application_number: str
    service: str
    session: str


@dataclass(frozen=True)
class DayPlan:
    day: date
    visitors: tuple[Visitor, ...]  # in order of arrival
    bookings: tuple[Booking, ...]
    # (from, to) minutes after local midnight when each counter is staffed
    counter_periods: tuple[tuple[int, tuple[tuple[float, float], ...]], ...] = ()


def plan_day(office: OfficeConfig, workload: Workload, day: date, rng: random.Random) -> DayPlan:
    """The visitors and bookings of ``day``."""
    drift = {
        key: math.exp(rng.gauss(0.0, workload.daily_drift))
        for service in office.services
        for key in service.queue_keys()
    }
    visitors: list[Visitor] = []
    bookings: list[Booking] = []
    for service in office.services:
        load = workload.services.get(service.code)
        if load is None or load.per_day <= 0:
            continue
        booked = load.per_day * load.booking_share if service.booking else 0.0
        for at in _walk_in_times(office, workload, load.per_day - booked, rng):
            visitors.append(_visitor(office, workload, service, at, None, drift, rng))
        for booking, arrival in _bookings(
            office, workload, service, booked, day, rng, len(bookings)
        ):
            bookings.append(booking)
            if arrival is not None:
                visitor = _visitor(office, workload, service, arrival, booking, drift, rng)
                visitors.append(visitor)
    visitors.sort(key=lambda v: (v.arrives_min, v.service, v.application_number or ""))
    return DayPlan(
        day=day,
        visitors=tuple(visitors),
        bookings=tuple(bookings),
        counter_periods=_counter_periods(workload, rng),
    )


def _counter_periods(
    workload: Workload, rng: random.Random
) -> tuple[tuple[int, tuple[tuple[float, float], ...]], ...]:
    """Each shift's staffed periods as the officers keep them that day."""
    jitter = workload.shift_jitter_min
    found: list[tuple[int, tuple[tuple[float, float], ...]]] = []
    for shift in sorted(workload.shifts, key=lambda s: s.counter):
        periods = shift.open_periods()
        kept: list[tuple[float, float]] = []
        for index, (start, end) in enumerate(periods):
            late = rng.uniform(0, jitter)
            leaves = end if index == len(periods) - 1 else end + rng.uniform(-jitter, jitter) / 2
            if leaves > start + late:
                kept.append((start + late, leaves))
        found.append((shift.counter, tuple(kept)))
    return tuple(found)


def _walk_in_times(
    office: OfficeConfig, workload: Workload, per_day: float, rng: random.Random
) -> list[float]:
    opens, last = minutes_of(office.hours.open), minutes_of(office.hours.last_ticket)
    weights = {
        hour: weight * _overlap(hour * 60, hour * 60 + 60, opens, last) / 60
        for hour, weight in workload.hourly.items()
    }
    total = sum(weights.values())
    times: list[float] = []
    if total <= 0 or per_day <= 0:
        return times
    for hour in sorted(weights):
        start, end = max(hour * 60, opens), min(hour * 60 + 60, last)
        if end <= start:
            continue
        rate = per_day * weights[hour] / total / (end - start)  # visitors per minute
        at = start + rng.expovariate(rate)
        while at < end:
            times.append(at)
            at += rng.expovariate(rate)
    return times


def _overlap(a: float, b: float, c: float, d: float) -> float:
    return max(0.0, min(b, d) - max(a, c))


def _bookings(
    office: OfficeConfig,
    workload: Workload,
    service: ServiceDef,
    expected: float,
    day: date,
    rng: random.Random,
    numbered: int,
) -> list[tuple[Booking, float | None]]:
    """Bookings per session in proportion to its length, with each holder's arrival
    (None: never came)."""
    sessions = office.bookings.sessions
    lengths = {name: minutes_of(end) - minutes_of(start) for name, (start, end) in sessions.items()}
    total = sum(lengths.values())
    found: list[tuple[Booking, float | None]] = []
    for name, (start, end) in sorted(sessions.items()):
        count = _poisson(expected * lengths[name] / total, rng) if total > 0 else 0
        for _ in range(count):
            number = f"SIM{day:%y%m%d}{service.code}{numbered + len(found):05d}"
            booking = Booking(application_number=number, service=service.code, session=name)
            found.append((booking, _booked_arrival(office, workload, start, end, rng)))
    return found


def _booked_arrival(
    office: OfficeConfig, workload: Workload, start: object, end: object, rng: random.Random
) -> float | None:
    first, last = minutes_of(start), minutes_of(end)  # type: ignore[arg-type]
    if rng.random() < workload.booking_absent_share:
        return None
    if rng.random() < workload.late_share:
        return last + office.bookings.late_minutes + rng.uniform(5, 60)
    at = rng.uniform(first, last) - rng.gauss(
        workload.booking_early_min, workload.booking_spread_min
    )
    earliest = max(first - office.bookings.early_minutes, minutes_of(office.hours.open))
    return max(at, earliest + rng.uniform(0, 10))


def _visitor(
    office: OfficeConfig,
    workload: Workload,
    service: ServiceDef,
    at: float,
    booking: Booking | None,
    drift: dict[str, float],
    rng: random.Random,
) -> Visitor:
    load = workload.services[service.code]
    priority: PriorityGroup | None = None
    if office.priority.groups and rng.random() < load.priority_share:
        priority = rng.choice(office.priority.groups)
    transfer = load.transfer_to if load.transfer_to and rng.random() < load.transfer_share else None
    target = office.service(transfer) if transfer else None
    return Visitor(
        arrives_min=at,
        service=service.code,
        stage_minutes=_stage_minutes(service, workload, drift, rng),
        priority=priority,
        application_number=booking.application_number if booking else None,
        no_show=rng.random() < workload.no_show_share,
        transfer_to=target.code if target else None,
        transfer_minutes=_stage_minutes(target, workload, drift, rng) if target else (),
    )


def _stage_minutes(
    service: ServiceDef, workload: Workload, drift: dict[str, float], rng: random.Random
) -> tuple[float, ...]:
    sigma = workload.service_time_spread
    minutes: list[float] = []
    for key, stage in zip(service.queue_keys(), service.stages or (None,), strict=True):
        mean = (stage.service_minutes if stage else service.service_minutes) * drift[key]
        minutes.append(rng.lognormvariate(math.log(mean) - sigma**2 / 2, sigma))
    return tuple(minutes)


def _poisson(mean: float, rng: random.Random) -> int:
    """A Poisson draw by counting exponential gaps (means here are at most a few hundred)."""
    count, total = 0, rng.expovariate(1.0)
    while total < mean:
        count += 1
        total += rng.expovariate(1.0)
    return count
