"""The status pages' feed: one computation per burst of changes for every page, however
many; a call pushed from its event at once and never undone by an older computation; a
page holds one message, not a queue; limits per ticket and the end of a ticket."""

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest

from queue_protocol import (
    Language,
    LocalizedText,
    Ticket,
    TicketClass,
    TicketEvent,
    TicketSource,
    TicketState,
)
from queue_protocol.status import StatusClose, StatusUpdate
from queue_server.push.status_feed import PAGES_PER_TICKET, FeedFullError, StatusFeed, Watcher

NAME = LocalizedText(id="Paspor", en="Passport")


def update(
    number: str,
    ahead: int | None,
    status: TicketState = TicketState.WAITING,
    counter: int | None = None,
) -> StatusUpdate:
    return StatusUpdate(
        number=number,
        service="AP",
        service_name=NAME,
        status=status,
        counter=counter,
        position=ahead,
    )


class FakeOffice:
    """Tickets 1..n waiting in order; ``compute`` is what the feed calls in a thread: it
    reads the office, then waits at ``gate`` (a read that ends after later changes)."""

    def __init__(self, tickets: int) -> None:
        self.ahead = {n: n - 1 for n in range(1, tickets + 1)}
        self.called_to: dict[int, int] = {}
        self.calls: list[set[int]] = []
        self.began = 0
        self.gate = threading.Event()
        self.gate.set()

    def compute(self, ids: set[int]) -> dict[int, StatusUpdate]:
        self.began += 1
        read = {n: self._update(n) for n in ids if n in self.ahead}
        self.gate.wait(5)
        self.calls.append(set(ids))
        return read

    def _update(self, n: int) -> StatusUpdate:
        counter = self.called_to.get(n)
        if counter is None:
            return update(f"A{n:03d}", self.ahead[n])
        return update(f"A{n:03d}", None, TicketState.CALLED, counter)


def event(seq: int, ticket_id: int, status: TicketState, counter: int | None) -> TicketEvent:
    ticket = Ticket(
        id=ticket_id, number=f"A{ticket_id:03d}", service="AP", service_name=NAME,
        status=status, ticket_class=TicketClass.REGULAR, source=TicketSource.WALK_IN,
        language=Language.ID, issued_at=datetime(2026, 1, 5, 8, tzinfo=UTC), counter=counter,
    )  # fmt: skip
    return TicketEvent(
        type="ticket.called", seq=seq, at=ticket.issued_at, ticket=ticket, counter=counter
    )


def run(body: Coroutine[Any, Any, None]) -> None:
    """On a loop of its own, in a thread: a session's browser keeps one running here."""
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, asyncio.wait_for(body, timeout=20)).result()


async def settled(office: FakeOffice, computations: int) -> None:
    while len(office.calls) < computations:
        await asyncio.sleep(0.01)


def sent(watcher: Watcher) -> StatusUpdate | None:
    text = watcher.take()
    return None if text is None else StatusUpdate.model_validate_json(text)


def test_a_burst_of_changes_is_computed_once_for_a_thousand_pages() -> None:
    office = FakeOffice(tickets=300)

    async def body() -> None:
        feed = StatusFeed(office.compute, interval=0.2, refresh=60)
        feed.start()
        pages = [feed.watch(1 + n % 300) for n in range(1000)]
        await settled(office, 1)
        assert [sent(page) is not None for page in pages] == [True] * 1000
        office.ahead = {n: max(0, ahead - 1) for n, ahead in office.ahead.items()}
        for seq in range(1, 51):  # fifty changes at once: one computation follows them all
            feed.on_events([event(seq, 300 + seq, TicketState.SERVING, 1)])
        await settled(office, 2)
        await asyncio.sleep(0.5)  # (nothing else is due: a third would be a bug)
        assert len(office.calls) == 2
        assert office.calls[1] == set(range(1, 301))
        assert sent(pages[5]) == update("A006", 4)
        assert feed.page_count == 1000
        await feed.stop()

    run(body())


def test_a_call_is_pushed_from_its_event_and_no_older_computation_undoes_it() -> None:
    office = FakeOffice(tickets=3)

    async def body() -> None:
        feed = StatusFeed(office.compute, interval=0.05, refresh=60)
        feed.start()
        page = feed.watch(3)
        await settled(office, 1)
        assert sent(page) == update("A003", 2)
        office.gate.clear()  # a computation reads before the call and ends after it
        feed.on_events([event(1, 1, TicketState.CALLED, 7)])
        while office.began < 2:
            await asyncio.sleep(0.01)
        office.called_to[3] = 7
        feed.on_events([event(2, 3, TicketState.CALLED, 7)])
        assert sent(page) == update("A003", None, TicketState.CALLED, 7)
        office.gate.set()
        await settled(office, 3)  # the stale one, then one after the call
        assert sent(page) is None  # the stale "waiting" was not sent over the call
        await feed.stop()

    run(body())


def test_a_slow_page_holds_only_the_latest_update() -> None:
    async def body() -> None:
        feed = StatusFeed(FakeOffice(tickets=1).compute, interval=60, refresh=60)
        page = feed.watch(9)
        for seq, counter in enumerate((1, 2, 3), start=1):
            feed.on_events([event(seq, 9, TicketState.CALLED, counter)])
        last = sent(page)
        assert last == update("A009", None, TicketState.CALLED, 3)
        assert sent(page) is None

    run(body())


def test_pages_per_ticket_are_bounded_and_a_gone_ticket_ends_its_pages() -> None:
    office = FakeOffice(tickets=2)

    async def body() -> None:
        feed = StatusFeed(office.compute, interval=0.05, refresh=0.1)
        pages = [feed.watch(2) for _ in range(PAGES_PER_TICKET)]
        with pytest.raises(FeedFullError):
            feed.watch(2)
        feed.unwatch(pages.pop())
        pages.append(feed.watch(2))
        feed.start()
        await settled(office, 1)
        del office.ahead[2]  # its token purged: the next refresh finds no ticket
        await settled(office, 2)
        assert {page.close for page in pages} == {StatusClose.UNKNOWN_TICKET}
        await feed.stop()

    run(body())


def test_a_finished_ticket_is_sent_then_ended() -> None:
    async def body() -> None:
        feed = StatusFeed(FakeOffice(tickets=1).compute, interval=60, refresh=60)
        page = feed.watch(4)
        feed.on_events([event(1, 4, TicketState.DONE, 7)])
        final = sent(page)
        assert final == update("A004", None, TicketState.DONE, 7)
        assert page.close == StatusClose.TICKET_ENDED

    run(body())
