"""Failed logins slow a guesser down: the API and the browser pages share one count."""

import threading
import time
from collections import deque
from collections.abc import Callable

LIMIT = 5  # failed logins per username and address...
WINDOW_SECONDS = 300.0  # ...in this many seconds; then the next attempt waits


class LoginThrottle:
    """At most ``limit`` failed logins per username and address in ``window`` seconds."""

    def __init__(
        self,
        limit: int = LIMIT,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
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

    def retry_after(self, username: str, address: str) -> int:
        """Seconds until another attempt is allowed; 0 when allowed now."""
        with self._lock:
            failures = self._recent((username.lower(), address))
            if len(failures) < self.limit:
                return 0
            return max(int(failures[0] + self.window - self.clock()) + 1, 1)

    def failed(self, username: str, address: str) -> None:
        with self._lock:
            self._recent((username.lower(), address)).append(self.clock())
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
