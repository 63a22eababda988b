"""Push events of ``WS /api/v1/events``.

Each event has a ``seq`` that rises by one for every event the server stores;
a client that reconnects with ``?since=<last seq>`` is sent everything after it.

Devices see no more than they need: a kiosk, board or feedback screen receives each
event without a ticket's status link (its token opens the visitor's status page) and
booking reference (the M-Paspor application number), and each counter without the
name of the officer working it; only staff receive them (``device_json``,
``device_snapshot_json``).
"""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from pydantic.main import IncEx

from queue_protocol.models import LocalizedText, QueueSnapshot, Ticket


class EventType(StrEnum):
    TICKET_ISSUED = "ticket.issued"
    TICKET_CALLED = "ticket.called"
    TICKET_UPDATED = "ticket.updated"
    QUEUE_CHANGED = "queue.changed"
    ANNOUNCEMENT = "announcement"


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    seq: int
    at: datetime


class TicketEvent(_Event):
    """A ticket was issued, called (or recalled), or changed state."""

    type: Literal["ticket.issued", "ticket.called", "ticket.updated"]
    ticket: Ticket
    counter: int | None = None
    recall: bool = False
    action: str | None = None
    device: str | None = None  # the kiosk asked to reprint (action "reprint_requested")


class QueueChangedEvent(_Event):
    type: Literal["queue.changed"]
    queue: QueueSnapshot


class AnnouncementEvent(_Event):
    type: Literal["announcement"]
    text: LocalizedText


Event = Annotated[TicketEvent | QueueChangedEvent | AnnouncementEvent, Field(discriminator="type")]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def parse_event(raw: str | bytes) -> Event:
    """Parse one JSON event as sent on the WebSocket."""
    return EVENT_ADAPTER.validate_json(raw)


STAFF_ONLY = frozenset({"status_url", "booking_ref"})  # what of a ticket a device never gets
# of a counter, devices get neither its ticket's staff-only fields nor its officer's name
_HIDDEN_COUNTER: dict[str, IncEx | bool] = {"current": set(STAFF_ONLY), "officer": True}
_SNAPSHOT_EXCLUDE: dict[str, IncEx | bool] = {"counters": {"__all__": _HIDDEN_COUNTER}}


def device_json(event: Event) -> str:
    """The event as kiosks, boards and feedback screens receive it: its tickets without
    status link and booking reference (the keys are left out)."""
    exclude: IncEx | None = None
    if isinstance(event, TicketEvent):
        exclude = {"ticket": set(STAFF_ONLY)}
    elif isinstance(event, QueueChangedEvent):
        exclude = {"queue": _SNAPSHOT_EXCLUDE}
    return event.model_dump_json(by_alias=True, exclude=exclude)


def device_snapshot_json(snapshot: QueueSnapshot) -> str:
    """``GET /api/v1/queue`` as a device receives it (see ``device_json``)."""
    return snapshot.model_dump_json(by_alias=True, exclude=_SNAPSHOT_EXCLUDE)
