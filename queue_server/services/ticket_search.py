"""A ticket of today found by its number, as the officer console shows it: where it
stands, its events, and what an officer may still do with it. A read model."""

import re
from dataclasses import dataclass
from datetime import datetime

from queue_protocol import LocalizedText, Ticket, TicketAction, TicketState
from queue_server.domain.errors import InvalidRequestError, NotFoundError
from queue_server.domain.lifecycle import LifecycleAction, allowed_actions, queue_key
from queue_server.domain.requeue import requeue_refusal
from queue_server.services.context import ServerContext
from queue_server.services.ticket_actions import no_show_of
from queue_server.services.ticket_view import to_ticket
from queue_server.storage import event_store, ticket_store

NUMBER = re.compile(r"^[A-Z]{1,2}[0-9]{1,7}$")
HISTORY_LIMIT = 100
# What the console offers on a found ticket; calling, starting and finishing stay with the
# counter that has it.
OFFERED = {
    LifecycleAction.REQUEUE: TicketAction.REQUEUE,
    LifecycleAction.TRANSFER: TicketAction.TRANSFER,
    LifecycleAction.CANCEL: TicketAction.CANCEL,
}


@dataclass(frozen=True)
class HistoryLine:
    """One event of the ticket: when, what, who, at which counter."""

    at: datetime
    type: str
    action: str | None
    actor: str
    counter: int | None


@dataclass(frozen=True)
class FoundTicket:
    ticket: Ticket
    queue: str
    history: list[HistoryLine]
    actions: list[TicketAction]
    requeue_refused: LocalizedText | None  # why a no-show may not be put back now


def normalised_number(text: str) -> str:
    """``" a12 "`` -> ``"A12"``; a number the office could not have issued is refused."""
    number = text.strip().upper().replace(" ", "").replace("-", "")
    if not NUMBER.fullmatch(number):
        raise InvalidRequestError(
            message_en="Type a ticket number such as A012.",
            message_id="Ketik nomor tiket, misalnya A012.",
            code="bad_ticket_number",
        )
    return number


def find_today(ctx: ServerContext, text: str) -> FoundTicket:
    """Today's ticket numbered ``text``, with its place, history and allowed actions."""
    number = normalised_number(text)
    with ctx.db.read() as session:
        rows = (ticket_store.by_number(session, ctx.today(), n) for n in _spellings(ctx, number))
        row = next((found for found in rows if found is not None), None)
        if row is None:
            raise NotFoundError(
                message_en=f"No ticket {number} today.",
                message_id=f"Tidak ada tiket {number} hari ini.",
                code="ticket_not_found",
            )
        ticket = to_ticket(ctx, session, row)
        events = event_store.audit(session, ticket_id=row.id, limit=HISTORY_LIMIT)
        refused = None
        state = TicketState(row.status)
        if state == TicketState.NO_SHOW:
            refusal = requeue_refusal(
                ctx.office.policy, no_show_of(row), now=ctx.now(), today=ctx.today()
            )
            if refusal is not None:
                refused = LocalizedText(id=refusal.message_id, en=refusal.message_en)
    offered = allowed_actions(state)
    actions = [
        OFFERED[action]
        for action in OFFERED
        if action in offered and not (action == LifecycleAction.REQUEUE and refused)
    ]
    return FoundTicket(
        ticket=ticket,
        queue=queue_key(row.service, row.stage),
        history=[
            HistoryLine(ctx.local(e.at), e.type, e.action, e.actor, e.counter)
            for e in reversed(events)
        ],
        actions=actions,
        requeue_refused=refused,
    )


def _spellings(ctx: ServerContext, number: str) -> list[str]:
    """``A12`` as typed, and as the office pads it: ``A012``."""
    prefix = number.rstrip("0123456789")
    padded = prefix + number[len(prefix) :].zfill(ctx.office.office.number_padding)
    return [number] if padded == number else [number, padded]
