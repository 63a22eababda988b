"""Password checks, at most ``AT_ONCE`` at a time in a server process.

Each argon2 check takes 64 MiB and a tenth of a second of a core. Unbounded, a burst
of logins (16 wrong passwords at once) grew the server by 700 MB; bounded, a burst
waits its turn and the memory stays that of two checks. A check that cannot start
within ``WAIT_SECONDS`` is refused with ``LoginBusyError`` (503 and ``Retry-After``)
rather than waiting without end.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from queue_server.domain.errors import LoginBusyError

AT_ONCE = 2
WAIT_SECONDS = 10.0
_HASHER = PasswordHasher()


class PasswordHashing:
    def __init__(self, *, at_once: int = AT_ONCE, wait_s: float = WAIT_SECONDS) -> None:
        self.wait_s = wait_s
        self._slots = threading.BoundedSemaphore(at_once) if at_once > 0 else None

    @contextmanager
    def slot(self) -> Iterator[None]:
        """One of the ``at_once`` slots, held for the block; ``LoginBusyError`` when none
        frees up in time."""
        if self._slots is None or not self._slots.acquire(timeout=self.wait_s):
            raise LoginBusyError()
        try:
            yield
        finally:
            self._slots.release()

    def verify(self, stored: str, password: str) -> bool:
        with self.slot():
            try:
                return _HASHER.verify(stored, password)
            except (VerificationError, InvalidHashError):
                return False

    def rehash(self, stored: str, password: str) -> str | None:
        """A fresh hash when ``stored`` was made with older parameters, else None."""
        if not _HASHER.check_needs_rehash(stored):
            return None
        with self.slot():
            return _HASHER.hash(password)
