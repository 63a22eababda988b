"""Failed logins slow a guesser down: the API and the browser pages share one count.

Two counts, both over ``WINDOW_SECONDS``: per name and address (a person who keeps
mistyping is stopped after ``LIMIT``), and per address across every name
(``ADDRESS_LIMIT``), so one address cannot guess its way through a list of names.
A good login clears its own name's count, never the address's: an account of one's
own must not reset the guessing of others.
"""

import threading
import time
from collections import deque
from collections.abc import Callable

LIMIT = 5  # failed logins per username and address...
ADDRESS_LIMIT = 20  # ...and per address, whatever the names...
WINDOW_SECONDS = 300.0  # ...in this many seconds; then the next attempt waits
_ANY_NAME = "\x00"  # the per-address key's name: no username holds a control character


class LoginThrottle:
    """At most ``limit`` failed logins per username and address, and ``address_limit``
    per address, in ``window`` seconds."""

    def __init__(
        self,
        limit: int = LIMIT,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        address_limit: int = ADDRESS_LIMIT,
    ) -> None:
        self.limit = limit
        self.address_limit = address_limit
        self.window = window
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        now = self.clock()
        failures = self._failures.setdefault(key, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def _wait(self, key: tuple[str, str], limit: int) -> int:
        failures = self._recent(key)
        if len(failures) < limit:
            return 0
        return max(int(failures[-limit] + self.window - self.clock()) + 1, 1)

    def retry_after(self, username: str, address: str) -> int:
        """Seconds until another attempt is allowed; 0 when allowed now."""
        with self._lock:
            return max(
                self._wait((username.lower(), address), self.limit),
                self._wait((_ANY_NAME, address), self.address_limit),
            )

    def failed(self, username: str, address: str) -> None:
        with self._lock:
            self._recent((username.lower(), address)).append(self.clock())
            self._recent((_ANY_NAME, address)).append(self.clock())
            self._forget_idle()

    def succeeded(self, username: str, address: str) -> None:
        with self._lock:
            self._failures.pop((username.lower(), address), None)

    def _forget_idle(self) -> None:
        """Drop keys whose failures have all aged out, so guessing many names keeps
        the table small."""
        if len(self._failures) < 1024:
            return
        cutoff = self.clock() - self.window
        for key in [key for key, times in self._failures.items() if times[-1] <= cutoff]:
            del self._failures[key]
