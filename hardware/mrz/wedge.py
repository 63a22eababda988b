"""Keyboard-wedge MRZ readers: gather typed lines into one document.

A reader in keyboard mode types line 1, Enter, line 2, Enter (and line 3 for an
ID card). The collector is pure: the kiosk feeds it ``(key, timestamp_seconds)``
from a hidden focused widget and calls ``poll`` from a timer. A document is done
when its lines form a whole MRZ (3 x 30, 2 x 36, 2 x 44), or when no key came for
``gap`` seconds after at least one character (an incomplete read is still handed
over so the parser can say what is wrong with it).
"""

from hardware.mrz.framing import clean_lines, is_complete_mrz

ENTER_KEYS = frozenset({"Enter", "Return", "\r", "\n"})


class MrzWedgeCollector:
    """Collects keystrokes into MRZ texts (lines joined by ``\\n``).

    Args:
        gap: seconds of silence that end a document (readers type 50-100 keys/s).
        max_length: characters kept at most; more is not an MRZ and is cut off.
    """

    def __init__(self, *, gap: float = 0.1, max_length: int = 200) -> None:
        self.gap = gap
        self.max_length = max_length
        self._lines: list[str] = []
        self._line: list[str] = []
        self._size = 0
        self._last_at: float | None = None

    def feed(self, key: str, at: float) -> str | None:
        """One key at ``at`` seconds; returns a finished document or None."""
        finished = self.poll(at)
        self._last_at = at
        if key in ENTER_KEYS:
            self._end_line()
            if is_complete_mrz(self._lines):
                finished = finished or self._take()
        elif len(key) == 1 and key.isprintable() and self._size < self.max_length:
            self._line.append(key)
            self._size += 1
        return finished

    def poll(self, now: float) -> str | None:
        """The document that silence up to ``now`` has ended, if any."""
        if self._last_at is None or now - self._last_at < self.gap:
            return None
        self._last_at = None
        self._end_line()
        return self._take()

    def _end_line(self) -> None:
        self._lines.extend(clean_lines("".join(self._line)))
        self._line.clear()

    def _take(self) -> str | None:
        text = "\n".join(self._lines)
        self._lines.clear()
        self._size = 0
        return text or None
