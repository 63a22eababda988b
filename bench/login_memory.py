"""Peak memory of the server under a burst of wrong-password logins.

Starts ``antrean server`` as its own process (SQLite, loopback), sends ``--parallel``
logins with wrong passwords at once (each for its own name, so no throttle stops
them before the password check), ``--rounds`` times, and prints the process's resident
memory before the burst and its peak (``VmHWM``), in MB. Each argon2 check takes
64 MiB: without a bound every check of the burst runs at once.

    .venv/bin/python -m bench.login_memory --parallel 16
"""

import argparse
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.support.live_server import ProcessServer, seed
from tests.support.office import office_settings


def _memory_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for process {pid}")


def _burst(url: str, parallel: int, round_: int) -> list[int]:
    def bad_login(n: int) -> int:
        body = {"username": f"tamu-{round_}-{n}", "password": "salah-sekali"}
        return httpx.post(f"{url}/api/v1/auth/login", json=body, timeout=120).status_code

    with ThreadPoolExecutor(parallel) as pool:
        return list(pool.map(bad_login, range(parallel)))


def measure(parallel: int, rounds: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as scratch:
        settings = office_settings(Path(scratch))
        server = ProcessServer(settings=settings, tokens=seed(settings))
        server.start()
        try:
            assert server.process is not None
            pid = server.process.pid
            _burst(server.url, 1, -1)  # one check first: argon2 and the routes warmed
            before = _memory_mb(pid, "VmRSS")
            started = time.perf_counter()
            statuses: list[int] = []
            for round_ in range(rounds):
                statuses += _burst(server.url, parallel, round_)
            took = time.perf_counter() - started
            peak = _memory_mb(pid, "VmHWM")
        finally:
            server.stop()
    return {
        "parallel": parallel,
        "rounds": rounds,
        "rss_before_mb": round(before),
        "peak_rss_mb": round(peak),
        "seconds": round(took, 1),
        "answers": {str(code): statuses.count(code) for code in sorted(set(statuses))},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--parallel", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    result = measure(args.parallel, args.rounds)
    for key, value in result.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
