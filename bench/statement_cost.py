"""What one event-log insert costs three ways, with the same SQL and values: through
SQLAlchemy's ``Connection.execute``; as the server makes it, compiled once and run on
the driver's cursor with SQLAlchemy's value processing (``queue_server.storage.driver``);
and as hand-written SQL on the sqlite3 cursor. The first two differ by the execution
layer a write would pay for each of its statements; the last two by what the driver
layer keeps of it.

    .venv/bin/python -m bench.statement_cost [--inserts 2000] [--rounds 2]
"""

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from queue_server.storage import Database, Session, event_store
from queue_server.storage.migrate import upgrade
from queue_server.storage.models import EventRow

DATA = {"ticket": {"id": 1, "number": "C001", "service": "AP", "status": "waiting"}}
_APPEND = insert(EventRow).returning(EventRow.seq)
RAW_INSERT = (
    "INSERT INTO events (at, type, action, ticket_id, actor, counter, data)"
    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING seq"
)


def _values() -> dict[str, Any]:
    return {
        "type": "ticket.issued",
        "at": datetime.now(UTC),
        "actor": "device:kiosk-1",
        "data": DATA,
        "ticket_id": 1,
        "counter": None,
        "action": "issue",
    }


def through_sqlalchemy(session: Session) -> None:
    session.connection().execute(_APPEND, _values()).scalar_one()


def as_the_server_does(session: Session) -> None:
    event_store.append(session, **_values())


def on_the_cursor(session: Session) -> None:
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLAlchemy stores it
    values = (at, "ticket.issued", "issue", 1, "device:kiosk-1", None, json.dumps(DATA))
    cursor.execute(RAW_INSERT, values)
    cursor.fetchone()


def per_insert_us(db: Database, insert: Callable[[Session], None], count: int) -> float:
    """Microseconds an insert, ``count`` of them in one transaction after a warm-up."""
    with db.write() as session:
        for _ in range(200):
            insert(session)
        started = time.perf_counter()
        for _ in range(count):
            insert(session)
        return (time.perf_counter() - started) / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inserts", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        url = f"sqlite:///{Path(temp) / 'statements.sqlite3'}"
        upgrade(url)
        db = Database.from_url(url)
        ways = {
            "sqlalchemy": through_sqlalchemy,
            "driver": as_the_server_does,
            "cursor": on_the_cursor,
        }
        costs: dict[str, list[float]] = {name: [] for name in ways}
        for _ in range(args.rounds):  # interleaved, so all see the same machine
            for name, way in ways.items():
                costs[name].append(per_insert_us(db, way, args.inserts))
        db.dispose()
    for name, values in costs.items():
        shown = ", ".join(f"{value:.0f}" for value in values)
        print(f"{name:10s} median {statistics.median(values):5.0f} us an insert ({shown})")


if __name__ == "__main__":
    main()
