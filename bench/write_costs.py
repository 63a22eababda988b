"""What each busy use case costs on its own: issue (with the people ahead), call-next and
finish, called in-process one after another, without HTTP and without contention.

    .venv/bin/python -m bench.write_costs [--tickets 1000] [--backend sqlite]

The figures are the work a request does under the write lock (issue also counts its
place in the queue after the commit): every other write waits that long, so they bound
what one server can take. Half of the tickets are called and finished, so the queue
grows as it does under the stress run.
"""

import argparse
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from bench.server_load import office_file
from queue_protocol import DeviceKind, IssueTicketRequest, Role, TicketAction
from queue_server.server import open_context
from queue_server.services import calling, ticket_actions, tickets
from queue_server.services.context import Actor, ActorKind, ServerContext
from queue_server.settings import Settings
from tests.support.databases import fresh_database

KIOSK = Actor("kiosk-1", ActorKind.DEVICE, device_kind=DeviceKind.KIOSK)
OFFICER = Actor("petugas", ActorKind.USER, role=Role.OFFICER)
COUNTERS = 30


def timed_round(ctx: ServerContext, index: int, costs: dict[str, list[float]]) -> None:
    request = IssueTicketRequest(service="AP", source="walk_in", client_ref=uuid.uuid4().hex)
    started = time.perf_counter()
    tickets.issue_ticket(ctx, request, KIOSK)
    costs["issue"].append(time.perf_counter() - started)
    if index % 2:
        return
    started = time.perf_counter()
    called = calling.call_next(ctx, 100 + (index // 2) % COUNTERS, OFFICER)
    costs["call_next"].append(time.perf_counter() - started)
    assert called is not None
    started = time.perf_counter()
    ticket_actions.act(ctx, called.id, TicketAction.FINISH, OFFICER)
    costs["finish"].append(time.perf_counter() - started)


def measure(backend: str, count: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as temp, fresh_database(backend, Path(temp)) as url:
        directory = Path(temp)
        settings = Settings(
            data_dir=directory, office_file=office_file(directory), database_url=url
        )
        ctx = open_context(settings)
        ctx.queue_changed = lambda _actor: None  # the server coalesces snapshots elsewhere
        try:
            costs: dict[str, list[float]] = {"issue": [], "call_next": [], "finish": []}
            for index in range(count // 3):  # warm up: statements compiled and cached
                timed_round(ctx, index, costs)
            costs = {name: [] for name in costs}
            for index in range(count):
                timed_round(ctx, index, costs)
            return costs
        finally:
            ctx.db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=1000)
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    costs = measure(args.backend, args.tickets)
    print(f"{args.backend}: {args.tickets} tickets issued, half of them called and finished")
    for name, values in costs.items():
        ordered = sorted(values)
        print(
            f"  {name:10s} n={len(values):5d}  median {1000 * statistics.median(values):6.2f} ms"
            f"  p95 {1000 * ordered[int(0.95 * len(ordered))]:6.2f} ms"
        )


if __name__ == "__main__":
    main()
