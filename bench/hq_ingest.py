"""Headquarters at the scale of the directorate: 125 simulated offices and one HQ on this
machine's PostgreSQL (``antrean hq serve`` over TLS, a process of its own).

1. History: eleven months of every office's days before the last thirty, written
   straight into the roll-up tables the pages read (the records themselves would take
   hours to send and no page reads them; their monthly partitions keep a month's inserts
   as cheap with a year behind them as with none).
2. Backlog: every office sends its last thirty days of records (about 250 visitors a
   working day for a mid-sized office, sizes spread lognormally), all offices at once,
   each in rising sequence as its sender does: the time until HQ has acknowledged all.
3. Live: every office's sender ticks every 2 s (as the office's does), sending the
   visits finished since its last tick, at three times an average day's rate, and its
   live state every 5 s: ingest lag is office commit -> HQ's acknowledgement (stored).
4. Pages: the offices page, an office's page, each trend page, and the JSON API, timed
   from a logged-in client, over the year of 125 offices.

    .venv/bin/python -m bench.hq_ingest --postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres
"""

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import numpy as np
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import create_engine, insert, text

from hq_server.certificates import init_tls
from hq_server.domain.figures import SkmTally, Tally, queue_key
from hq_server.domain.roles import HqRole
from hq_server.server import open_context
from hq_server.services import auth, rollup
from hq_server.services.context import HqContext
from hq_server.settings import HqSettings
from hq_server.storage import office_store
from hq_server.storage.models import OfficeDayRow
from hq_server.storage.partitions import month_of, next_month
from queue_protocol.tls import pinned_context
from queue_protocol.upstream import OFFICE_HEADER, SIGNATURE_HEADER, VisitRecord, sign
from tests.support.databases import POSTGRES_ENV, fresh_database
from tests.support.hq_offices import REGIONS, SERVICES, SimulatedOffice, enrol_office
from tests.support.live_server import free_socket, wait_healthy

PASSWORD = "rahasia-bench"
BACKLOG_DAYS = 30
HISTORY_MONTHS = 11
TICK_S = 2.0
LIVE_EVERY_S = 5.0
PEAK = 3.0  # live traffic: three times an average day's rate of finished visits


@dataclass
class BenchOffice:
    code: str
    key: Ed25519PrivateKey
    size: float
    simulated: SimulatedOffice
    backlog: list[str] = field(default_factory=list)  # each batch's records, as JSON


def make_offices(ctx: HqContext, count: int, rng: random.Random) -> list[BenchOffice]:
    offices = []
    for n in range(count):
        code = f"kanim-{n + 1:03d}"
        size = min(max(rng.lognormvariate(0, 0.45), 0.3), 3.0)
        region = REGIONS[n % len(REGIONS)] if n < 20 else f"Kanwil {n % 33 + 1:02d}"
        key = enrol_office(ctx, code, name=f"Kantor Imigrasi {n + 1:03d}", region=region)
        simulated = SimulatedOffice(code, key, seed=n, size=size, instance=f"bench-{n:03d}-1")
        offices.append(BenchOffice(code, key, size, simulated))
    return offices


def days_between(first: date, last: date) -> Iterator[date]:
    while first <= last:
        yield first
        first += timedelta(days=1)


def seed_history(ctx: HqContext, offices: list[BenchOffice], first: date, last: date) -> int:
    """Roll-ups of every office's days from ``first`` to ``last``, drawn as the simulator
    draws visits, written in bulk as the roll-up writes them, then rolled into months.
    Returns the visits they stand for."""
    rng, total, now = np.random.default_rng(7), 0, datetime.now(UTC)
    for office in offices:
        with ctx.db.read() as session:
            found = office_store.by_code(session, office.code)
        assert found is not None
        rows = []
        for day in days_between(first, last):
            queues, skm, issued = _drawn_day(rng, office.size, day)
            total += sum(t.visits for t in queues.values())
            rows.append({
                "office_id": found.id, "day": day, "skm": skm.to_json(), "rolled_at": now,
                "queues": {q: t.to_json() for q, t in queues.items()}, "issued": issued,
                "open": day.weekday() < 5,
            })  # fmt: skip
        with ctx.db.write() as session:
            session.connection().execute(insert(OfficeDayRow), rows)
            month = month_of(first)
            while month <= last:
                rollup.roll_month(session, found.id, month)
                month = next_month(month)
    return total


def _drawn_day(
    rng: np.random.Generator, size: float, day: date
) -> tuple[dict[str, Tally], SkmTally, int]:
    """A day as ``SimulatedOffice`` draws it, its visits drawn per queue at once."""
    visitors = max(int(rng.normal(250, 40) * size), 0) if day.weekday() < 5 else 0
    season = 1.0 + 0.3 * (day.month in (6, 7, 12))  # school holidays: more passports
    visitors = int(visitors * season)
    per_service = dict(
        zip(("AP", "PC", "IN"), rng.multinomial(visitors, [0.5, 0.25, 0.25]), strict=True)
    )
    queues: dict[str, Tally] = {}
    for code, stage, sla in SERVICES:
        n = int(per_service[code])
        if not n:
            continue
        waits = rng.exponential(sla * 40 * size * season, n)
        done = int(rng.binomial(n, 0.94))
        service = rng.integers(120, 900, done)
        tally = Tally(
            outcomes=Counter({"done": done, "no_show": n - done}), waited=n,
            within=int((waits <= sla * 60).sum()), wait_hist=_minutes(waits),
            service_hist=_minutes(service),
        )  # fmt: skip
        queues[queue_key(code, stage)] = tally
    answered = int(rng.binomial(visitors, 0.15))
    sums = [int(rng.choice((2, 3, 3, 4, 4), answered).sum()) for _ in range(9)]
    return queues, SkmTally(answered, sums, [answered] * 9), visitors


def _minutes(seconds: np.ndarray) -> Counter[int]:
    counts = np.bincount((seconds / 60 + 0.5).astype(int))
    return Counter({minute: int(n) for minute, n in enumerate(counts) if n})


def prepare_backlog(offices: list[BenchOffice], first: date, last: date) -> int:
    count = 0
    for office in offices:
        records = [
            r for day in days_between(first, last) for r in office.simulated.day_records(day)
        ]
        count += len(records)
        for start in range(0, len(records), 1000):
            chunk = records[start : start + 1000]
            office.backlog.append(
                "[" + ",".join(r.model_dump_json(by_alias=True) for r in chunk) + "]"
            )
    return count


def body_of(office: BenchOffice, records_json: str) -> tuple[bytes, dict[str, str]]:
    office.simulated.sequence += 1
    sent = datetime.now(UTC).isoformat()
    body = (
        f'{{"version":"1","office":"{office.code}","sent_at":"{sent}",'
        f'"sequence":{office.simulated.sequence},"instance":"{office.simulated.instance}",'
        f'"records":{records_json}}}'
    ).encode()
    headers = {"Content-Type": "application/json", OFFICE_HEADER: office.code,
               SIGNATURE_HEADER: sign(body, office.key)}  # fmt: skip
    return body, headers


async def send_backlog(client: httpx.AsyncClient, office: BenchOffice) -> None:
    for records_json in office.backlog:
        body, headers = body_of(office, records_json)
        reply = await client.post("/api/v1/hq/batches", content=body, headers=headers)
        assert reply.status_code == 200, reply.text


async def live_office(
    client: httpx.AsyncClient, office: BenchOffice, until: float, lags: list[float],
    requests: list[float],
) -> None:  # fmt: skip
    rng = random.Random(office.code)
    rate = 250 * office.size * 1.25 / (8 * 3600) * PEAK  # finished visits a second
    await asyncio.sleep(rng.random() * TICK_S)
    last_live, key = 0.0, 10_000_000
    while time.monotonic() < until:
        tick = time.monotonic()
        made = [tick - rng.random() * TICK_S for _ in range(_poisson(rng, rate * TICK_S))]
        if made:
            records = []
            for _ in made:
                key += 1
                records.append(_visit(rng, key).model_dump_json(by_alias=True))
            body, headers = body_of(office, "[" + ",".join(records) + "]")
            sent = time.monotonic()
            reply = await client.post("/api/v1/hq/batches", content=body, headers=headers)
            assert reply.status_code == 200, reply.text
            done = time.monotonic()
            lags.extend(done - at for at in made)
            requests.append(done - sent)
        if tick - last_live >= LIVE_EVERY_S:
            report = office.simulated.live(datetime.now(UTC), waiting=rng.randint(0, 80),
                                           longest=rng.randint(0, 120))  # fmt: skip
            live_body = report.model_dump_json().encode()
            headers = {"Content-Type": "application/json", OFFICE_HEADER: office.code,
                       SIGNATURE_HEADER: sign(live_body, office.key)}  # fmt: skip
            sent = time.monotonic()
            reply = await client.post("/api/v1/hq/live", content=live_body, headers=headers)
            assert reply.status_code == 200, reply.text
            requests.append(time.monotonic() - sent)
            last_live = tick
        await asyncio.sleep(max(0.0, TICK_S - (time.monotonic() - tick)))


def _poisson(rng: random.Random, mean: float) -> int:
    count, total = 0, rng.expovariate(1)
    while total < mean:
        count += 1
        total += rng.expovariate(1)
    return count


def _visit(rng: random.Random, key: int) -> VisitRecord:
    return VisitRecord(
        key=key, day=datetime.now(UTC).date(), service="AP", ticket_class="regular",
        source="walk_in", issued_hour=10, wait_s=rng.randint(0, 3600),
        service_s=rng.randint(120, 900), outcome="done", counter=3, sla_min=15,
    )  # fmt: skip


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def time_pages(url: str, ca: str, codes: list[str], rounds: int) -> dict[str, tuple[float, float]]:
    year_ago = (date.today().replace(day=1) - timedelta(days=330)).replace(day=1)
    api = f"from={year_ago}&to={date.today()}"
    pages = {"offices page": "/", "office page": f"/offices/{codes[0]}",
             "api offices": "/api/v1/hq/offices",
             "api trends (p90)": f"/api/v1/hq/trends?metric=wait_p90&{api}"}  # fmt: skip
    for metric in ("wait_median", "wait_p90", "within_sla_share", "visitors", "skm"):
        pages[f"trends page {metric}"] = f"/trends?metric={metric}"
    timings: dict[str, tuple[float, float]] = {}
    with httpx.Client(base_url=url, verify=pinned_context(ca), timeout=60) as client:
        login = client.post(
            "/api/v1/hq/auth/login", json={"username": "analis", "password": PASSWORD}
        )
        client.headers["Authorization"] = f"Bearer {login.json()['token']}"
        client.cookies.set("antrean_hq", login.json()["token"])
        for name, path in pages.items():
            seconds = []
            for _ in range(rounds):
                start = time.perf_counter()
                reply = client.get(path)
                seconds.append(time.perf_counter() - start)
                assert reply.status_code == 200, (path, reply.status_code)
            timings[name] = (statistics.median(seconds), max(seconds))
    return timings


def start_hq(settings: HqSettings, port: int, log: Path, workers: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "antrean", "hq", "serve", "--database-url",
               str(settings.database_url), "--data-dir", str(settings.data_dir),
               "--port", str(port), "--workers", str(workers)]  # fmt: skip
    with log.open("ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=out)
    wait_healthy(
        f"https://127.0.0.1:{port}", process, verify=pinned_context(settings.tls.ca.read_text())
    )
    return process


def run(args: argparse.Namespace, folder: Path, url: str) -> None:
    rng = random.Random(2026)
    settings = HqSettings(database_url=url, data_dir=folder / "hq")
    init_tls(settings.tls, names=["localhost"], addresses=["127.0.0.1"])
    ctx = open_context(settings)
    offices = make_offices(ctx, args.offices, rng)
    auth.add_user(ctx, "analis", HqRole.ANALYST, PASSWORD)
    today = datetime.now(UTC).date()
    backlog_first = today - timedelta(days=args.backlog_days - 1)
    started = time.perf_counter()
    history = 0
    if args.history_months:
        history_first = month_of(backlog_first - timedelta(days=args.history_months * 30))
        history = seed_history(ctx, offices, history_first, backlog_first - timedelta(days=1))
    print(f"history: {history:,} visits in roll-ups, {time.perf_counter() - started:.0f} s")
    ctx.partitions.ensure([backlog_first, today])
    ctx.db.dispose()
    records = prepare_backlog(offices, backlog_first, today)
    print(f"backlog: {records:,} records in {sum(len(o.backlog) for o in offices)} batches")
    with free_socket() as sock:
        port = sock.getsockname()[1]
    process = start_hq(settings, port, folder / "hq.log", args.hq_workers)
    try:
        report = asyncio.run(_traffic(f"https://127.0.0.1:{port}", settings, offices, args))
        report["pages"] = time_pages(f"https://127.0.0.1:{port}", settings.tls.ca.read_text(),
                                     [o.code for o in offices], args.rounds)  # fmt: skip
    finally:
        process.terminate()
        process.wait(timeout=20)
    _print(report, records)
    print_sizes(url)


def print_sizes(url: str) -> None:
    """What the tables take on disk, indexes included, and how many rows they hold."""
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT c.relname, pg_total_relation_size(c.oid), c.reltuples::bigint FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
            "AND c.relkind = 'r' AND c.relname LIKE 'hq_%' ORDER BY 2 DESC LIMIT 8"
        ))  # fmt: skip
        for name, size, tuples in rows:
            print(f"{name}: {size / 2**20:,.0f} MiB, about {max(tuples, 0):,} rows")
    engine.dispose()


async def _traffic(
    url: str, settings: HqSettings, offices: list[BenchOffice], args: argparse.Namespace
) -> dict:  # type: ignore[type-arg]
    limits = httpx.Limits(max_connections=len(offices), max_keepalive_connections=len(offices))
    verify = pinned_context(settings.tls.ca.read_text())
    async with httpx.AsyncClient(base_url=url, verify=verify, limits=limits, timeout=600) as client:
        start = time.perf_counter()
        await asyncio.gather(*(send_backlog(client, office) for office in offices))
        catch_up = time.perf_counter() - start
        lags: list[float] = []
        requests: list[float] = []
        until = time.monotonic() + args.live_seconds
        await asyncio.gather(
            *(live_office(client, office, until, lags, requests) for office in offices)
        )
    return {"catch_up_s": catch_up, "lags": lags, "requests": requests}


def _print(report: dict, records: int) -> None:  # type: ignore[type-arg]
    lags = report["lags"]
    print(
        f"backlog caught up: {report['catch_up_s']:.0f} s "
        f"({records / report['catch_up_s']:,.0f} records/s)"
    )
    print(f"live: {len(lags)} visits, lag p50 {percentile(lags, 50):.2f} s, "
          f"p99 {percentile(lags, 99):.2f} s, max {max(lags):.2f} s")  # fmt: skip
    requests = report["requests"]
    print(f"live requests: {len(requests)}, p50 {percentile(requests, 50) * 1000:.0f} ms, "
          f"p99 {percentile(requests, 99) * 1000:.0f} ms")  # fmt: skip
    print("| page | median | max |\n| --- | --- | --- |")
    for name, (median, worst) in report["pages"].items():
        print(f"| {name} | {median * 1000:.0f} ms | {worst * 1000:.0f} ms |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get(POSTGRES_ENV),
                        help="a PostgreSQL URL; a fresh database is made beside it")  # fmt: skip
    parser.add_argument("--offices", type=int, default=125)
    parser.add_argument("--live-seconds", type=float, default=60)
    parser.add_argument("--rounds", type=int, default=10, help="requests per page timed")
    parser.add_argument("--backlog-days", type=int, default=BACKLOG_DAYS)
    parser.add_argument("--hq-workers", type=int, default=1, help="HQ server processes")
    parser.add_argument("--history-months", type=int, default=HISTORY_MONTHS)
    args = parser.parse_args()
    if not args.postgres:
        parser.error(f"give --postgres or set {POSTGRES_ENV}")
    os.environ[POSTGRES_ENV] = args.postgres
    with tempfile.TemporaryDirectory() as folder, fresh_database("postgresql", Path(folder)) as url:
        run(args, Path(folder), url)


if __name__ == "__main__":
    main()
