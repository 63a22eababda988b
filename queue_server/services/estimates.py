"""What a call holds a counter for, per queue, learned for the wait forecast; cached.

A sample is a visit's minutes from its call to its end (served, no-show, or sent on):
the time the counter was not free for the next call, walking up and no-shows
included. The model is brought up to date at most once a simulated or real minute
with the visits that ended since the last look, and rebuilt from the whole look-back
every ``FULL_REBUILD``, so a visit stored late is never missed for long.
"""

import threading
from collections import defaultdict, deque
from datetime import date, datetime, timedelta

from queue_server.domain.estimate import DEFAULT_WINDOW, ServiceTimeModel, ServiceTimeSample
from queue_server.domain.lifecycle import queue_key
from queue_server.domain.office import OfficeConfig
from queue_server.storage import Session, ticket_store
from queue_server.storage.forecast_store import queue_arrivals

LOOKBACK = timedelta(days=14)
REFRESH = timedelta(seconds=60)
FULL_REBUILD = timedelta(minutes=30)
ARRIVAL_WINDOW = timedelta(minutes=60)  # recent arrivals give the rate of the next ones
ARRIVAL_MINUTES = ARRIVAL_WINDOW.total_seconds() / 60


def default_minutes(office: OfficeConfig) -> dict[str, float]:
    defaults: dict[str, float] = {}
    for service in office.services:
        if not service.stages:
            defaults[service.code] = service.service_minutes
        for stage in service.stages:
            defaults[queue_key(service.code, stage.code)] = stage.service_minutes
    return defaults


class ServiceTimes:
    """The learned model, brought up to date at most once a minute."""

    def __init__(self, office: OfficeConfig) -> None:
        self._defaults = default_minutes(office)
        self._model = ServiceTimeModel.from_samples([], defaults=self._defaults)
        self._latest: dict[str, deque[ServiceTimeSample]] = {}
        self._built_at: datetime | None = None
        self._full_at: datetime | None = None
        self._newest: datetime | None = None
        self._lock = threading.Lock()

    def model(self, session: Session, now: datetime) -> ServiceTimeModel:
        with self._lock:
            if self._built_at is None or not now - REFRESH < self._built_at <= now:
                self._update(session, now)
                self._built_at = now
            return self._model

    def invalidate(self) -> None:
        with self._lock:
            self._built_at = self._full_at = None

    def _update(self, session: Session, now: datetime) -> None:
        full = self._full_at is None or not now - FULL_REBUILD < self._full_at <= now
        if full or self._newest is None:
            self._latest = defaultdict(lambda: deque(maxlen=DEFAULT_WINDOW))
            self._full_at, since = now, now - LOOKBACK
        else:
            since = self._newest
        rows = ticket_store.recent_counter_holds(session, since)
        if not rows and not full:
            return
        for service, stage, called, ended in rows:
            key = queue_key(service, stage)
            minutes = max((ended - called).total_seconds() / 60, 0.0)
            self._latest[key].append(ServiceTimeSample(key, minutes, ended))
            self._newest = ended if self._newest is None else max(self._newest, ended)
        samples = [sample for queue in self._latest.values() for sample in queue]
        self._model = ServiceTimeModel.from_samples(samples, defaults=self._defaults)


class ArrivalRates:
    """Visits that joined each queue and class in the last ``ARRIVAL_WINDOW``, per minute:
    the rate of the arrivals to come. Counted again at most once a minute."""

    def __init__(self) -> None:
        self._rates: dict[tuple[str, str], float] = {}
        self._counted_at: datetime | None = None
        self._lock = threading.Lock()

    def per_minute(
        self, session: Session, day: date, now: datetime
    ) -> dict[tuple[str, str], float]:
        """{(queue, class): visits per minute}."""
        with self._lock:
            if self._counted_at is None or not now - REFRESH < self._counted_at <= now:
                since = now - ARRIVAL_WINDOW
                self._rates = {
                    (queue_key(service, stage), ticket_class): count / ARRIVAL_MINUTES
                    for service, stage, ticket_class, count in queue_arrivals(session, day, since)
                }
                self._counted_at = now
            return self._rates
