"""The coalesced queue snapshot: fewer snapshots than writes, never a stale one."""

import threading
import time
from collections.abc import Sequence

import pytest

from queue_protocol import (
    Event,
    QueueChangedEvent,
    QueueSnapshot,
)
from queue_server.services import queue_state
from queue_server.services.context import Actor, ActorKind, ServerContext
from queue_server.services.queue_snapshots import SnapshotPublisher
from tests.support.issuing import KIOSK, issue_walk_in

DISPLAY = Actor("display-1", ActorKind.DEVICE)


def _issue(ctx: ServerContext) -> None:
    issue_walk_in(ctx)


def test_a_burst_of_writes_gets_few_snapshots_and_the_last_shows_it_all(
    ctx: ServerContext,
) -> None:
    published: list[Event] = []

    def publish(events: Sequence[Event]) -> None:
        published.extend(events)

    ctx.publish = publish
    publisher = SnapshotPublisher(ctx, interval=0.2)
    ctx.queue_changed = publisher.request
    publisher.start()
    try:
        for _ in range(30):
            _issue(ctx)
    finally:
        publisher.stop()  # publishes the last change before it returns
    snapshots = [e for e in published if isinstance(e, QueueChangedEvent)]
    assert 1 <= len(snapshots) < 30
    assert published[-1] is snapshots[-1]
    assert _ap_waiting(snapshots[-1].queue) == 30
    assert [e.seq for e in published] == sorted(e.seq for e in published)


def test_current_shows_the_writer_its_writes_and_others_at_most_an_interval_late(
    ctx: ServerContext,
) -> None:
    publisher = SnapshotPublisher(ctx, interval=0.3)
    ctx.queue_changed = publisher.request
    publisher.start()
    try:
        _issue(ctx)
        time.sleep(0.5)
        first = publisher.current(DISPLAY)
        assert _ap_waiting(first) == 1
        assert publisher.current(DISPLAY) is first  # nothing changed: no rebuild
        assert publisher.reusable(DISPLAY) is first  # and none needed to be asked for
        for expected in range(2, 5):
            _issue(ctx)
            reusable = publisher.reusable(KIOSK)  # without a build: none, or one with it
            assert reusable is None or _ap_waiting(reusable) == expected
            assert _ap_waiting(publisher.current(KIOSK)) == expected  # its own write
            assert publisher.reusable(KIOSK) is not None
        assert _ap_waiting(publisher.current(DISPLAY)) >= 1
        time.sleep(0.5)
        assert _ap_waiting(publisher.current(DISPLAY)) == 4
    finally:
        publisher.stop()


def test_readers_that_find_it_stale_together_build_it_once(
    ctx: ServerContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = queue_state.snapshot
    builds: list[QueueSnapshot] = []

    def slow_build(context: ServerContext) -> QueueSnapshot:
        time.sleep(0.2)  # every reader arrives while the first is still building
        builds.append(build(context))
        return builds[-1]

    monkeypatch.setattr("queue_server.services.queue_snapshots.snapshot", slow_build)
    publisher = SnapshotPublisher(ctx, interval=1.0)
    ctx.queue_changed = publisher.request
    publisher.start()
    seen: list[QueueSnapshot] = []
    try:
        _issue(ctx)  # published at once; the publisher then rests for its interval
        time.sleep(0.1)
        _issue(ctx)  # so the kiosk's second ticket is in no snapshot yet
        start = threading.Barrier(8)

        def read() -> None:
            start.wait()
            seen.append(publisher.current(KIOSK))

        readers = [threading.Thread(target=read) for _ in range(8)]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join()
    finally:
        publisher.stop()
    assert [_ap_waiting(snapshot) for snapshot in seen] == [2] * 8
    assert len(builds) == 1


def _ap_waiting(snapshot: QueueSnapshot) -> int:
    return sum(q.waiting for q in snapshot.services if q.code == "AP")


def test_without_the_server_every_change_is_published_at_once(ctx: ServerContext) -> None:
    published: list[Event] = []
    ctx.publish = published.extend
    _issue(ctx)
    assert [e.type for e in published] == ["ticket.issued", "queue.changed"]
