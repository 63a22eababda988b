"""Who may write now: one exclusive write alone, or a few concurrent writes together.

A write that keeps its own invariants with row locks (issuing, call-next, an
officer's action on a ticket) may run beside others of its kind on PostgreSQL.
Every other write is exclusive: it waits until the concurrent ones in progress
have ended, and none begins until it has. While it waits for them no new one
begins, so a steady stream of concurrent writes never starves it.
"""

import threading


class WriteGate:
    def __init__(self, max_concurrent: int) -> None:
        self._entry = threading.Lock()  # held by an exclusive write for its whole length
        self._idle = threading.Condition()  # notified when the last concurrent write ends
        self._active = 0
        self._slots = threading.BoundedSemaphore(max_concurrent)

    def acquire_exclusive(self, timeout: float = -1) -> bool:
        """Wait (at most ``timeout`` seconds, if given) for the writes in progress to end."""
        if not self._entry.acquire(timeout=timeout):
            return False
        with self._idle:
            drained = self._idle.wait_for(
                lambda: self._active == 0, timeout=None if timeout < 0 else timeout
            )
        if not drained:
            self._entry.release()
        return drained

    def release_exclusive(self) -> None:
        self._entry.release()

    def acquire_concurrent(self) -> None:
        self._slots.acquire()
        with self._entry, self._idle:  # behind an exclusive write in progress or waiting
            self._active += 1

    def release_concurrent(self) -> None:
        with self._idle:
            self._active -= 1
            if self._active == 0:
                self._idle.notify_all()
        self._slots.release()

    @property
    def active(self) -> int:
        """Concurrent writes in progress."""
        return self._active
