"""Server load: 8 kiosks issuing, 30 counters calling and finishing, 10 displays on the
event stream; then a 200-client stress run. Prints requests per second, p50/p99 of
issue and call-next, and call -> event received p50/p99, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.server_load [--seconds 20] [--clients 200] [--backends sqlite]
        [--workers 2]

The server runs as its own process (``antrean server``) on loopback. The clients are
asyncio tasks of this process on aiohttp, each with its own connection, as separate
devices have. (A thread per client, as the first version of this benchmark had, made
the benchmark the bottleneck: 200 threads under one interpreter lock added up to
seconds to the figures while the server idled.)
"""

import argparse
import asyncio
import json
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import httpx

from bench.disk_stalls import DiskStalls, StallReport
from queue_server.settings import Settings
from tests.support.databases import fresh_database
from tests.support.live_server import PASSWORD, ProcessServer, seed
from tests.support.office import always_open_office_text, write_office

COUNTERS = 30
KIOSKS = 8
KIOSK_PAUSE_SECONDS = 1.5  # each kiosk issues a ticket, then waits this long
DISPLAYS = 10
THINK_SECONDS = 1.0


@dataclass
class Samples:
    values: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, milliseconds: float) -> None:
        self.values.setdefault(name, []).append(milliseconds)


@dataclass
class Run:
    """What the clients of one phase share: where to send, what they measured, when to end."""

    url: str
    until: float  # time.monotonic() at which the phase ends
    samples: Samples = field(default_factory=Samples)
    called: dict[int, float] = field(default_factory=dict)  # ticket id -> call sent
    received: list[tuple[int, float]] = field(default_factory=list)  # ticket id -> on a board

    def running(self) -> bool:
        return time.monotonic() < self.until

    async def pause(self, seconds: float) -> None:
        await asyncio.sleep(max(min(seconds, self.until - time.monotonic()), 0))

    def session(self, token: str) -> aiohttp.ClientSession:
        """One device: its own connection, kept alive."""
        return aiohttp.ClientSession(self.url, headers={"Authorization": f"Bearer {token}"})


def quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def office_file(directory: Path) -> Path:
    counters = "".join(
        f'\n[[counters]]\nnumber = {100 + n}\nservices = ["IN", "AP", "IT", "OA"]\n'
        for n in range(COUNTERS)
    )
    text = always_open_office_text(counters)
    return write_office(directory, text=text, name="load.toml")


async def timed(
    run: Run,
    name: str,
    client: aiohttp.ClientSession,
    method: str,
    path: str,
    body: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    started = time.perf_counter()
    async with client.request(method, path, json=body) as reply:
        content = await reply.read()
    run.samples.add(name, (time.perf_counter() - started) * 1000)
    return reply.status, content


async def kiosk(run: Run, token: str) -> None:
    async with run.session(token) as client:
        await run.pause(random.uniform(0, KIOSK_PAUSE_SECONDS))  # kiosks are not used in step
        while run.running():
            body = {"service": "IN", "source": "walk_in", "client_ref": uuid.uuid4().hex}
            await timed(run, "issue", client, "POST", "/api/v1/tickets", body)
            await run.pause(KIOSK_PAUSE_SECONDS)


async def counter(run: Run, token: str, number: int) -> None:
    async with run.session(token) as client:
        await run.pause(random.uniform(0, 1.5))  # nor do officers press at the same instant
        while run.running():
            sent = time.perf_counter()
            path = f"/api/v1/counters/{number}/call-next"
            status, content = await timed(run, "call_next", client, "POST", path)
            if status != 200:
                await run.pause(0.2)
                continue
            ticket = json.loads(content)["id"]
            run.called[ticket] = sent
            await run.pause(random.uniform(1.0, 3.0))  # the visitor walks up and is served
            await timed(run, "finish", client, "POST", f"/api/v1/tickets/{ticket}/finish")
            await run.pause(random.uniform(0.5, 1.5))  # the officer files the papers


async def display(run: Run, token: str, ready: asyncio.Event) -> None:
    """Notes when each call arrives; matched with the calls' send times after the run (the
    event may well arrive before the officer's client has read the reply)."""
    async with (
        aiohttp.ClientSession(run.url) as client,
        client.ws_connect("/api/v1/events", headers={"Authorization": f"Bearer {token}"}) as socket,
    ):
        ready.set()
        while run.running():
            try:
                message = await socket.receive(timeout=0.5)
            except TimeoutError:
                continue
            if message.type != aiohttp.WSMsgType.TEXT:
                return
            at = time.perf_counter()
            event = json.loads(message.data)
            if event["type"] == "ticket.called" and not event.get("recall"):
                run.received.append((event["ticket"]["id"], at))


def call_to_event(run: Run) -> None:
    for ticket, at in run.received:
        sent = run.called.get(ticket)
        if sent is not None:
            run.samples.add("call_to_event", (at - sent) * 1000)


def login(server: ProcessServer, username: str = "petugas") -> str:
    login = {"username": username, "password": PASSWORD}
    token: str = httpx.post(f"{server.url}/api/v1/auth/login", json=login).json()["token"]
    return token


async def office_load(server: ProcessServer, seconds: float) -> Samples:
    return (await office_run(server, seconds)).samples


async def office_run(server: ProcessServer, seconds: float) -> Run:
    """The office's load for ``seconds``: its samples, and which ticket was called when."""
    officer = login(server)
    run = Run(server.url, until=time.monotonic() + seconds + 2)
    boards = [asyncio.Event() for _ in range(DISPLAYS)]
    displays = [
        asyncio.create_task(display(run, server.device_token("display"), ready)) for ready in boards
    ]
    await asyncio.gather(*(ready.wait() for ready in boards))
    run.until = time.monotonic() + seconds
    await asyncio.gather(
        *(kiosk(run, server.device_token("kiosk")) for _ in range(KIOSKS)),
        *(counter(run, officer, 100 + n) for n in range(COUNTERS)),
        *displays,
    )
    call_to_event(run)
    return run


async def stress(server: ProcessServer, clients: int, seconds: float) -> Samples:
    """``clients`` concurrent clients with a second's pause between requests (a busy
    person, not a tight loop): half kiosks issuing, a quarter officers calling next and
    finishing, a quarter branch heads reading the queue."""
    tokens = {"kiosk": server.device_token("kiosk"), "officer": login(server)}
    tokens["head"] = login(server, "kepala")
    run = Run(server.url, until=time.monotonic() + seconds)

    async def client_loop(index: int) -> None:
        role = "kiosk" if index % 2 == 0 else "head" if index % 4 == 1 else "officer"
        async with run.session(tokens[role]) as client:
            await run.pause(random.uniform(0, THINK_SECONDS))
            while run.running():
                if index % 2 == 0:
                    body = {"service": "AP", "source": "walk_in", "client_ref": uuid.uuid4().hex}
                    await timed(run, "issue", client, "POST", "/api/v1/tickets", body)
                elif index % 4 == 1:
                    await timed(run, "queue", client, "GET", "/api/v1/queue")
                else:
                    path = f"/api/v1/counters/{100 + index % COUNTERS}/call-next"
                    status, content = await timed(run, "call_next", client, "POST", path)
                    if status == 200:
                        ticket = json.loads(content)["id"]
                        path = f"/api/v1/tickets/{ticket}/finish"
                        await timed(run, "finish", client, "POST", path)
                await run.pause(THINK_SECONDS)

    await asyncio.gather(*(client_loop(i) for i in range(clients)))
    run.samples.values["all"] = [ms for values in run.samples.values.values() for ms in values]
    return run.samples


def cpu_seconds(server: ProcessServer) -> float:
    """User and system CPU time of the server's processes so far (Linux): the first and,
    with ``--workers``, its children."""
    assert server.process is not None
    first = server.process.pid
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == first or int(fields[1]) == first:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_ticks() -> tuple[int, int]:
    """All CPU time of this (virtual) machine so far, and the part of it stolen by the
    host for other machines (Linux, in clock ticks)."""
    fields = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return sum(fields), fields[7]


@dataclass(frozen=True)
class Measured:
    samples: Samples
    cpu: float  # the server's CPU seconds during the phase
    stolen: float  # share of the machine's CPU time the host took for other machines
    disk: StallReport  # the disk's slow syncs during the phase


def measured(
    server: ProcessServer, phase: Coroutine[Any, Any, Samples], directory: Path
) -> Measured:
    """Run a phase; its samples, the server's CPU seconds, the time stolen during it and
    the stalls of the disk under ``directory``."""
    before, (total, steal) = cpu_seconds(server), machine_ticks()
    with DiskStalls(directory) as disk:
        samples = asyncio.run(phase)
    total_after, steal_after = machine_ticks()
    stolen = (steal_after - steal) / max(total_after - total, 1)
    return Measured(samples, cpu_seconds(server) - before, stolen, disk.report())


def report(backend: str, title: str, result: Measured, seconds: float) -> None:
    samples, cpu = result.samples, result.cpu
    requests = samples.values.get("all") or [
        ms for name, values in samples.values.items() if name != "call_to_event" for ms in values
    ]
    total = len(requests)
    print(f"\n{backend} - {title}: {total / seconds:.0f} requests/s over {seconds:.0f} s")
    for name, values in sorted(samples.values.items()):
        print(
            f"  {name:14s} n={len(values):6d}  p50 {statistics.median(values):7.1f} ms"
            f"  p95 {quantile(values, 0.95):7.1f} ms  p99 {quantile(values, 0.99):7.1f} ms"
        )
    print(
        f"  server CPU     {100 * cpu / seconds:.0f} % of a core,"
        f" {1000 * cpu / max(total, 1):.2f} ms a request;"
        f" {100 * result.stolen:.0f} % of the machine's time stolen by its host"
    )
    print(f"  disk           {result.disk}")


def run(backend: str, seconds: float, stress_clients: int, warmup: float, workers: int) -> None:
    with tempfile.TemporaryDirectory() as temp, fresh_database(backend, Path(temp)) as url:
        settings = Settings(
            data_dir=Path(temp),
            office_file=office_file(Path(temp)),
            database_url=url,
            advertise=False,
        )
        server = ProcessServer(settings=settings, tokens=seed(settings), workers=workers)
        server.start()
        try:
            # A restarted server compiles its statements and fills its caches on the first
            # requests; measure the office as it runs, not its first seconds.
            asyncio.run(office_load(server, warmup))
            report(
                backend,
                "office load (8 kiosks, 30 counters, 10 displays)",
                measured(server, office_load(server, seconds), Path(temp)),
                seconds,
            )
            report(
                backend,
                f"stress ({stress_clients} concurrent clients)",
                measured(server, stress(server, stress_clients, seconds), Path(temp)),
                seconds,
            )
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--warmup", type=float, default=5, help="seconds of load not measured")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (PostgreSQL only beyond 1)"
    )
    args = parser.parse_args()
    for backend in args.backends.split(","):
        run(backend, args.seconds, args.clients, args.warmup, args.workers)


if __name__ == "__main__":
    main()
