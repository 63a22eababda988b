"""Monthly partitions of the record tables (``models.PARTITIONED``), made before they
are needed: the current month and the next ones at start-up and daily, and any month
a batch brings (an office's backlog) before its records are written.

Made in a transaction of its own under an advisory lock, so two processes never race to
make one partition, and a batch's transaction never holds the lock of a DDL statement.
"""

from collections.abc import Iterable
from datetime import date

from sqlalchemy import text

from hq_server.storage.database import HqDatabase
from hq_server.storage.models import PARTITIONED

PARTITION_LOCK = 0x68717061  # "hqpa"


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def months_ahead(today: date, count: int) -> list[date]:
    months = [month_of(today)]
    while len(months) < count + 1:
        months.append(next_month(months[-1]))
    return months


def partition_name(table: str, month: date) -> str:
    return f"{table}_{month:%Y_%m}"


class Partitions:
    """Knows which months have their partitions, and makes the missing ones."""

    def __init__(self, db: HqDatabase) -> None:
        self._db = db
        self._made: set[date] = set()

    def ensure(self, days: Iterable[date]) -> None:
        months = {month_of(day) for day in days} - self._made
        if not months:
            return
        with self._db.write() as session:
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PARTITION_LOCK})
            for month in sorted(months):
                for table in PARTITIONED:
                    session.execute(
                        text(
                            f"CREATE TABLE IF NOT EXISTS {partition_name(table, month)} "
                            f"PARTITION OF {table} FOR VALUES FROM ('{month:%Y-%m-%d}') "
                            f"TO ('{next_month(month):%Y-%m-%d}')"
                        )
                    )
        self._made |= months

    def existing(self) -> list[str]:
        with self._db.read() as session:
            rows = session.execute(
                text(
                    "SELECT child.relname FROM pg_inherits "
                    "JOIN pg_class child ON child.oid = pg_inherits.inhrelid "
                    "JOIN pg_class parent ON parent.oid = pg_inherits.inhparent "
                    "WHERE parent.relname = ANY(:tables) ORDER BY child.relname"
                ),
                {"tables": list(PARTITIONED)},
            )
            return [str(name) for (name,) in rows]
