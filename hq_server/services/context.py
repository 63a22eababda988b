"""What every use case at headquarters needs: the database, its partitions, the clock."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone

from hq_server.storage import HqDatabase, office_store
from hq_server.storage.office_store import Office
from hq_server.storage.partitions import Partitions

Clock = Callable[[], datetime]
DIRECTORATE_ZONE = timezone(timedelta(hours=7), "WIB")  # Jakarta: HQ's own "today"


def utc_now() -> datetime:
    return datetime.now(UTC)


KEY_CACHE_S = 30.0  # how long an enrolled office's key is used without reading it again


@dataclass
class HqContext:
    db: HqDatabase
    clock: Clock = utc_now
    partitions: Partitions = field(init=False)
    enrolled: dict[str, tuple[float, Office]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.partitions = Partitions(self.db)

    def enrolled_office(self, code: str) -> Office | None:
        """Office ``code`` if it is enrolled (has a key). Kept ``KEY_CACHE_S`` seconds: every
        message of an office needs it. An office enrolled again with a new key may be
        refused (``bad_signature``, which its sender waits out) for that long."""
        cached = self.enrolled.get(code)
        if cached is not None and time.monotonic() - cached[0] < KEY_CACHE_S:
            return cached[1]
        with self.db.read() as session:
            office = office_store.by_code(session, code)
        if office is None or office.public_key is None:
            return None
        self.enrolled[code] = (time.monotonic(), office)
        return office

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.now().astimezone(DIRECTORATE_ZONE).date()
