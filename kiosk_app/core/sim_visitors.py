"""The demo's simulated visitors at the kiosk: who comes, and what each does at the screen.

The demo appends one JSON object a line to a feed file: ``{"booking": CODE}`` (a booked
visitor scans the code) or ``{"service": CODE, "priority": GROUP}`` (a walk-in taps
"no booking", answers the priority question and chooses the service). The kiosk plays
them one after another through its own flow, so tickets are issued, printed and shown
as a visitor's would be. Pure: no Qt, no file access (``FeedReader`` takes the bytes read).
"""

import json
import logging
from dataclasses import dataclass, field

from kiosk_app.core.events import (
    BookingCodeEntered,
    DonePressed,
    Event,
    ModeChosen,
    PriorityChosen,
    ServiceChosen,
)
from kiosk_app.core.state import Mode
from queue_protocol import PriorityGroup

log = logging.getLogger(__name__)
MAX_LINE = 4096  # a feed line longer than this is no visitor


@dataclass(frozen=True)
class SimVisitor:
    """A booked visitor (``booking``) or a walk-in for ``service``."""

    booking: str | None = None
    service: str | None = None
    priority: PriorityGroup | None = None

    def steps(self) -> list[Event]:
        """What the visitor does at the kiosk, in order; then the ticket is taken."""
        if self.booking is not None:
            return [BookingCodeEntered(self.booking), DonePressed()]
        assert self.service is not None
        return [
            ModeChosen(Mode.WALK_IN),
            PriorityChosen(self.priority),
            ServiceChosen(self.service),
            DonePressed(),
        ]


def parse_visitor(line: str) -> SimVisitor | None:
    """One feed line as a visitor; None (and a log line) for anything else."""
    if not line.strip():
        return None
    try:
        raw = json.loads(line[:MAX_LINE]) if len(line) <= MAX_LINE else None
        if not isinstance(raw, dict):
            raise ValueError("not an object")
        booking, service, priority = raw.get("booking"), raw.get("service"), raw.get("priority")
        if isinstance(booking, str) and booking:
            return SimVisitor(booking=booking)
        if isinstance(service, str) and service:
            return SimVisitor(
                service=service, priority=PriorityGroup(priority) if priority else None
            )
        raise ValueError("neither a booking nor a service")
    except ValueError as error:
        log.warning("simulated visitor feed: a line skipped (%s)", error)
        return None


@dataclass
class FeedReader:
    """Reads the visitors appended to the feed since the last read."""

    offset: int = 0  # bytes of the feed read so far
    _partial: bytes = field(default=b"", repr=False)

    def take(self, data: bytes) -> list[SimVisitor]:
        """``data``: the feed from ``offset`` on; its complete lines become visitors."""
        whole, _, rest = (self._partial + data).rpartition(b"\n")
        self.offset += len(data)
        self._partial = rest[: MAX_LINE + 1]  # a line that never ends is skipped when it does
        lines = whole.decode("utf-8", errors="replace").splitlines()
        found = [parse_visitor(line) for line in lines]
        return [visitor for visitor in found if visitor is not None]
