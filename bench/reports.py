"""Reports over five years of one busy office: seeding, roll-up, and each report's time.

    .venv/bin/python -m bench.reports                                   # SQLite in /tmp
    .venv/bin/python -m bench.reports --database-url postgresql+psycopg://postgres@127.0.0.1:5432/antrean_bench

Seeds about two million tickets (1,600 a working day for five years) with their stage
visits, events, SKM answers and faults by bulk inserts, rolls the finished days up once
(what the first report after each day does in production), then times the pages a branch
head opens, logged in, through the real app: live, today, a past day, a month, a year,
SKM of a year and of five years, staffing advice of a month, the trends of five years, and
a year's CSV and five years' workbook. The goal is every page under one second.
"""

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.history import seed_history
from queue_protocol import Role
from queue_server.api.app import create_app
from queue_server.config import EXAMPLE_OFFICE
from queue_server.push.hub import EventHub
from queue_server.server import open_context
from queue_server.services import auth, report_cells
from queue_server.services.context import ServerContext
from queue_server.settings import Settings

LAST_DAY = date(2026, 11, 27)  # a Friday; "now" is 14:00 on it
PASSWORD = "rahasia-123"


def fresh(url: str) -> None:
    """An empty database at ``url``: the SQLite file removed, or the PostgreSQL db recreated."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def size_of(ctx: ServerContext, url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        total = sum(
            Path(f"{parsed.database}{s}").stat().st_size
            for s in ("", "-wal")
            if Path(f"{parsed.database}{s}").exists()
        )
        return f"{total / 1e9:.2f} GB"
    with ctx.db.read() as session:
        size = session.execute(text("SELECT pg_database_size(current_database())")).scalar()
    return f"{int(size or 0) / 1e9:.2f} GB"


def counts(ctx: ServerContext) -> dict[str, int]:
    with ctx.db.read() as session:
        return {
            table: int(session.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0)  # noqa: S608
            for table in ("tickets", "ticket_stages", "events", "feedback", "report_counts",
                          "report_hist")
        }  # fmt: skip


def timed(client: TestClient, path: str, runs: int) -> tuple[float, float]:
    """(first, median of the rest) seconds for ``GET path``; asserts a 200."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        reply = client.get(path)
        times.append(time.perf_counter() - start)
        assert reply.status_code == 200, (path, reply.status_code, reply.text[:300])
    return times[0], statistics.median(times[1:] or times)


def pages(last: date) -> dict[str, str]:
    month = (last - timedelta(days=29)).isoformat()
    year = (last - timedelta(days=364)).isoformat()
    five = (last - timedelta(days=5 * 365)).isoformat()
    end = last.isoformat()
    return {
        "live": "/reports",
        "day (today, live)": f"/reports/day?date={end}",
        "day (past, roll-up)": f"/reports/day?date={(last - timedelta(days=7)).isoformat()}",
        "month": f"/reports/range?start={month}&end={end}",
        "year": f"/reports/range?start={year}&end={end}",
        "five years": f"/reports/range?start={five}&end={end}",
        "SKM, year": f"/reports/skm?start={year}&end={end}",
        "SKM, five years": f"/reports/skm?start={five}&end={end}",
        "trends, five years": f"/reports/trends?start={five}&end={end}",
        "staffing, month": f"/reports/staffing?start={month}&end={end}",
        "CSV, year queues": f"/reports/range.csv?start={year}&end={end}&table=queues",
        "XLSX, five years": f"/reports/range.xlsx?start={five}&end={end}",
    }


def run(url: str, years: int, per_day: int, seed: bool, runs: int, events: bool) -> None:
    now = datetime(LAST_DAY.year, LAST_DAY.month, LAST_DAY.day, 7, 0, tzinfo=UTC)  # 14:00 WIB
    if seed:
        fresh(url)
    data_dir = Path(tempfile.gettempdir()) / "antrean-bench-data"  # its passport key stays
    if seed:
        shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(exist_ok=True)
    settings = Settings(data_dir=data_dir, office_file=EXAMPLE_OFFICE, database_url=url)
    ctx = open_context(settings, clock=lambda: now)
    print(f"database: {ctx.db.backend}")
    if seed:
        start = time.perf_counter()
        first = LAST_DAY - timedelta(days=years * 365)
        tickets = seed_history(ctx.db, ctx.office, ctx.zone, first, LAST_DAY,
                               per_day=per_day, now=now, events=events)  # fmt: skip
        print(f"seeded {tickets:,} tickets in {time.perf_counter() - start:.0f} s")
        auth.add_user(ctx, "kepala", Role.SUPERVISOR, PASSWORD)
    with ctx.db.engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    start = time.perf_counter()
    rolled = report_cells.roll_up(ctx)
    print(f"rolled up {rolled} days in {time.perf_counter() - start:.1f} s (once)")
    print(f"rows: {counts(ctx)}")
    print(f"database size: {size_of(ctx, url)}")
    app = create_app(ctx, hub=EventHub())
    with TestClient(app, base_url="http://127.0.0.1") as client:
        client.get("/login")
        client.post("/login", data={"username": "kepala", "password": PASSWORD,
                                    "csrf_token": client.cookies["antrean_csrf"]})  # fmt: skip
        print(f"{'page':<22} {'first':>8} {'median':>8}")
        for name, path in pages(LAST_DAY).items():
            cold, warm = timed(client, path, runs)
            flag = "" if warm < 1 else "  <-- over 1 s"
            print(f"{name:<22} {cold * 1000:>6.0f}ms {warm * 1000:>6.0f}ms{flag}")
    ctx.db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite:////tmp/antrean-bench.sqlite3")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--per-day", type=int, default=1600)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="time an already seeded database")
    parser.add_argument(
        "--without-events",
        action="store_true",
        help="seed no event log (no report reads it; seeding takes a fraction of the time)",
    )
    args = parser.parse_args()
    run(args.database_url, args.years, args.per_day, not args.reuse, args.runs,
        not args.without_events)  # fmt: skip


if __name__ == "__main__":
    main()
