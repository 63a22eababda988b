"""The write gate: concurrent writes together, an exclusive one alone."""

import threading
import time
from collections.abc import Callable

from queue_server.storage.write_gate import WriteGate

SHORT = 0.05


def _in_thread(acquire: Callable[[], object], then: threading.Event) -> threading.Thread:
    """Acquire in a thread of its own, then set ``then``."""

    def run() -> None:
        acquire()
        then.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_concurrent_writes_share_the_gate_up_to_its_limit() -> None:
    gate = WriteGate(max_concurrent=2)
    gate.acquire_concurrent()
    gate.acquire_concurrent()
    assert gate.active == 2
    third = threading.Event()
    thread = _in_thread(gate.acquire_concurrent, third)

    assert not third.wait(SHORT)  # the limit holds it back
    gate.release_concurrent()
    assert third.wait(5)
    thread.join()
    assert gate.active == 2


def test_an_exclusive_write_waits_for_the_concurrent_ones_to_end() -> None:
    gate = WriteGate(max_concurrent=4)
    gate.acquire_concurrent()

    assert gate.acquire_exclusive(timeout=SHORT) is False  # still one in progress
    gate.release_concurrent()
    assert gate.acquire_exclusive(timeout=SHORT) is True
    gate.release_exclusive()


def test_no_concurrent_write_begins_while_an_exclusive_one_waits_or_runs() -> None:
    gate = WriteGate(max_concurrent=4)
    gate.acquire_concurrent()
    exclusive = threading.Event()
    later = threading.Event()
    writer = _in_thread(gate.acquire_exclusive, exclusive)
    time.sleep(SHORT)  # the exclusive write is waiting now
    newcomer = _in_thread(gate.acquire_concurrent, later)

    assert not later.wait(SHORT)  # queued behind the waiting exclusive write
    gate.release_concurrent()
    assert exclusive.wait(5)
    assert not later.wait(SHORT)  # and behind it while it runs
    gate.release_exclusive()
    assert later.wait(5)
    writer.join()
    newcomer.join()


def test_an_exclusive_write_that_gave_up_leaves_the_gate_usable() -> None:
    gate = WriteGate(max_concurrent=1)
    gate.acquire_concurrent()
    assert gate.acquire_exclusive(timeout=SHORT) is False
    gate.release_concurrent()

    gate.acquire_concurrent()  # the give-up did not keep the entry
    gate.release_concurrent()
    assert gate.acquire_exclusive(timeout=SHORT) is True
    gate.release_exclusive()
