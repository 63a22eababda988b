"""The in-memory event hub: committed events fan out to every WebSocket subscriber.

``publish`` is called from worker threads (after each commit, in seq order);
each subscriber owns an asyncio queue on the server's event loop. A subscriber
that falls too far behind is dropped: it reconnects with ``since`` and replays
from the event log, so being dropped never loses an event.

``tokens_changed`` (also from worker threads, after a logout, revocation or
rotation commits) has every subscriber check its token again: an open stream
never outlives the token it was opened with.
"""

import asyncio
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from queue_protocol import Event
from queue_protocol.events import device_json

MAX_PENDING = 2000


@dataclass(frozen=True)
class WireEvent:
    """An event serialized once for each audience: staff, and devices (``device_json``)."""

    seq: int
    json: str
    device_json: str

    def for_audience(self, staff: bool) -> str:
        return self.json if staff else self.device_json


@dataclass(eq=False)
class Subscription:
    queue: asyncio.Queue[WireEvent | None] = field(
        default_factory=lambda: asyncio.Queue(maxsize=MAX_PENDING)
    )
    lagging: bool = False
    token_check: asyncio.Event = field(default_factory=asyncio.Event)


def to_wire(event: Event) -> WireEvent:
    return WireEvent(
        seq=event.seq, json=event.model_dump_json(by_alias=True), device_json=device_json(event)
    )


class EventHub:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._subscriptions: set[Subscription] = set()
        self._listeners: list[Callable[[Sequence[Event]], None]] = []
        self._lock = threading.Lock()

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """Called once the server's loop runs; events published before are in the log."""
        self._loop = loop

    def listen(self, listener: Callable[[Sequence[Event]], None]) -> None:
        """Have ``listener`` called on the loop with each batch of events, before the
        subscribers get them (the status pages' feed). It must not block."""
        self._listeners.append(listener)

    def subscribe(self) -> Subscription:
        subscription = Subscription()
        with self._lock:
            self._subscriptions.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            self._subscriptions.discard(subscription)

    @property
    def subscriber_count(self) -> int:
        return len(self._subscriptions)

    def publish(self, events: Sequence[Event]) -> None:
        """Hand ``events`` to the loop; it serializes them once and fans them out. (The
        caller holds the write lock: nothing more is done here than the hand-over.)"""
        loop = self._loop
        if loop is None or loop.is_closed() or not events:
            return
        loop.call_soon_threadsafe(self._fan_out, list(events))

    def _fan_out(self, events: list[Event]) -> None:
        for listener in self._listeners:
            listener(events)
        with self._lock:
            targets = list(self._subscriptions)
        if not targets:
            return
        wire = [to_wire(event) for event in events]
        for subscription in targets:
            self._deliver(subscription, wire)

    def _deliver(self, subscription: Subscription, wire: list[WireEvent]) -> None:
        if subscription.lagging:
            return
        for event in wire:
            try:
                subscription.queue.put_nowait(event)
            except asyncio.QueueFull:
                subscription.lagging = True
                self.unsubscribe(subscription)
                subscription.queue.get_nowait()  # room for the end-of-stream mark
                subscription.queue.put_nowait(None)
                return

    def tokens_changed(self) -> None:
        """A token may have ended: every subscriber checks its own again."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        loop.call_soon_threadsafe(self._ask_token_check)

    def _ask_token_check(self) -> None:
        with self._lock:
            targets = list(self._subscriptions)
        for subscription in targets:
            subscription.token_check.set()

    def close(self) -> None:
        """Tell every subscriber the stream ends (server shutdown)."""
        loop = self._loop
        with self._lock:
            targets = list(self._subscriptions)
            self._subscriptions.clear()
        if loop is None or loop.is_closed():
            return
        for subscription in targets:
            loop.call_soon_threadsafe(_end, subscription)


def _end(subscription: Subscription) -> None:
    try:
        subscription.queue.put_nowait(None)
    except asyncio.QueueFull:
        subscription.lagging = True
