"""A thousand visitors' status pages open at once beside the office's own load.

    .venv/bin/python -m bench.status_pages [--pages 1000] [--seconds 20] [--backends sqlite]

The office load is ``bench.server_load``'s (8 kiosks, 30 counters, 10 displays), run
twice on one server: alone, then with ``--pages`` status pages open on
``WS /api/v1/status/{token}/live``, one per waiting ticket issued before. Prints p50 /
p95 / p99 of the office's own requests in both runs (target: p95 under 100 ms with the
pages open), and for the pages: how long they took to open, call -> the called page
shows it, and call -> every other waiting page has its new place (what the coalesced
recomputation costs them); the server's CPU and the machine's load.

The pages run in a child process of their own (asyncio on aiohttp), so a thousand
sockets do not slow the office's clients in this one; both read the same monotonic
clock (``time.perf_counter`` is ``CLOCK_MONOTONIC`` on Linux).
"""

import argparse
import asyncio
import bisect
import json
import multiprocessing
import os
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bench.server_load import (
    Samples,
    measured,
    office_file,
    office_load,
    office_run,
    quantile,
    report,
)
from queue_server.settings import Settings
from tests.support.databases import fresh_database
from tests.support.live_server import ProcessServer, seed

OPEN_AT_ONCE = 200  # pages opening at the same moment (phones scanning the QR)
SERVED_FIRST = 300  # tickets before the pages' own: the office serves these first


@dataclass
class PagesReport:
    """What the pages saw, by ticket id."""

    opened: int = 0
    refused: dict[int, int] = field(default_factory=dict)  # close code -> pages
    open_ms: list[float] = field(default_factory=list)
    called_at: dict[int, float] = field(default_factory=dict)
    places: dict[int, list[float]] = field(default_factory=dict)  # times of a new place
    messages: int = 0
    failed: dict[str, int] = field(default_factory=dict)  # error -> pages that never opened
    delays: dict[str, list[float]] = field(default_factory=dict)  # ms, by name (call_delays)


async def _page(
    session: aiohttp.ClientSession,
    token: str,
    ticket: int,
    seen: PagesReport,
    gate: asyncio.Semaphore,
) -> None:
    async with gate:
        started = time.perf_counter()
        try:
            socket = await session.ws_connect(f"/api/v1/status/{token}/live", autoping=True)
        except (aiohttp.ClientError, TimeoutError) as error:
            seen.failed[type(error).__name__] = seen.failed.get(type(error).__name__, 0) + 1
            return
        first = await socket.receive()
    if first.type != aiohttp.WSMsgType.TEXT:
        seen.refused[socket.close_code or 0] = seen.refused.get(socket.close_code or 0, 0) + 1
        return
    seen.opened += 1
    seen.open_ms.append((time.perf_counter() - started) * 1000)
    position = json.loads(first.data)["position"]
    try:
        while (message := await socket.receive()).type == aiohttp.WSMsgType.TEXT:
            at, update = time.perf_counter(), json.loads(message.data)
            seen.messages += 1
            if update["status"] == "called" and ticket not in seen.called_at:
                seen.called_at[ticket] = at
            elif update["status"] == "waiting" and update["position"] != position:
                seen.places.setdefault(ticket, []).append(at)
                position = update["position"]
    finally:
        await socket.close()


async def _pages(url: str, pages: list[tuple[str, int]], stop: Path) -> PagesReport:
    """Every page open until the file ``stop`` exists."""
    seen = PagesReport()
    gate = asyncio.Semaphore(OPEN_AT_ONCE)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(url, connector=connector) as session:
        tasks = [asyncio.create_task(_page(session, *page, seen, gate)) for page in pages]
        while not stop.exists():
            await asyncio.sleep(0.2)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return seen


def watch_pages(url: str, pages: list[tuple[str, int]], stop: Path) -> PagesReport:
    """The child process's work."""
    return asyncio.run(_pages(url, pages, stop))


async def issue_waiting(url: str, kiosk_token: str, count: int) -> list[tuple[str, int]]:
    """``count`` waiting tickets (passport collection: the counters of the office load
    serve it too), as (status token, ticket id)."""
    headers = {"Authorization": f"Bearer {kiosk_token}"}
    gate = asyncio.Semaphore(8)  # the office's kiosks
    async with aiohttp.ClientSession(url, headers=headers) as client:

        async def one() -> tuple[str, int]:
            body = {"service": "AP", "source": "walk_in", "client_ref": uuid.uuid4().hex}
            async with gate, client.post("/api/v1/tickets", json=body) as reply:
                ticket = await reply.json()
            return str(ticket["status_url"]).rsplit("/", 1)[1], int(ticket["id"])

        return list(await asyncio.gather(*(one() for _ in range(count))))


def call_delays(called: dict[int, float], seen: PagesReport) -> dict[str, list[float]]:
    """call -> the called page shows it; call -> each page still waiting behind it shows
    its new place (the first update of its place after the call)."""
    to_called = [
        (seen.called_at[ticket] - sent) * 1000
        for ticket, sent in called.items()
        if ticket in seen.called_at
    ]
    to_place = []
    for ticket, times in seen.places.items():
        last = times[-1]
        for caller, sent in called.items():
            if caller == ticket or sent > last:
                continue
            to_place.append((times[bisect.bisect_left(times, sent)] - sent) * 1000)
    return {"call_to_page": to_called, "call_to_places": to_place}


async def with_pages(
    server: ProcessServer,
    pages: list[tuple[str, int]],
    seconds: float,
    seen: list[PagesReport],
    opening: float,
) -> Samples:
    """The office load with every page open (opened first, in the child process); what
    the pages saw is added to ``seen``."""
    loop = asyncio.get_running_loop()
    stop = server.settings.data_dir / "pages.stop"
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as child:
        seen_later = loop.run_in_executor(child, watch_pages, server.url, pages, stop)
        try:
            await asyncio.sleep(opening)
            office = await office_run(server, seconds)
            await asyncio.sleep(2)  # the last calls reach the pages
        finally:
            stop.touch()  # else the pool waits for its child forever
        seen.append(await seen_later)
    seen[-1].delays = call_delays(office.called, seen[-1])
    return office.samples


def report_pages(seen: PagesReport, pages: int) -> None:
    print(
        f"  pages          {seen.opened} of {pages} open, refused {seen.refused or 'none'},"
        f" failed {seen.failed or 'none'};"
        f" opening p50 {quantile(seen.open_ms, 0.5):.0f} ms,"
        f" p95 {quantile(seen.open_ms, 0.95):.0f} ms; {seen.messages} updates received"
    )
    for name in ("call_to_page", "call_to_places"):
        values = seen.delays.get(name, [])
        print(
            f"  {name:14s} n={len(values):6d}  p50 {quantile(values, 0.5):7.1f} ms"
            f"  p95 {quantile(values, 0.95):7.1f} ms  p99 {quantile(values, 0.99):7.1f} ms"
        )


def run(
    backend: str, pages: int, per_ticket: int, seconds: float, warmup: float, opening: float
) -> None:
    with tempfile.TemporaryDirectory() as temp, fresh_database(backend, Path(temp)) as url:
        directory = Path(temp)
        settings = Settings(
            data_dir=directory, office_file=office_file(directory), database_url=url,
            advertise=False,
        )  # fmt: skip
        log = directory / "server.log"
        server = ProcessServer(
            settings=settings, tokens=seed(settings), start_seconds=120, log_path=log
        )
        server.start()
        try:
            kiosk = server.device_token("kiosk")
            tickets = pages // per_ticket
            issued = asyncio.run(issue_waiting(server.url, kiosk, SERVED_FIRST + tickets))
            waiting = issued[SERVED_FIRST:] * per_ticket  # still waiting when the pages open
            asyncio.run(office_load(server, warmup))
            alone = measured(server, office_load(server, seconds), directory)
            title = f"office load alone ({SERVED_FIRST + tickets} tickets waiting)"
            report(backend, title, alone, seconds)
            seen: list[PagesReport] = []
            phase = with_pages(server, waiting, seconds, seen, opening)
            beside = measured(server, phase, directory)
            report(backend, f"office load with {pages} status pages open", beside, seconds)
            report_pages(seen[0], pages)
            print(f"  load average   {' / '.join(f'{n:.1f}' for n in os.getloadavg())}")
            failures = log.read_text().count("could not read the watched tickets")
            print(f"  server log     {failures} failed computations of the pages")
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--per-ticket", type=int, default=1, help="pages open on each ticket")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=5, help="seconds of load not measured")
    parser.add_argument(
        "--opening", type=float, default=30, help="seconds the pages get to open first"
    )
    parser.add_argument("--backends", default="sqlite")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        run(backend, args.pages, args.per_ticket, args.seconds, args.warmup, args.opening)


if __name__ == "__main__":
    main()
