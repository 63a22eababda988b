"""The ``queue.changed`` snapshot, coalesced.

A snapshot (every queue with its estimate, every counter) costs more than the
write that made it stale, so writes do not build it. They mark it stale after
their commit; a background thread then publishes one snapshot at once when it
has been idle (the leading edge: a quiet office sees a change immediately) and
at most one per ``interval`` while writes keep coming, always one after the
last change. Each snapshot is an event row of its own, so ``since`` replays it.
"""

import logging
import threading
from dataclasses import dataclass

from queue_protocol import QueueSnapshot
from queue_server.services.background import BackgroundThread
from queue_server.services.context import SYSTEM, Actor, ServerContext
from queue_server.services.queue_state import snapshot, snapshot_in
from queue_server.services.transaction import write

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 0.25  # waiting counts 4 times a second; calls are pushed at once
REUSE_SECONDS = 1.0  # waits shown in a snapshot age with the clock, changes or not


def publish_snapshot(ctx: ServerContext) -> QueueSnapshot:
    """Build the snapshot and append it to the log in one transaction, so its ``seq``
    is the state it shows."""
    with write(ctx, SYSTEM) as tx:
        built = snapshot_in(ctx, tx.session)
        tx.emit_snapshot(built)
    return built


@dataclass(frozen=True)
class _Built:
    at: float  # on the context's monotonic clock
    snapshot: QueueSnapshot
    covers: int  # the changes counted when it was built


class SnapshotPublisher(BackgroundThread):
    """Runs beside the server; ``request`` is what a write calls after its commit.

    Changes are counted; a snapshot remembers the count it covers, so a change that
    lands while one is being built is never taken as included. The count of each
    writer's last change is kept too, so ``current`` shows every caller its own writes.
    """

    thread_name = "queue-snapshots"

    def __init__(
        self, ctx: ServerContext, *, interval: float = INTERVAL_SECONDS, publishes: bool = True
    ) -> None:
        """``publishes``: False in a server process beside the office's first, which
        publishes for all of them (``antrean server --workers``); this one then only
        answers ``current``, from the snapshots it builds for its readers."""
        super().__init__()
        self._ctx = ctx
        self._interval = interval
        self._publishes = publishes
        self._changes = 0
        self._published = 0
        self._written_by: dict[str, int] = {}
        self._latest: _Built | None = None
        self._failing = False
        self._lock = threading.Lock()
        self._building = threading.Lock()
        self._wake = threading.Event()

    def request(self, writer: Actor | None = None) -> None:
        """Mark the snapshot stale; it is published within ``interval``."""
        with self._lock:
            self._changes += 1
            if writer is not None:
                self._written_by[writer.label] = self._changes
        self._wake.set()

    def current(self, reader: Actor | None = None) -> QueueSnapshot:
        """The queue now (``GET /api/v1/queue``). Session-consistent: the reader's own
        changes are always in it; others' are at most ``interval`` behind, as in the
        pushed snapshots. A snapshot is reused while that holds (up to a second when
        nothing changed), so a busy office does not rebuild it for every reader."""
        needed = self._needed(reader)
        reusable = self._reusable(needed)
        if reusable is not None:
            return reusable
        with self._building:  # readers that find it stale together build it once
            reusable = self._reusable(needed)
            if reusable is not None:
                return reusable
            with self._lock:
                covers = self._changes
            built = snapshot(self._ctx)
            self._keep(_Built(self._ctx.monotonic(), built, covers))
            return built

    def reusable(self, reader: Actor | None = None) -> QueueSnapshot | None:
        """What ``current`` would return without building a snapshot, or None: no
        database, so the event loop may ask before it hands the reader to a thread."""
        return self._reusable(self._needed(reader))

    def _needed(self, reader: Actor | None) -> int:
        with self._lock:
            return self._written_by.get(reader.label, 0) if reader else self._changes

    def _reusable(self, needed: int) -> QueueSnapshot | None:
        with self._lock:
            unchanged_since = self._changes
            latest = self._latest
        if not self.running or latest is None or latest.covers < needed:
            return None
        age = self._ctx.monotonic() - latest.at
        if age < self._interval or (latest.covers == unchanged_since and age < REUSE_SECONDS):
            return latest.snapshot
        return None

    def _keep(self, built: _Built) -> None:
        with self._lock:
            if self._latest is None or built.covers >= self._latest.covers:
                self._latest = built

    def _interrupt(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        """Until stopped, and once more after: the log ends with the final state."""
        if not self._publishes:
            self._stop.wait()
            return
        while not self._stop.is_set():
            self._wake.wait()
            self._wake.clear()
            self._publish_if_stale()
            self._stop.wait(self._interval)  # at most one snapshot per interval
        self._publish_if_stale()

    def _publish_if_stale(self) -> None:
        with self._lock:
            covers = self._changes
            if covers == self._published:
                return
        try:
            built = publish_snapshot(self._ctx)
        except Exception:  # retried next interval; boards keep their last state meanwhile
            if not self._failing:
                log.exception("could not publish the queue snapshot; retrying")
            self._failing = True
            self._wake.set()
            return
        self._failing = False
        with self._lock:
            self._published = covers
        self._keep(_Built(self._ctx.monotonic(), built, covers))
