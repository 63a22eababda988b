"""``WS /api/v1/status/{token}/live``: a visitor's own ticket, pushed as it changes.

The ticket's status token opens it, and it carries that ticket alone: each message is
a ``StatusUpdate`` (the fields of ``GET /api/v1/status/{token}`` that change while
the visitor waits, under the same names), sent when one of them changes. The server
ends the stream with a close code the page acts on (``StatusClose``).
"""

from enum import IntEnum

from queue_protocol.models import LocalizedText, Model, ServiceCode
from queue_protocol.states import TicketState


class StatusUpdate(Model):
    """Where the ticket stands now; never another ticket's or visitor's data."""

    number: str
    service: ServiceCode
    service_name: LocalizedText
    stage: str | None = None
    stage_name: LocalizedText | None = None
    status: TicketState
    counter: int | None = None
    position: int | None = None  # people ahead, while waiting
    estimated_wait_min: int | None = None
    estimated_wait_low_min: int | None = None
    estimated_wait_high_min: int | None = None


class StatusClose(IntEnum):
    """Why the server ended a status stream. The first two are final (the page stops
    following and keeps what it shows); the others let the page poll and try later."""

    UNKNOWN_TICKET = 4404  # no ticket has this token (mistyped, purged, erased)
    TICKET_ENDED = 4410  # done, no-show or cancelled: nothing more will change
    TOO_MANY = 4429  # the ticket or the office has as many live pages as it serves
    SENT_DATA = 1008  # the page sent something: this stream takes nothing
    SHUTDOWN = 1001  # the server stops


FINAL_STATES = frozenset({TicketState.DONE, TicketState.NO_SHOW, TicketState.CANCELLED})
