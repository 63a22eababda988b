"""The waiting-room board's state, fed by push events; no Qt, no I/O.

Invariants:
- the board never holds a visitor's name or any ticket field beyond number,
  service and counter (UU PDP; the contract's tickets carry no name anyway);
- a ``QueueChangedEvent`` snapshot replaces counters, waiting counts and the
  running text; ticket events only add calls and fix one counter's number;
- ``ticket.called`` makes the ticket the one "now calling", highlighted for
  ``highlight_seconds`` on the injected clock; a recall is a new call;
- a call older than ``stale_after_seconds`` (a catch-up replay after a long
  disconnection) is listed but neither highlighted nor announced, so a board
  coming back does not read out twenty old calls;
- the recent list holds each number once, newest first, at most ``recent_limit``;
- filters: only the configured services and counters (empty means all).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from queue_protocol import (
    AnnouncementEvent,
    CounterState,
    Event,
    LocalizedText,
    QueueChangedEvent,
    QueueSnapshot,
    Ticket,
    TicketEvent,
    TicketState,
)

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class BoardFilter:
    """Which services and counters this board shows; empty sets mean all."""

    services: frozenset[str] = frozenset()
    counters: frozenset[int] = frozenset()

    def shows_service(self, code: str) -> bool:
        return not self.services or code in self.services

    def shows_counter(self, number: int) -> bool:
        return not self.counters or number in self.counters


@dataclass(frozen=True)
class OfficeHeader:
    """What the board's top bar shows of the office."""

    name: str
    timezone: str = "Asia/Jakarta"
    zone_abbreviation: str = "WIB"
    logo: bytes | None = None


@dataclass(frozen=True)
class Call:
    """A ticket called to a counter, as the board shows and announces it."""

    number: str
    counter: int
    service: str
    called_at: datetime  # the board's clock when the call arrived
    recall: bool = False


@dataclass(frozen=True)
class CounterRow:
    number: int
    name: LocalizedText
    open: bool
    current: str | None  # the ticket number served or called there now


@dataclass(frozen=True)
class ServiceLabel:
    """How visitors know a service: its ticket letter and its name."""

    prefix: str
    name: LocalizedText


@dataclass(frozen=True)
class WaitingRow:
    service: str
    name: LocalizedText
    waiting: int
    prefix: str | None = None  # the ticket letter ("A"), when the server told it


@dataclass(frozen=True)
class BoardState:
    """What the screen draws, at one instant."""

    now_calling: Call | None
    highlighted: bool
    recent: tuple[Call, ...]
    counters: tuple[CounterRow, ...]
    waiting: tuple[WaitingRow, ...]
    announcements: tuple[LocalizedText, ...]
    connected: bool
    seq: int
    trouble: str | None = None  # a text key: why the board cannot reach its server


@dataclass
class _Rows:
    counters: dict[int, CounterRow] = field(default_factory=dict)
    waiting: tuple[WaitingRow, ...] = ()
    announcements: tuple[LocalizedText, ...] = ()


class Board:
    """Board state; ``apply`` events in ``seq`` order, read ``state()`` to draw.

    Not thread-safe by design: the app applies events on the UI thread only.

    Args:
        clock: the current time (timezone-aware), injected so tests run on a fake clock.
        board_filter: which services and counters to show.
        highlight_seconds: how long a new call stays highlighted (blinking).
        recent_limit: how many earlier calls the recent list keeps.
        stale_after_seconds: calls older than this on arrival are not announced.
        announcement_limit: how many running-text items are kept.
    """

    def __init__(
        self,
        clock: Clock,
        *,
        board_filter: BoardFilter | None = None,
        highlight_seconds: float = 10.0,
        recent_limit: int = 8,
        stale_after_seconds: float = 120.0,
        announcement_limit: int = 5,
    ) -> None:
        self._clock = clock
        self._filter = board_filter or BoardFilter()
        self._highlight = timedelta(seconds=highlight_seconds)
        self._stale = timedelta(seconds=stale_after_seconds)
        self._recent_limit = recent_limit
        self._announcement_limit = announcement_limit
        self._now: Call | None = None
        self._recent: list[Call] = []
        self._rows = _Rows()
        self._connected = False
        self._trouble: str | None = None
        self._seq = 0
        self._listeners: list[Callable[[], None]] = []
        self._labels: dict[str, ServiceLabel] = {}
        self._snapshot: QueueSnapshot | None = None

    def set_service_labels(self, labels: Mapping[str, ServiceLabel]) -> None:
        """Service code -> letter and name: a staged queue's own name is the stage's."""
        self._labels = dict(labels)
        if self._snapshot is not None:
            self._load_snapshot(self._snapshot)
        self._changed()

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` (no arguments) after every change."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[], None]) -> None:
        """Stop telling ``listener`` (a view being closed)."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _changed(self) -> None:
        for listener in self._listeners:
            listener()

    def state(self) -> BoardState:
        """The state to draw now (the highlight depends on the clock)."""
        now = self._clock()
        highlighted = self._now is not None and now - self._now.called_at < self._highlight
        return BoardState(
            now_calling=self._now,
            highlighted=highlighted,
            recent=tuple(self._recent),
            counters=tuple(self._rows.counters[k] for k in sorted(self._rows.counters)),
            waiting=self._rows.waiting,
            announcements=self._rows.announcements,
            connected=self._connected,
            seq=self._seq,
            trouble=self._trouble,
        )

    def set_connected(self, connected: bool) -> None:
        """The link to the server came or went; the last state is kept meanwhile."""
        if connected != self._connected:
            self._connected = connected
            self._changed()

    def set_trouble(self, trouble: str | None) -> None:
        """Why the board cannot reach its server (``not_enrolled``, ``untrusted``), or None."""
        if trouble != self._trouble:
            self._trouble = trouble
            self._changed()

    def apply_snapshot(self, snapshot: QueueSnapshot) -> None:
        """Replace counters, waiting counts and running text with ``snapshot``."""
        self._load_snapshot(snapshot)
        self._seq = max(self._seq, snapshot.seq)
        self._changed()

    def apply(self, event: Event) -> list[Call]:
        """Apply one event; return the calls to announce (empty for most events)."""
        self._seq = max(self._seq, event.seq)
        calls: list[Call] = []
        if isinstance(event, QueueChangedEvent):
            self._load_snapshot(event.queue)
        elif isinstance(event, AnnouncementEvent):
            self._add_announcement(event.text)
        elif event.type == "ticket.called":
            calls = self._on_called(event)
        elif event.type == "ticket.updated":
            self._on_updated(event.ticket)
        self._changed()
        return calls

    def _load_snapshot(self, snapshot: QueueSnapshot) -> None:
        self._snapshot = snapshot
        self._rows.counters = {
            c.number: CounterRow(
                number=c.number,
                name=c.name,
                open=c.state is CounterState.OPEN,
                current=c.current.number if c.current is not None else None,
            )
            for c in snapshot.counters
            if self._filter.shows_counter(c.number)
        }
        self._rows.waiting = tuple(
            row
            for row in _merge_stages(snapshot, self._labels)
            if self._filter.shows_service(row.service)
        )
        self._rows.announcements = tuple(snapshot.announcements[-self._announcement_limit :])

    def _add_announcement(self, text: LocalizedText) -> None:
        kept = [a for a in self._rows.announcements if a != text]
        kept.append(text)
        self._rows.announcements = tuple(kept[-self._announcement_limit :])

    def _on_called(self, event: TicketEvent) -> list[Call]:
        ticket = event.ticket
        counter = event.counter if event.counter is not None else ticket.counter
        if counter is None:
            return []
        if not (self._filter.shows_counter(counter) and self._filter.shows_service(ticket.service)):
            return []
        now = self._clock()
        stale = now - event.at > self._stale
        call = Call(
            number=ticket.number,
            counter=counter,
            service=ticket.service,
            # A stale call is placed where its highlight has already run out.
            called_at=now - self._highlight if stale else now,
            recall=event.recall,
        )
        self._push_call(call)
        row = self._rows.counters.get(counter)
        if row is not None:
            self._rows.counters[counter] = replace(row, current=ticket.number)
        return [] if stale else [call]

    def _push_call(self, call: Call) -> None:
        previous = [self._now] if self._now is not None else []
        earlier = [c for c in previous + self._recent if c.number != call.number]
        self._recent = earlier[: self._recent_limit]
        self._now = call

    def _on_updated(self, ticket: Ticket) -> None:
        """A finished, no-show or cancelled ticket leaves its counter's number."""
        if not ticket.status.is_final and ticket.status is not TicketState.WAITING:
            return
        for number, row in self._rows.counters.items():
            if row.current == ticket.number:
                self._rows.counters[number] = replace(row, current=None)


def _merge_stages(
    snapshot: QueueSnapshot, labels: Mapping[str, ServiceLabel]
) -> Iterable[WaitingRow]:
    """One row per service, its stages summed: visitors ask per service, not per stage."""
    rows: dict[str, WaitingRow] = {}
    for queue in snapshot.services:
        row = rows.get(queue.code)
        label = labels.get(queue.code)
        waiting = queue.waiting + (row.waiting if row else 0)
        name = label.name if label else (row.name if row else queue.name)
        rows[queue.code] = WaitingRow(queue.code, name, waiting, label.prefix if label else None)
    return rows.values()
