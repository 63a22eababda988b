"""The coalesced queue snapshot: fewer snapshots than writes, never a stale one."""

import uuid
from collections.abc import Iterator, Sequence

import pytest

from queue_protocol import Event, IssueTicketRequest, QueueChangedEvent, TicketSource
from queue_server.server import open_context
from queue_server.services import tickets
from queue_server.services.context import Actor, ActorKind, ServerContext
from queue_server.services.queue_snapshots import SnapshotPublisher
from queue_server.settings import Settings

KIOSK = Actor("kiosk-1", ActorKind.DEVICE)


@pytest.fixture
def ctx(server_settings: Settings) -> Iterator[ServerContext]:
    context = open_context(server_settings)
    yield context
    context.db.dispose()


def _issue(ctx: ServerContext) -> None:
    request = IssueTicketRequest(
        service="AP", source=TicketSource.WALK_IN, client_ref=uuid.uuid4().hex
    )
    tickets.issue_ticket(ctx, request, KIOSK)


def _waiting(snapshot_queue: QueueChangedEvent) -> int:
    return sum(q.waiting for q in snapshot_queue.queue.services if q.code == "AP")


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
    assert _waiting(snapshots[-1]) == 30
    assert [e.seq for e in published] == sorted(e.seq for e in published)


def test_current_never_answers_with_a_snapshot_older_than_a_write(ctx: ServerContext) -> None:
    publisher = SnapshotPublisher(ctx, interval=5.0)  # the next publish is far away
    ctx.queue_changed = publisher.request
    publisher.start()
    try:
        _issue(ctx)
        for expected in range(2, 5):
            _issue(ctx)  # marked stale before the call returns
            waiting = sum(q.waiting for q in publisher.current().services if q.code == "AP")
            assert waiting == expected
    finally:
        publisher.stop()


def test_without_the_server_every_change_is_published_at_once(ctx: ServerContext) -> None:
    published: list[Event] = []
    ctx.publish = published.extend
    _issue(ctx)
    assert [e.type for e in published] == ["ticket.issued", "queue.changed"]
