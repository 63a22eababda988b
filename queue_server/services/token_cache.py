"""Recently checked tokens, so a busy kiosk or console does not hit the database on every
request. Logout, password change, disable and revoke clear it at once; an entry is kept
``TTL_SECONDS`` on the server's monotonic clock, and one past its end is never taken."""

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Generic, Protocol, TypeVar


class Ending(Protocol):
    @property
    def ends_at(self) -> datetime: ...


E = TypeVar("E", bound=Ending)


class TokenCache(Generic[E]):
    """Credentials by token digest; ``clock`` is a monotonic clock in seconds."""

    TTL_SECONDS = 10.0
    MAX_ENTRIES = 10_000

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._entries: dict[str, tuple[E, float]] = {}
        self._lock = threading.Lock()

    def get(self, digest: str, now: datetime) -> E | None:
        """The credential checked for ``digest`` lately, if it has not ended by ``now``."""
        with self._lock:
            entry = self._entries.get(digest)
        if entry is None or entry[1] < self._clock() or entry[0].ends_at <= now:
            return None
        return entry[0]

    def put(self, digest: str, credential: E) -> None:
        with self._lock:
            if len(self._entries) > self.MAX_ENTRIES:
                self._entries.clear()
            self._entries[digest] = (credential, self._clock() + self.TTL_SECONDS)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
