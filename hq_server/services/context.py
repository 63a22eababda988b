"""What every use case at headquarters needs: the database, its partitions, the clock."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone

from hq_server.storage import HqDatabase
from hq_server.storage.partitions import Partitions

Clock = Callable[[], datetime]
DIRECTORATE_ZONE = timezone(timedelta(hours=7), "WIB")  # Jakarta: HQ's own "today"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class HqContext:
    db: HqDatabase
    clock: Clock = utc_now
    partitions: Partitions = field(init=False)

    def __post_init__(self) -> None:
        self.partitions = Partitions(self.db)

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.now().astimezone(DIRECTORATE_ZONE).date()
