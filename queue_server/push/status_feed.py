"""Live status pages: every open page's ticket, recomputed once per change and fanned out.

Invariants:

- A change costs one read and one forecast for all watched tickets together
  (``ticket_status.status_updates``), in a thread of its own, never one per page. The
  first change after a quiet spell is computed at once; while changes keep coming, at
  most one computation runs per ``interval``, and one always follows the last change.
  With nothing changing, the watched tickets are read again every ``refresh`` seconds
  (estimates age with the clock; a purged token closes its pages).
- A call, a finish or any other change of a watched ticket's state is pushed straight
  from its event, before any computation. A computation that began before that event
  never overwrites what the event showed.
- A page holds the latest update only, never a queue: a slow phone costs one message
  of memory, however many changes it misses.
- Pages per ticket and pages in all are bounded (``TOO_MANY``).
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from queue_protocol import AnnouncementEvent, Event, TicketEvent, TicketState
from queue_protocol.status import FINAL_STATES, StatusClose, StatusUpdate
from queue_server.services.ticket_status import update_of_ticket

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 1.0  # a computation costs ~0.2 s of CPU with 500 tickets waiting
REFRESH_SECONDS = 30.0
PAGES_PER_TICKET = 5  # a family on several phones; more is someone fishing
MAX_PAGES = 5000  # per server process: far more than one office's phones at once


class FeedFullError(Exception):
    """No room for another page (``StatusClose.TOO_MANY``)."""


@dataclass(eq=False)
class Watcher:
    """One open status page: the latest update it has not sent yet, and why it must end."""

    ticket_id: int
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    pending: str | None = None
    last: str | None = None
    close: StatusClose | None = None

    def offer(self, update: StatusUpdate) -> None:
        text = update.model_dump_json()
        if text != (self.pending or self.last):
            self.pending = text
            self.changed.set()
        if update.status in FINAL_STATES:
            self.end(StatusClose.TICKET_ENDED)

    def end(self, reason: StatusClose) -> None:
        self.close = self.close or reason
        self.changed.set()

    def take(self) -> str | None:
        """The update to send now (None: nothing new), marked as sent."""
        self.changed.clear()
        text, self.pending = self.pending, None
        if text is not None:
            self.last = text
        return text


Compute = Callable[[set[int]], dict[int, StatusUpdate]]


class StatusFeed:
    """``compute``: the watched tickets as they stand, by id (``ticket_status.status_updates``);
    run in a thread. A ticket missing from its answer has no page any more."""

    def __init__(
        self,
        compute: Compute,
        *,
        interval: float = INTERVAL_SECONDS,
        refresh: float = REFRESH_SECONDS,
    ) -> None:
        self._compute_updates = compute
        self._interval = interval
        self._refresh = refresh
        self._watchers: dict[int, set[Watcher]] = {}
        self._latest: dict[int, StatusUpdate] = {}  # of the watched tickets
        self._pushed_at: dict[int, int] = {}  # ticket -> seq of the event last pushed
        self._seq = 0  # the highest event seq seen
        self._dirty = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.computations = 0  # how many times the watched tickets were read (metrics)

    @property
    def page_count(self) -> int:
        return sum(len(watchers) for watchers in self._watchers.values())

    def start(self) -> None:
        """On the server's loop, once it runs."""
        self._task = asyncio.get_running_loop().create_task(self._run(), name="status-feed")

    async def stop(self) -> None:
        for watchers in self._watchers.values():
            for watcher in watchers:
                watcher.end(StatusClose.SHUTDOWN)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def watch(self, ticket_id: int) -> Watcher:
        """A new page of ``ticket_id``, given the ticket's latest known state at once."""
        watchers = self._watchers.get(ticket_id, set())
        if len(watchers) >= PAGES_PER_TICKET or self.page_count >= MAX_PAGES:
            raise FeedFullError
        watcher = Watcher(ticket_id)
        self._watchers.setdefault(ticket_id, set()).add(watcher)
        latest = self._latest.get(ticket_id)
        if latest is not None:
            watcher.offer(latest)
        else:
            self._dirty.set()
        return watcher

    def unwatch(self, watcher: Watcher) -> None:
        watchers = self._watchers.get(watcher.ticket_id)
        if watchers is None:
            return
        watchers.discard(watcher)
        if not watchers:
            del self._watchers[watcher.ticket_id]
            self._latest.pop(watcher.ticket_id, None)
            self._pushed_at.pop(watcher.ticket_id, None)

    def on_events(self, events: Sequence[Event]) -> None:
        """The hub's listener, on the loop: push a watched ticket's own change at once,
        and have every watched ticket computed again."""
        for event in events:
            self._seq = max(self._seq, event.seq)
            if isinstance(event, AnnouncementEvent):
                continue
            self._dirty.set()
            if self._is_watched_change(event):  # (a waiting ticket's place: the forecast's)
                assert isinstance(event, TicketEvent)
                self._pushed_at[event.ticket.id] = event.seq
                self._deliver(event.ticket.id, update_of_ticket(event.ticket))

    def _is_watched_change(self, event: Event) -> bool:
        return (
            isinstance(event, TicketEvent)
            and event.ticket.id in self._watchers
            and event.ticket.status != TicketState.WAITING
        )

    def _deliver(self, ticket_id: int, update: StatusUpdate) -> None:
        self._latest[ticket_id] = update
        for watcher in self._watchers.get(ticket_id, ()):
            watcher.offer(update)

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._dirty.wait(), timeout=self._refresh)
            self._dirty.clear()
            if self._watchers:
                await self._compute()
            await asyncio.sleep(self._interval)

    async def _compute(self) -> None:
        started_at = self._seq
        ids = set(self._watchers)
        try:
            updates = await asyncio.to_thread(self._compute_updates, ids)
        except Exception:  # the database away: the pages keep what they show, and poll
            log.warning("status pages: could not read the watched tickets", exc_info=True)
            return
        self.computations += 1
        for ticket_id in ids & set(self._watchers):
            update = updates.get(ticket_id)
            if update is None:
                for watcher in self._watchers[ticket_id]:
                    watcher.end(StatusClose.UNKNOWN_TICKET)
            elif self._pushed_at.get(ticket_id, 0) <= started_at:
                self._deliver(ticket_id, update)
