"""Writes side by side: what each invariant leaves when many threads write at once.

On PostgreSQL issuing, call-next and the officer's actions run concurrently, each
keeping its invariants with row locks; on SQLite every write runs alone. The same
outcome is asked of both.
"""

import logging
import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from sqlalchemy import select, update

from queue_protocol import (
    Event,
    Role,
    Ticket,
    TicketAction,
    TicketState,
)
from queue_protocol.events import QueueChangedEvent, TicketEvent
from queue_server.domain.errors import DomainError, QuotaFullError
from queue_server.domain.numbering import format_number
from queue_server.server import open_context
from queue_server.services import calling, ticket_actions
from queue_server.services.context import Actor, ActorKind, ServerContext
from queue_server.services.queue_snapshots import SnapshotPublisher
from queue_server.settings import Settings
from queue_server.storage import event_store
from queue_server.storage.models import EventRow, NumberSequenceRow, TicketRow, TicketStageRow
from tests.support.issuing import issue_walk_in

OFFICER = Actor("petugas", ActorKind.USER, role=Role.OFFICER)
COUNTER = 7  # serves AP: one stage
THREADS = 12
T = TypeVar("T")


def _together(count: int, work: Callable[[int], T]) -> list[T | Exception]:
    """``work(i)`` in ``count`` threads released at one moment: results or exceptions."""
    barrier = threading.Barrier(count)

    def run(index: int) -> T | Exception:
        barrier.wait()
        try:
            return work(index)
        except Exception as error:  # the test sorts them
            return error

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def _logged(ctx: ServerContext, action: str) -> Counter[int]:
    """How many events of ``action`` the log holds per ticket."""
    with ctx.db.read() as session:
        query = select(EventRow.ticket_id).where(EventRow.action == action)
        return Counter(ticket_id for ticket_id in session.scalars(query) if ticket_id)


def _collect_published(ctx: ServerContext) -> list[Event]:
    """What the context publishes from now on, from whichever thread commits."""
    published: list[Event] = []
    lock = threading.Lock()

    def collect(events: Sequence[Event]) -> None:
        with lock:
            published.extend(events)

    ctx.publish = collect
    return published


def test_a_quota_pool_is_never_overrun(ctx: ServerContext) -> None:
    quota = ctx.office.quotas["lost_damaged"]  # HR's pool
    results = _together(quota + 15, lambda _: issue_walk_in(ctx, "HR"))

    issued = [result[0] for result in results if isinstance(result, tuple)]
    refused = [result for result in results if isinstance(result, QuotaFullError)]
    assert len(issued) == quota, [r for r in results if isinstance(r, Exception)][:3]
    assert len(refused) == 15
    numbers = sorted(int(re.sub(r"\D", "", ticket.number)) for ticket in issued)
    assert numbers == list(range(1, quota + 1))  # no number taken twice, none skipped


def test_one_client_ref_gets_one_ticket(ctx: ServerContext) -> None:
    ref = uuid.uuid4().hex
    results = _together(THREADS, lambda _: issue_walk_in(ctx, client_ref=ref))

    assert all(isinstance(result, tuple) for result in results), results
    pairs = [result for result in results if isinstance(result, tuple)]
    assert len({ticket.id for ticket, _ in pairs}) == 1
    assert [created for _, created in pairs].count(True) == 1
    with ctx.db.read() as session:
        assert len(list(session.scalars(select(TicketRow.id)))) == 1


@pytest.mark.parametrize(
    ("action", "called"), [(TicketAction.FINISH, True), (TicketAction.CANCEL, False)]
)
def test_an_action_on_one_ticket_takes_effect_once(
    ctx: ServerContext, action: TicketAction, called: bool
) -> None:
    """A called ticket is held through its counter's row, a waiting one through its own."""
    issued, _ = issue_walk_in(ctx)
    if called:
        assert calling.call_next(ctx, COUNTER, OFFICER) is not None
    results = _together(THREADS, lambda _: ticket_actions.act(ctx, issued.id, action, OFFICER))

    done = [result for result in results if isinstance(result, Ticket)]
    refused = [result for result in results if isinstance(result, DomainError)]
    assert len(done) == 1
    assert len(refused) == THREADS - 1
    assert _logged(ctx, action.value) == {issued.id: 1}


def test_call_next_and_finish_at_one_counter_never_deadlock(
    ctx: ServerContext, caplog: pytest.LogCaptureFixture
) -> None:
    """Call-next finishes the ticket being served; an officer's "finish" on the same ticket
    at the same moment locks the counter and the ticket in the same order, so the two
    never deadlock (and are never run again for it), and the ticket is finished once."""
    caplog.set_level(logging.INFO, logger="queue_server.services.transaction")
    for _ in range(10):
        issue_walk_in(ctx)
    current = calling.call_next(ctx, COUNTER, OFFICER)
    rounds = 0
    while current is not None and rounds < 8:
        ticket_actions.act(ctx, current.id, TicketAction.START, OFFICER)
        served = current.id

        def race(index: int, served: int = served) -> Ticket | None:
            if index == 0:
                return calling.call_next(ctx, COUNTER, OFFICER)
            return ticket_actions.act(ctx, served, TicketAction.FINISH, OFFICER)

        results = _together(2, race)
        unexpected = [r for r in results if isinstance(r, Exception)]
        assert not [r for r in unexpected if not isinstance(r, DomainError)], unexpected
        assert _logged(ctx, "finish")[served] == 1
        current = results[0] if isinstance(results[0], Ticket) else None
        rounds += 1
    assert rounds == 8
    assert not [r.getMessage() for r in caplog.records if "collided" in r.getMessage()]


def test_events_are_published_in_the_order_of_the_log(ctx: ServerContext) -> None:
    published = _collect_published(ctx)
    for _ in range(THREADS):
        issue_walk_in(ctx, "IN")

    def busy(index: int) -> None:
        counter = 7 + index % 2  # both serve IN
        for _ in range(4):
            issue_walk_in(ctx, "IN")
            try:  # a second officer at the counter may find its ticket still called
                called = calling.call_next(ctx, counter, OFFICER)
                if called is not None:
                    ticket_actions.act(ctx, called.id, TicketAction.FINISH, OFFICER)
            except DomainError:
                continue

    results = _together(THREADS, busy)

    assert not [r for r in results if isinstance(r, Exception)], results
    seqs = [event.seq for event in published]
    assert seqs == sorted(seqs)
    with ctx.db.read() as session:
        assert seqs == list(session.scalars(select(EventRow.seq).order_by(EventRow.seq)))
    called = Counter(
        event.ticket.id
        for event in published
        if isinstance(event, TicketEvent) and event.action == "call"
    )
    assert called
    assert max(called.values()) == 1


def test_every_snapshot_shows_the_queue_as_the_log_had_it_at_its_seq(
    ctx: ServerContext,
) -> None:
    """The snapshot publisher writes beside issues, calls and finishes; each snapshot
    still counts exactly the tickets that the events before its ``seq`` left waiting."""
    published = _collect_published(ctx)
    publisher = SnapshotPublisher(ctx, interval=0.005)
    ctx.queue_changed = publisher.request
    publisher.start()

    def busy(index: int) -> None:
        for _ in range(6):
            issue_walk_in(ctx, "IN")
            if index % 3:
                continue
            try:  # the other officer at the counter may find its ticket still called
                called = calling.call_next(ctx, 7 + index % 2, OFFICER)
                if called is not None:
                    ticket_actions.act(ctx, called.id, TicketAction.FINISH, OFFICER)
            except DomainError:
                continue

    try:
        results = _together(THREADS, busy)
    finally:
        publisher.stop()

    assert not [r for r in results if isinstance(r, Exception)], results
    snapshots = 0
    status: dict[int, str] = {}
    for event in sorted(published, key=lambda e: e.seq):
        if isinstance(event, TicketEvent):
            status[event.ticket.id] = event.ticket.status
        elif isinstance(event, QueueChangedEvent):
            snapshots += 1
            waiting = sum(q.waiting for q in event.queue.services if q.code == "IN")
            expected = sum(1 for state in status.values() if state == TicketState.WAITING)
            assert waiting == expected, f"snapshot at seq {event.seq}"
    assert snapshots > 3


def test_a_reader_following_the_log_misses_nothing_written_by_two_servers(
    server_settings: Settings,
) -> None:
    """Two server processes on one database (two contexts, each with its own locks): a
    reader that asks again and again for the events after the last it saw, as a
    reconnecting display does, must get every one: each ``seq`` commits after every
    smaller one."""
    servers = (open_context(server_settings), open_context(server_settings))
    seen: list[int] = []
    writing = threading.Event()
    writing.set()

    def follow() -> None:
        last = 0
        while writing.is_set() or last < _last_seq(servers[0]):
            fresh = _seqs(servers[0], after=last)
            seen.extend(fresh)
            last = fresh[-1] if fresh else last
            time.sleep(0)  # let the writers run between reads

    reader = threading.Thread(target=follow)
    reader.start()
    try:
        results = _together(THREADS, lambda i: [issue_walk_in(servers[i % 2]) for _ in range(20)])
    finally:
        writing.clear()
        reader.join(timeout=30)
    try:
        assert not [r for r in results if isinstance(r, Exception)], results
        assert seen == _seqs(servers[0], after=0)
    finally:
        for server in servers:
            server.db.dispose()


def _seqs(ctx: ServerContext, *, after: int) -> list[int]:
    with ctx.db.read() as session:
        query = select(EventRow.seq).where(EventRow.seq > after).order_by(EventRow.seq)
        return list(session.scalars(query))


def _last_seq(ctx: ServerContext) -> int:
    with ctx.db.read() as session:
        return event_store.last_seq(session)


def test_issued_numbers_run_on_past_the_padding(ctx: ServerContext) -> None:
    """The day's first number, then numbers taken in the statement that inserts the
    ticket (PostgreSQL), formatted as ``format_number`` does."""
    first, _ = issue_walk_in(ctx)
    with ctx.db.write() as session:
        session.execute(
            update(NumberSequenceRow)
            .where(NumberSequenceRow.service == "AP")
            .values(last=NumberSequenceRow.last + 997)
        )
    numbers = [issue_walk_in(ctx)[0].number for _ in range(3)]

    prefix = ctx.office.service("AP").prefix  # type: ignore[union-attr]
    padding = ctx.office.office.number_padding
    assert first.number == format_number(prefix, 1, padding)
    assert numbers == [format_number(prefix, sequence, padding) for sequence in (999, 1000, 1001)]
    with ctx.db.read() as session:
        visits = session.scalars(select(TicketStageRow.ticket_id).order_by(TicketStageRow.id))
        issued = session.scalars(select(TicketRow.id).order_by(TicketRow.id))
        assert list(visits) == list(issued)  # each ticket has its first visit
