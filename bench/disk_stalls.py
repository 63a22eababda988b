"""How long the disk takes to make a write durable, sampled while a benchmark runs.

Every durable commit waits for an ``fdatasync``, PostgreSQL's and SQLite's alike.
On a virtual disk that wait is usually a fraction of a millisecond, but some
host's disks stop for a few hundred milliseconds now and then, and every commit
in progress waits out the stall. ``DiskStalls`` writes 8 KiB and syncs it every
50 ms, from a thread, to a file in the given directory (put it on the database's
file system), and reports the slow syncs: the stalls the measured server saw too.
"""

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

PROBE_EVERY_S = 0.05
STALL_MS = 50.0  # a sync slower than this is a stall
_BLOCK = b"\0" * 8192


@dataclass(frozen=True)
class StallReport:
    syncs: int
    stalls: list[float]  # milliseconds, of each sync slower than STALL_MS

    @property
    def longest(self) -> float:
        return max(self.stalls, default=0.0)

    def __str__(self) -> str:
        if not self.stalls:
            return f"no disk stall over {STALL_MS:.0f} ms ({self.syncs} syncs)"
        return (
            f"{len(self.stalls)} disk stalls over {STALL_MS:.0f} ms,"
            f" {sum(self.stalls):.0f} ms in all, the longest {self.longest:.0f} ms"
        )


class DiskStalls:
    """``with DiskStalls(directory) as probe: ...``; then ``probe.report()``."""

    def __init__(self, directory: Path) -> None:
        self._path = directory / "disk-stall-probe.bin"
        self._stop = threading.Event()
        self._durations: list[float] = []
        self._thread = threading.Thread(target=self._run, name="disk-stall-probe", daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def report(self) -> StallReport:
        stalls = [ms for ms in self._durations if ms > STALL_MS]
        return StallReport(syncs=len(self._durations), stalls=stalls)

    def _run(self) -> None:
        descriptor = os.open(self._path, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while not self._stop.wait(PROBE_EVERY_S):
                started = time.perf_counter()
                os.pwrite(descriptor, _BLOCK, 0)
                os.fdatasync(descriptor)
                self._durations.append((time.perf_counter() - started) * 1000)
        finally:
            os.close(descriptor)
            self._path.unlink(missing_ok=True)
