"""Retention over a year of one busy office: how long the job takes to purge or anonymise
every kind of personal data of a year at once (the first run after an upgrade, or after
the server was off), and how long its next run, with nothing left to do, holds the write.

A year of ``bench.history`` (tickets with status tokens, the log's ticket events with
status links, ratings), plus a booking with an application number and a passport hash
for each ticket that came by booking, and logins with their address and session. Then
the clock moves past every period in ``[retention]`` and ``retention.purge`` runs.

    .venv/bin/python -m bench.retention
    .venv/bin/python -m bench.retention --database-url postgresql+psycopg://postgres@127.0.0.1:5432/antrean_bench
"""

import argparse
import hashlib
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text

from bench.history import seed_history
from bench.reports import LAST_DAY, fresh
from queue_server.config import EXAMPLE_OFFICE
from queue_server.server import open_context
from queue_server.services import retention
from queue_server.services.context import ServerContext
from queue_server.settings import Settings
from queue_server.storage.models import BookingRow, EventRow, SessionRow, TicketRow, UserRow

LOGINS_PER_DAY = 40


def seed_personal_data(ctx: ServerContext) -> dict[str, int]:
    """Bookings for the booked tickets, and the officers' logins, sessions included."""
    with ctx.db.engine.begin() as connection:
        booked = connection.execute(
            select(TicketRow.id, TicketRow.day, TicketRow.service, TicketRow.issued_at).where(
                TicketRow.source == "booking"
            )
        ).all()
        bookings = [
            {"id": tid, "application_number": f"{20260000000000 + tid}", "service": service,
             "day": day, "slot_start": at, "slot_end": at + timedelta(hours=1), "session": None,
             "passport_hash": hashlib.sha256(str(tid).encode()).hexdigest(), "ticket_id": tid,
             "imported_at": at - timedelta(days=1)}
            for tid, day, service, at in booked
        ]  # fmt: skip
        for start in range(0, len(bookings), 20_000):
            connection.execute(insert(BookingRow), bookings[start : start + 20_000])
        connection.execute(text("UPDATE tickets SET booking_id = id WHERE source = 'booking'"))
        connection.execute(
            text("UPDATE tickets SET passport_hash = 'p' || id WHERE source = 'passport'")
        )
        user = connection.execute(
            insert(UserRow).returning(UserRow.id),
            {"username": "petugas01", "password_hash": "x", "role": "officer",
             "disabled": False, "created_at": datetime(2020, 1, 1, tzinfo=UTC)},
        ).scalar_one()  # fmt: skip
        days = [day for (day,) in connection.execute(select(TicketRow.day).distinct())]
        logins, sessions = [], []
        for number, day in enumerate(sorted(days)):
            at = datetime(day.year, day.month, day.day, 1, tzinfo=UTC)
            for n in range(LOGINS_PER_DAY):
                logins.append({"at": at, "type": "account", "action": "login", "ticket_id": None,
                               "actor": "petugas01", "counter": None,
                               "data": {"address": f"10.0.{n}.{number % 250}"}})  # fmt: skip
                sessions.append({"token_hash": f"{number:08d}{n:04d}".ljust(64, "0"),
                                 "user_id": user, "created_at": at, "revoked": False,
                                 "expires_at": at + timedelta(hours=12)})  # fmt: skip
        connection.execute(insert(EventRow), logins)
        connection.execute(insert(SessionRow), sessions)
    return {"bookings": len(bookings), "logins": len(logins)}


def run(url: str, days: int, per_day: int, seed: bool) -> None:
    now = datetime(LAST_DAY.year, LAST_DAY.month, LAST_DAY.day, 7, 0, tzinfo=UTC)
    if seed:
        fresh(url)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), office_file=EXAMPLE_OFFICE, database_url=url,
                            passport_key=b"bench-retention")  # fmt: skip
        clock: list[datetime] = [now]
        ctx = open_context(settings, clock=lambda: clock[0])
        print(f"database: {ctx.db.backend}")
        if seed:
            start = time.perf_counter()
            first = LAST_DAY - timedelta(days=days)
            tickets = seed_history(ctx.db, ctx.office, ctx.zone, first, LAST_DAY,
                                   per_day=per_day, now=now)  # fmt: skip
            extra = seed_personal_data(ctx)
            print(f"seeded {tickets:,} tickets, {extra} in {time.perf_counter() - start:.0f} s")
            with ctx.db.engine.begin() as connection:
                connection.execute(text("ANALYZE"))
        print(f"rows: {_counts(ctx)}")
        longest = max(ctx.office.retention.model_dump().values())
        clock[0] = now + timedelta(days=longest + 1)  # every kind past its period
        start = time.perf_counter()
        purged = retention.purge(ctx)
        took = time.perf_counter() - start
        changed = sum(n for what, n in purged.items() if what != "snapshots")
        print(f"first run: {took:.1f} s, {changed:,} rows ({changed / took:,.0f} rows/s)")
        for what, n in purged.items():
            print(f"  {what:<32} {n:>10,}")
        start = time.perf_counter()
        again = retention.purge(ctx)
        print(f"next run (nothing to do): {time.perf_counter() - start:.2f} s, {again}")
        ctx.db.dispose()


def _counts(ctx: ServerContext) -> dict[str, Any]:
    with ctx.db.read() as session:
        return {
            table: int(session.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0)  # noqa: S608
            for table in ("tickets", "events", "bookings", "sessions", "feedback")
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite:////tmp/antrean-bench-retention.sqlite3")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=1600)
    parser.add_argument("--reuse", action="store_true", help="purge an already seeded copy")
    args = parser.parse_args()
    run(args.database_url, args.days, args.per_day, not args.reuse)


if __name__ == "__main__":
    main()
