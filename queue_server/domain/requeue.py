"""Putting a no-show back in line: whether the office allows it now, and where it goes.

Invariants: a ticket is put back only when the office allows requeues
(``no_show_requeue``), only on the day it was issued, and only within
``no_show_requeue_minutes`` of being marked a no-show; anything else is refused
with a reason in both languages and changes nothing. "back" queues it as if it
arrived now; "original" gives it back the arrival time it had, so it goes where
it stood.
"""

from dataclasses import dataclass
from datetime import date, datetime

from queue_server.domain.errors import DomainError
from queue_server.domain.office import PolicyDef


class RequeueRefusedError(DomainError):
    code = "requeue_refused"
    http_status = 409


@dataclass(frozen=True)
class NoShow:
    """What the rule reads of a no-show ticket."""

    day: date
    marked_at: datetime  # when it was marked a no-show
    queued_at: datetime  # its arrival in the queue it left


def requeue_refusal(
    policy: PolicyDef, ticket: NoShow, *, now: datetime, today: date
) -> RequeueRefusedError | None:
    """Why ``ticket`` may not be put back in line now, or None when it may."""
    if not policy.no_show_requeue:
        return RequeueRefusedError(
            message_en="This office does not put no-shows back in line; the visitor needs a new "
            "ticket.",
            message_id="Kantor ini tidak mengembalikan tiket tidak hadir ke antrean; pengunjung "
            "perlu mengambil tiket baru.",
            code="requeue_disabled",
        )
    minutes = policy.no_show_requeue_minutes
    if ticket.day != today or (now - ticket.marked_at).total_seconds() > minutes * 60:
        return RequeueRefusedError(
            message_en=f"This ticket was marked a no-show more than {minutes} minutes ago; the "
            "visitor needs a new ticket.",
            message_id=f"Tiket ini ditandai tidak hadir lebih dari {minutes} menit yang lalu; "
            "pengunjung perlu mengambil tiket baru.",
            code="requeue_window_passed",
        )
    return None


def requeued_at(policy: PolicyDef, ticket: NoShow, *, now: datetime) -> datetime:
    """The arrival time the ticket takes back in line: now (the back) or its own."""
    return ticket.queued_at if policy.no_show_requeue_place == "original" else now
