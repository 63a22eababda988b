"""Server load: 8 kiosks issuing, 30 counters calling and finishing, 10 displays on the
event stream; then a 200-client stress run. Prints requests per second, p50/p99 of
issue and call-next, and call -> event received p50/p99, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.server_load [--seconds 20] [--postgres URL]

The server runs as its own process (``antrean server``) on loopback; clients are
threads in this process, so the figures include the client's own overhead.
"""

import argparse
import json
import random
import statistics
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from websockets.sync.client import connect

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
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, milliseconds: float) -> None:
        with self.lock:
            self.values.setdefault(name, []).append(milliseconds)


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


def timed(
    samples: Samples,
    name: str,
    client: httpx.Client,
    method: str,
    path: str,
    body: dict[str, str] | None = None,
) -> httpx.Response:
    started = time.perf_counter()
    reply = client.request(method, path, json=body)
    samples.add(name, (time.perf_counter() - started) * 1000)
    return reply


def kiosk_loop(url: str, token: str, samples: Samples, stop: threading.Event, pause: float) -> None:
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client:
        stop.wait(random.uniform(0, pause))  # kiosks are not used in step
        while not stop.is_set():
            body = {"service": "IN", "source": "walk_in", "client_ref": uuid.uuid4().hex}
            timed(samples, "issue", client, "POST", "/api/v1/tickets", body)
            stop.wait(pause)


def counter_loop(
    url: str,
    token: str,
    counter: int,
    samples: Samples,
    called: dict[int, float],
    stop: threading.Event,
) -> None:
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client:
        stop.wait(random.uniform(0, 1.5))  # nor do officers press at the same instant
        while not stop.is_set():
            sent = time.perf_counter()
            reply = timed(
                samples,
                "call_next",
                client,
                "POST",
                f"/api/v1/counters/{counter}/call-next",
            )
            if reply.status_code != 200:
                stop.wait(0.2)
                continue
            ticket = reply.json()["id"]
            called[ticket] = sent
            stop.wait(random.uniform(1.0, 3.0))  # the visitor walks up and is served
            timed(samples, "finish", client, "POST", f"/api/v1/tickets/{ticket}/finish")
            stop.wait(random.uniform(0.5, 1.5))  # the officer files the papers


def display_loop(
    url: str,
    token: str,
    received: list[tuple[int, float]],
    stop: threading.Event,
    ready: threading.Barrier,
) -> None:
    """Notes when each call arrives; matched with the calls' send times after the run (the
    event may well arrive before the officer's client has read the reply)."""
    ws_url = url.replace("http://", "ws://") + f"/api/v1/events?token={token}"
    with connect(ws_url, open_timeout=10) as socket:
        ready.wait()
        while not stop.is_set():
            try:
                raw = socket.recv(timeout=0.5)
            except TimeoutError:
                continue
            at = time.perf_counter()
            event = json.loads(raw)
            if event["type"] == "ticket.called" and not event.get("recall"):
                received.append((event["ticket"]["id"], at))


def call_to_event(
    samples: Samples, called: dict[int, float], received: list[tuple[int, float]]
) -> None:
    for ticket, at in received:
        sent = called.get(ticket)
        if sent is not None:
            samples.add("call_to_event", (at - sent) * 1000)


def office_load(server: ProcessServer, seconds: float) -> Samples:
    samples = Samples()
    stop = threading.Event()
    called: dict[int, float] = {}
    officer = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"username": "petugas", "password": PASSWORD}
    ).json()["token"]
    ready = threading.Barrier(DISPLAYS + 1)
    received: list[tuple[int, float]] = []
    threads = [
        threading.Thread(
            target=display_loop,
            args=(server.url, server.device_token("display"), received, stop, ready),
        )
        for _ in range(DISPLAYS)
    ]
    for thread in threads:
        thread.start()
    ready.wait()
    threads += [
        threading.Thread(
            target=kiosk_loop,
            args=(server.url, server.device_token("kiosk"), samples, stop, KIOSK_PAUSE_SECONDS),
        )
        for _ in range(KIOSKS)
    ]
    threads += [
        threading.Thread(
            target=counter_loop, args=(server.url, officer, 100 + n, samples, called, stop)
        )
        for n in range(COUNTERS)
    ]
    for thread in threads[DISPLAYS:]:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=15)
    call_to_event(samples, called, received)
    return samples


def stress(server: ProcessServer, clients: int, seconds: float) -> Samples:
    """``clients`` concurrent clients, each issuing, reading the queue or calling next, with
    a second's pause between requests (a busy person, not a tight loop)."""
    samples = Samples()
    stop = threading.Event()
    officer = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"username": "petugas", "password": PASSWORD}
    ).json()["token"]
    kiosk = server.device_token("kiosk")

    def client_loop(index: int) -> None:
        token = kiosk if index % 2 == 0 else officer
        with httpx.Client(
            base_url=server.url, timeout=60, headers={"Authorization": f"Bearer {token}"}
        ) as client:
            stop.wait(random.uniform(0, THINK_SECONDS))
            while not stop.is_set():
                if index % 2 == 0:
                    body = {"service": "AP", "source": "walk_in", "client_ref": uuid.uuid4().hex}
                    timed(samples, "all", client, "POST", "/api/v1/tickets", body)
                elif index % 4 == 1:
                    timed(samples, "all", client, "GET", "/api/v1/queue")
                else:
                    counter = 100 + index % COUNTERS
                    reply = timed(
                        samples,
                        "all",
                        client,
                        "POST",
                        f"/api/v1/counters/{counter}/call-next",
                    )
                    if reply.status_code == 200:
                        ticket = reply.json()["id"]
                        timed(
                            samples,
                            "all",
                            client,
                            "POST",
                            f"/api/v1/tickets/{ticket}/finish",
                        )
                stop.wait(THINK_SECONDS)

    threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    return samples


def report(backend: str, title: str, samples: Samples, seconds: float) -> None:
    total = sum(len(v) for k, v in samples.values.items() if k != "call_to_event")
    print(f"\n{backend} - {title}: {total / seconds:.0f} requests/s over {seconds:.0f} s")
    for name, values in sorted(samples.values.items()):
        print(
            f"  {name:14s} n={len(values):6d}  p50 {statistics.median(values):7.1f} ms"
            f"  p95 {quantile(values, 0.95):7.1f} ms  p99 {quantile(values, 0.99):7.1f} ms"
        )


def run(backend: str, seconds: float, stress_clients: int, warmup: float) -> None:
    with tempfile.TemporaryDirectory() as temp, fresh_database(backend, Path(temp)) as url:
        settings = Settings(
            data_dir=Path(temp),
            office_file=office_file(Path(temp)),
            database_url=url,
            advertise=False,
        )
        server = ProcessServer(settings=settings, tokens=seed(settings))
        server.start()
        try:
            # A restarted server compiles its statements and fills its caches on the first
            # requests; measure the office as it runs, not its first seconds.
            office_load(server, warmup)
            report(
                backend,
                "office load (8 kiosks, 30 counters, 10 displays)",
                office_load(server, seconds),
                seconds,
            )
            report(
                backend,
                f"stress ({stress_clients} concurrent clients)",
                stress(server, stress_clients, seconds),
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
    args = parser.parse_args()
    for backend in args.backends.split(","):
        run(backend, args.seconds, args.clients, args.warmup)


if __name__ == "__main__":
    main()
