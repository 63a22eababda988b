"""The demo's past: office days before today, played by the office simulator
(``queue_server.simulation``) into the demo's database before the server starts, so the
reports open on a month of visits, waits, no-shows and ratings instead of one ticket.

The days are played in memory, where the simulator's thousands of commits cost no disk
write, and the result is written over the demo's database file in one backup. Playing a
month takes minutes, so the result is kept in the user's cache
(``$XDG_CACHE_HOME/antrean/demo-history``), one file per office, day and schema: the
next demo of the same day starts at once.
"""

import hashlib
import logging
import os
import random
import shutil
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from queue_server.domain.numbering import office_zone
from queue_server.domain.office import OfficeConfig
from queue_server.simulation.plan import plan_day
from queue_server.simulation.runner import OfficeSimulation
from queue_server.simulation.workload import derive_workload
from queue_server.storage.database import sqlite_memory_copy, sqlite_save_copy
from queue_server.storage.migrate import upgrade

HISTORY_SEED = 2026  # the same office gets the same past on every run
KEPT_HISTORIES = 4  # played pasts kept in the cache, the newest


def history_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "antrean" / "demo-history"


def _history_key(office: OfficeConfig, days: int, today: date) -> str:
    """What the played past depends on: the office, the days, the schema, the simulator."""
    from queue_server import simulation
    from queue_server.storage import migrations

    parts = [office.model_dump_json(), str(days), today.isoformat(), str(HISTORY_SEED)]
    for package in (migrations, simulation):
        for folder in package.__path__:
            for path in sorted(Path(folder).rglob("*.py")):
                parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def past_working_days(office: OfficeConfig, count: int, today: date) -> list[date]:
    """The office's last ``count`` working days before ``today``, oldest first."""
    days: list[date] = []
    day = today - timedelta(days=1)
    while len(days) < count:
        if day.isoweekday() in office.hours.days and day not in office.hours.holidays:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def office_today(office: OfficeConfig) -> date:
    return datetime.now(office_zone(office.office.timezone)).date()


def fill_past_days(
    office: OfficeConfig,
    database: Path,
    days: int,
    *,
    progress: Callable[[int, int], object] = lambda done, total: None,
) -> int:
    """Play the office's last ``days`` working days into the SQLite file ``database``
    (made if missing), or copy them from the cache when this past was played before;
    ``progress(done, total)`` after each day played. Returns the visits of those days."""
    if days <= 0:
        upgrade(f"sqlite:///{database}")
        return 0
    cache = history_cache()
    kept = cache / f"{_history_key(office, days, office_today(office))}.sqlite3"
    if kept.is_file():
        shutil.copyfile(kept, database)
        upgrade(f"sqlite:///{database}")
        return int(kept.with_suffix(".visits").read_text(encoding="ascii") or 0)
    upgrade(f"sqlite:///{database}")
    visits = _play(office, database, days, progress)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(database, kept.with_suffix(".part"))
        kept.with_suffix(".visits").write_text(str(visits), encoding="ascii")
        kept.with_suffix(".part").replace(kept)
        for old in sorted(cache.glob("*.sqlite3"), key=lambda p: p.stat().st_mtime)[
            :-KEPT_HISTORIES
        ]:
            old.unlink(missing_ok=True)
            old.with_suffix(".visits").unlink(missing_ok=True)
    except OSError:
        pass  # no cache: the next demo plays the month again
    return visits


def _play(
    office: OfficeConfig, database: Path, days: int, progress: Callable[[int, int], object]
) -> int:
    workload = derive_workload(office)
    memory = sqlite_memory_copy(database)
    quiet = logging.getLogger("queue_server")  # a simulated day's refusals are no news
    level = quiet.level
    quiet.setLevel(logging.WARNING)
    visits = 0
    try:
        simulation = OfficeSimulation(office, workload, memory)
        chosen = past_working_days(office, days, office_today(office))
        for index, day in enumerate(chosen):
            plan = plan_day(office, workload, day, random.Random(HISTORY_SEED * 1000 + index))
            visits += len(simulation.play(plan).visits)
            progress(index + 1, len(chosen))
        sqlite_save_copy(memory, database)
    finally:
        quiet.setLevel(level)
        memory.dispose()
    return visits
