"""Two parts of a write, each measured against what it replaced, in one process:

- call-next's heads of the queues (one statement, an index seek per queue and class)
  run with its values written into the SQL, against the same statement with them as
  parameters (which psycopg parses again at every call past 4,096 characters or 50
  parameters);
- the row objects the busy writes load, claim or create: built with
  ``models.detached`` against the ORM's constructor, alone and within issue,
  call-next and finish, alternating every two rounds so both see the same machine.

    .venv/bin/python -m bench.write_parts [--backend postgresql] [--rounds 1900]
"""

import argparse
import statistics
import tempfile
import time
import timeit
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import bindparam
from sqlalchemy.sql import ClauseElement, visitors
from sqlalchemy.sql.elements import BindParameter

from bench.server_load import office_file
from bench.write_costs import COUNTERS, KIOSK, OFFICER
from queue_protocol import IssueTicketRequest, TicketAction
from queue_server.server import open_context
from queue_server.services import calling, ticket_actions, tickets
from queue_server.settings import Settings
from queue_server.storage import Database, driver, models, ticket_changes, ticket_store
from queue_server.storage.migrate import upgrade
from queue_server.storage.models import TicketRow
from tests.support.databases import fresh_database

QUEUES = [("IN", None), ("AP", None), ("IT", None), ("OA", None)]
CLASSES = ["priority", "booking", "regular"]


def with_parameters(statement: ClauseElement) -> tuple[ClauseElement, dict[str, Any]]:
    """The statement with each of its own values made a parameter the caller gives."""
    values: dict[str, Any] = {}

    def replace(element: Any, **_kw: Any) -> Any:
        if isinstance(element, BindParameter) and not element.required:
            name = f"value_{len(values)}"
            values[name] = element.value
            return bindparam(name, type_=element.type, required=True)
        return None

    replaced = visitors.replacement_traverse(cast(Any, statement), {}, replace)
    assert isinstance(replaced, ClauseElement)
    return replaced, values


def median_us(call: Callable[[], object], count: int) -> float:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e6


def heads(db: Database) -> None:
    inline = ticket_store._oldest_waiting_query(tuple(QUEUES), tuple(CLASSES))
    parameters, values = with_parameters(inline)
    print(f"heads of the queues: {len(values)} values")
    with db.read() as session:
        for _ in range(3):  # interleaved
            a = median_us(lambda: driver.rows(session, inline), 2000)
            b = median_us(lambda: driver.rows(session, parameters, values), 2000)
            print(f"  inline {a:6.0f} us   as parameters {b:6.0f} us")


def rows_alone() -> None:
    values: dict[str, Any] = dict.fromkeys(TicketRow.__table__.columns.keys())  # every column
    values |= {
        "id": 7,
        "day": date(2026, 11, 29),
        "service": "AP",
        "number": "A-007",
        "status": "waiting",
        "ticket_class": "regular",
        "queued_at": datetime.now(UTC),
    }
    count = 20_000
    built = timeit.timeit(lambda: TicketRow(**values), number=count) / count * 1e6
    fast = timeit.timeit(lambda: models.detached(TicketRow, values), number=count) / count * 1e6
    print(f"a ticket row: constructor {built:.1f} us, detached {fast:.1f} us")


def constructed(model: Any, values: Any) -> Any:
    return model(**values)


def build_rows_with(build: Callable[[Any, Any], Any]) -> None:
    """Where the stores build their detached rows (put back after the run)."""
    for module in (ticket_changes, ticket_store):
        setattr(module, "detached", build)  # noqa: B010 - a benchmark swaps the builder


def rows_in_writes(url: str, directory: Path, rounds: int) -> None:
    ctx = open_context(
        Settings(data_dir=directory, office_file=office_file(directory), database_url=url)
    )
    ctx.queue_changed = lambda _actor: None
    times: dict[str, dict[str, list[float]]] = {
        way: {"issue": [], "call_next": [], "finish": []} for way in ("constructor", "detached")
    }
    try:
        for index in range(rounds + 200):
            way = "detached" if (index // 2) % 2 else "constructor"
            build = models.detached if way == "detached" else constructed
            build_rows_with(build)
            request = IssueTicketRequest(
                service="AP", source="walk_in", client_ref=uuid.uuid4().hex
            )
            started = time.perf_counter()
            tickets.issue_ticket(ctx, request, KIOSK)
            issued = time.perf_counter()
            if index % 2:
                continue
            called = calling.call_next(ctx, 100 + (index // 2) % COUNTERS, OFFICER)
            assert called is not None
            call_done = time.perf_counter()
            ticket_actions.act(ctx, called.id, TicketAction.FINISH, OFFICER)
            finished = time.perf_counter()
            if index >= 200:  # the first rounds warm the caches
                times[way]["issue"].append(issued - started)
                times[way]["call_next"].append(call_done - issued)
                times[way]["finish"].append(finished - call_done)
    finally:
        build_rows_with(models.detached)
        ctx.db.dispose()
    for name in ("issue", "call_next", "finish"):
        before = statistics.median(times["constructor"][name]) * 1e3
        after = statistics.median(times["detached"][name]) * 1e3
        change = after / before - 1
        print(f"  {name:9s} constructor {before:.3f} ms  detached {after:.3f} ms  {change:+.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument("--rounds", type=int, default=1900)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp, fresh_database(args.backend, Path(temp)) as url:
        upgrade(url)
        db = Database.from_url(url)
        heads(db)
        db.dispose()
        rows_alone()
        print(f"{args.backend}: rows built in the writes, {args.rounds} rounds")
        rows_in_writes(url, Path(temp), args.rounds)


if __name__ == "__main__":
    main()
