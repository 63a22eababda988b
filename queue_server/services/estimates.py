"""Service-time learning for wait estimates, cached briefly so every request stays cheap."""

import threading
from datetime import datetime, timedelta

from queue_server.domain.estimate import ServiceTimeModel, ServiceTimeSample
from queue_server.domain.lifecycle import queue_key
from queue_server.domain.office import OfficeConfig
from queue_server.storage import Session, ticket_store

LOOKBACK = timedelta(days=14)
REFRESH = timedelta(seconds=60)


def default_minutes(office: OfficeConfig) -> dict[str, float]:
    defaults: dict[str, float] = {}
    for service in office.services:
        if not service.stages:
            defaults[service.code] = service.service_minutes
        for stage in service.stages:
            defaults[queue_key(service.code, stage.code)] = stage.service_minutes
    return defaults


class ServiceTimes:
    """The learned model, rebuilt from recent finished visits at most once a minute."""

    def __init__(self, office: OfficeConfig) -> None:
        self._defaults = default_minutes(office)
        self._model = ServiceTimeModel.from_samples([], defaults=self._defaults)
        self._built_at: datetime | None = None
        self._lock = threading.Lock()

    def model(self, session: Session, now: datetime) -> ServiceTimeModel:
        with self._lock:
            if self._built_at is None or now - self._built_at > REFRESH:
                self._model = self._build(session, now)
                self._built_at = now
            return self._model

    def invalidate(self) -> None:
        with self._lock:
            self._built_at = None

    def _build(self, session: Session, now: datetime) -> ServiceTimeModel:
        samples = [
            ServiceTimeSample(
                queue=queue_key(service, stage),
                minutes=max((finished - started).total_seconds() / 60, 0.0),
                finished_at=finished,
            )
            for service, stage, started, finished, _ in ticket_store.recent_service_minutes(
                session, now - LOOKBACK
            )
        ]
        return ServiceTimeModel.from_samples(samples, defaults=self._defaults)
