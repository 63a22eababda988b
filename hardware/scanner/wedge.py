"""Keyboard-wedge scanners: tell a scanner's keystroke burst from a person typing.

A USB scanner in keyboard mode "types" a code far faster than a person: every
key follows the previous one within a few milliseconds, and Enter ends it. The
decoder is pure; it is fed ``(key, timestamp_seconds)`` events, where ``key`` is
one character or a key name (``"Enter"``, ``"Tab"``, ``"Backspace"``...), and
answers with events in input order: ``WedgeScan`` for a completed burst and
``WedgeKeys`` for keystrokes that belong to a person and should reach the
focused widget after all.

Invariant: every key fed comes out exactly once, either inside a scan or as a
typed key (terminators of a scan are consumed by it).
"""

from collections.abc import Iterable
from dataclasses import dataclass

ENTER_KEYS = frozenset({"Enter", "Return", "\r", "\n"})


@dataclass(frozen=True)
class WedgeScan:
    """A burst that was a scan."""

    text: str


@dataclass(frozen=True)
class WedgeKeys:
    """Keys a person typed, to be delivered as normal input."""

    keys: tuple[str, ...]


WedgeEvent = WedgeScan | WedgeKeys


class WedgeBurstDecoder:
    """Splits keyboard input into scans and human typing.

    Args:
        max_gap: the longest pause (seconds) between two keys of one scan; scanners
            send keys 1-20 ms apart, people rarely under 50 ms.
        min_length: a burst shorter than this is typing, not a scan.
        terminators: keys that end a scan.
        end_on_gap: also accept a burst that ends in silence (scanner with no suffix).
    """

    def __init__(
        self,
        *,
        max_gap: float = 0.04,
        min_length: int = 4,
        terminators: Iterable[str] = ENTER_KEYS,
        end_on_gap: bool = False,
    ) -> None:
        self.max_gap = max_gap
        self.min_length = min_length
        self.terminators = frozenset(terminators)
        self.end_on_gap = end_on_gap
        self._keys: list[str] = []
        self._last_at: float | None = None

    def feed(self, key: str, at: float) -> list[WedgeEvent]:
        """One key pressed at ``at`` seconds; returns the events it settles."""
        events = self.poll(at)
        if key in self.terminators:
            self._last_at = None
            return events + self._end(key)
        if len(key) != 1:  # a navigation/editing key: no scanner sends those
            events += self._release()
            events.append(WedgeKeys((key,)))
            return events
        self._keys.append(key)
        self._last_at = at
        return events

    def poll(self, now: float) -> list[WedgeEvent]:
        """Settle a burst that has been silent longer than ``max_gap`` at ``now``."""
        if self._last_at is None or now - self._last_at <= self.max_gap:
            return []
        self._last_at = None
        if self.end_on_gap and len(self._keys) >= self.min_length:
            text = "".join(self._keys)
            self._keys.clear()
            return [WedgeScan(text)]
        return self._release()

    def pending(self) -> bool:
        """True while keys are held back waiting to see whether they are a scan."""
        return bool(self._keys)

    def _end(self, terminator: str) -> list[WedgeEvent]:
        if len(self._keys) >= self.min_length:
            text = "".join(self._keys)
            self._keys.clear()
            return [WedgeScan(text)]
        return [*self._release(), WedgeKeys((terminator,))]

    def _release(self) -> list[WedgeEvent]:
        if not self._keys:
            return []
        keys = tuple(self._keys)
        self._keys.clear()
        return [WedgeKeys(keys)]
