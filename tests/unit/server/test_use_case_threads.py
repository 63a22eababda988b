"""Use cases on a database outside the process run in a few worker threads at a time,
the others waiting their turn on the loop in the order they came; reads in threads of
their own, never behind writes."""

import asyncio
import threading
from collections.abc import Callable, Coroutine
from types import SimpleNamespace
from typing import Any, cast

from queue_server.api.running import READ_THREADS, WRITE_THREADS, read_use_case, use_case
from queue_server.services.context import ServerContext

# PostgreSQL's database is outside the process: every use case goes to a worker thread.
OUTSIDE = cast(ServerContext, SimpleNamespace(db=SimpleNamespace(in_process=False)))


class Counting:
    """Use cases that note when they run; the first ``held`` of them wait to be released."""

    def __init__(self, held: int) -> None:
        self.held = held
        self.release = threading.Event()
        self.running = 0
        self.most_at_once = 0
        self.order: list[int] = []
        self.threads: set[int] = set()
        self._lock = threading.Lock()

    def __call__(self, index: int) -> int:
        with self._lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            self.order.append(index)
            self.threads.add(threading.get_ident())
        if index < self.held:
            assert self.release.wait(10)
        with self._lock:
            self.running -= 1
        return index * 10


Runner = Callable[[ServerContext, Counting, int], Coroutine[Any, Any, int]]


async def _run(work: Counting, count: int) -> list[int]:
    tasks = [asyncio.create_task(use_case(OUTSIDE, work, index)) for index in range(count)]
    while len(work.order) < work.held:
        await asyncio.sleep(0.005)
    await asyncio.wait(tasks[work.held :])
    work.release.set()
    return list(await asyncio.gather(*tasks))


def test_no_more_use_cases_run_at_once_than_the_threads_allow() -> None:
    work = Counting(held=WRITE_THREADS)
    results = asyncio.run(asyncio.wait_for(_run_with_release_later(work, 12), 10))

    assert results == [index * 10 for index in range(12)]
    assert work.most_at_once == WRITE_THREADS
    assert threading.get_ident() not in work.threads


async def _run_with_release_later(
    work: Counting, count: int, run: Runner = use_case, limit: int = WRITE_THREADS
) -> list[int]:
    """``count`` use cases, the first ``work.held`` holding their threads until none
    beyond ``limit`` has started."""
    tasks = [asyncio.create_task(run(OUTSIDE, work, index)) for index in range(count)]
    while len(work.order) < work.held:
        await asyncio.sleep(0.005)
    await asyncio.sleep(0.1)  # time enough for any thread past the limit to start
    assert len(work.order) == limit, "a use case ran beyond the limit"
    work.release.set()
    return list(await asyncio.gather(*tasks))


def test_waiting_use_cases_run_in_the_order_they_came() -> None:
    """All slots but one are held; the one left serves the waiting use cases one by one."""
    work = Counting(held=WRITE_THREADS - 1)
    results = asyncio.run(asyncio.wait_for(_run(work, 20), 10))

    assert results == [index * 10 for index in range(20)]
    free_slot = [index for index in work.order if index >= work.held]
    assert free_slot == list(range(work.held, 20))
    assert work.most_at_once <= WRITE_THREADS


def test_each_event_loop_has_its_own_threads() -> None:
    """Tests and tools run one server after another, each on a loop of its own."""
    for _ in range(3):
        work = Counting(held=0)
        assert asyncio.run(_run(work, 8)) == [index * 10 for index in range(8)]


def test_reads_run_while_every_write_thread_is_held() -> None:
    """A write waiting for the disk holds its thread; a reader does not wait for it."""

    async def scenario() -> tuple[list[int], list[int]]:
        writes = Counting(held=WRITE_THREADS)
        reads = Counting(held=0)
        held = [asyncio.create_task(use_case(OUTSIDE, writes, index)) for index in range(4)]
        while len(writes.order) < WRITE_THREADS:
            await asyncio.sleep(0.005)
        read_results = await asyncio.gather(
            *(read_use_case(OUTSIDE, reads, index) for index in range(5))
        )
        # the held writes start in whichever order their threads do; the fourth waits
        assert sorted(writes.order) == list(range(WRITE_THREADS)), "the fourth write ran too soon"
        writes.release.set()
        return list(read_results), list(await asyncio.gather(*held))

    read_results, write_results = asyncio.run(asyncio.wait_for(scenario(), 10))

    assert read_results == [index * 10 for index in range(5)]
    assert write_results == [index * 10 for index in range(4)]


def test_no_more_reads_run_at_once_than_their_threads_allow() -> None:
    work = Counting(held=READ_THREADS)
    run = _run_with_release_later(work, 6, read_use_case, READ_THREADS)
    assert asyncio.run(asyncio.wait_for(run, 10)) == [index * 10 for index in range(6)]
    assert work.most_at_once == READ_THREADS
