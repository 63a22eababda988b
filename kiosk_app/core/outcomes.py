"""What comes back from the server or the offline store: an issued ticket or a failure.

Both are plain frozen values, so the flow and the presenters can hold them
without knowing where they came from.
"""

from dataclasses import dataclass
from datetime import datetime

from queue_protocol import LocalizedText, Ticket, TicketClass


@dataclass(frozen=True)
class Failure:
    """Something the visitor must be told: a stable ``code`` and a message in both languages.

    ``detail`` says what exactly failed (a misread MRZ's check digits, for instance).
    """

    code: str
    message: LocalizedText
    detail: LocalizedText | None = None


@dataclass(frozen=True)
class IssuedTicket:
    """A ticket as the kiosk shows and prints it. Never carries a name or passport number.

    ``ticket_id`` is None for a ticket issued offline from a lease (the server gives
    it an id at hand-in); such a ticket has no status page yet, so no ``status_url``.
    """

    client_ref: str
    number: str
    service: str
    service_name: LocalizedText
    people_ahead: int
    estimated_wait_min: int
    issued_at: datetime
    ticket_id: int | None = None
    stage_name: LocalizedText | None = None
    status_url: str | None = None
    priority: bool = False
    reprinted: bool = False
    offline: bool = False
    wait_range_min: tuple[int, int] | None = None  # when the estimate's error is wide

    @classmethod
    def from_ticket(cls, ticket: Ticket, client_ref: str) -> "IssuedTicket":
        """The kiosk's view of a ticket the server issued (or re-issued)."""
        return cls(
            client_ref=client_ref,
            number=ticket.number,
            service=ticket.service,
            service_name=ticket.service_name,
            people_ahead=max(0, ticket.position or 0),  # position counts those ahead
            estimated_wait_min=ticket.estimated_wait_min or 0,
            wait_range_min=_range(ticket),
            issued_at=ticket.issued_at,
            ticket_id=ticket.id,
            stage_name=ticket.stage_name,
            status_url=ticket.status_url,
            priority=ticket.ticket_class == TicketClass.PRIORITY,
            reprinted=ticket.reprinted,
        )


def _range(ticket: Ticket) -> tuple[int, int] | None:
    low, high = ticket.estimated_wait_low_min, ticket.estimated_wait_high_min
    return (low, high) if low is not None and high is not None else None
