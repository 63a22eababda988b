"""When each kiosk, board and feedback screen last spoke to the server.

A device's request or open event stream is noted in memory (a dictionary write, no I/O on
the request's path); a background thread writes the notes to the database every
``FLUSH_SECONDS``, so the admin page and ``/metrics`` show which device went dark, across
restarts and server processes too. A device whose event stream is open is in contact now.
This module holds the notes; ``device_contact_writer`` writes them.
"""

import threading
from collections import Counter
from datetime import datetime


class DeviceContacts:
    """This process's notes of device contact since they were last written."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, datetime] = {}
        self._streams: Counter[str] = Counter()

    def seen(self, name: str, at: datetime) -> None:
        with self._lock:
            self._seen[name] = at

    def stream_opened(self, name: str) -> None:
        with self._lock:
            self._streams[name] += 1

    def stream_closed(self, name: str, at: datetime) -> None:
        with self._lock:
            self._streams[name] -= 1
            if self._streams[name] <= 0:
                del self._streams[name]
            self._seen[name] = at

    def noted(self) -> dict[str, datetime]:
        """The contacts noted and not yet written (they stay noted)."""
        with self._lock:
            return dict(self._seen)

    def streaming(self) -> frozenset[str]:
        """The devices with an event stream open on this process now."""
        with self._lock:
            return frozenset(self._streams)

    def take(self, now: datetime) -> dict[str, datetime]:
        """The contacts to write, forgotten here: those noted, and every open stream as
        of ``now``."""
        with self._lock:
            taken = dict(self._seen)
            self._seen.clear()
            taken.update(dict.fromkeys(self._streams, now))
        return taken
