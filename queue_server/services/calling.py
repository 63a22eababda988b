"""Counter work: open, pause, close, call next, and the officer's actions on a ticket.

Invariant: a ticket is called by at most one counter. Call-next runs in one
write transaction (alone on SQLite; on PostgreSQL beside other counters' calls,
holding its own counter's row and the heads it read, passing over heads another
call holds) and claims the ticket with ``UPDATE ... WHERE status = 'waiting'``:
a ticket changed since it was chosen is not claimed, and the next is chosen. So
neither two threads nor a second server process can call a ticket twice.
"""

from queue_protocol import (
    CounterAction,
    CounterState,
    EventType,
    PauseReason,
    Ticket,
    TicketClass,
)
from queue_server.domain.errors import DomainError, NotFoundError
from queue_server.domain.lifecycle import queue_key, split_queue_key
from queue_server.domain.office import CounterDef
from queue_server.domain.policy import (
    CallContext,
    PolicyConfig,
    WaitingTicket,
    choose_next,
    history_window,
)
from queue_server.services.context import Actor, ServerContext
from queue_server.services.ticket_actions import finish_ticket
from queue_server.services.ticket_view import to_ticket
from queue_server.services.transaction import Tx, rerun_on_conflict, write
from queue_server.storage import event_store, ticket_changes, ticket_store
from queue_server.storage.models import CounterRow, TicketRow

# A claim fails only because another counter called (or someone else changed) that
# ticket in the meantime: each failure is another write's progress, so the bound is
# only a safety net (fifty counters pressing at once on one queue took up to eight).
MAX_CLAIM_ATTEMPTS = 100


def counter_def(ctx: ServerContext, number: int) -> CounterDef:
    found = ctx.office.counter(number)
    if found is None:
        raise NotFoundError(
            message_en=f"There is no counter {number}.", message_id=f"Loket {number} tidak ada."
        )
    return found


def counter_row(tx: Tx, number: int) -> CounterRow:
    row = ticket_changes.load_counter(tx.session, number, for_update=True)
    if row is None:
        row = CounterRow(
            number=number,
            state=CounterState.CLOSED.value,
            officer=None,
            current_ticket_id=None,
            updated_at=tx.ctx.now(),
            pause_reason=None,
        )
        ticket_changes.add_counter(tx.session, row)
    return row


COUNTER_EVENT = "counter"  # the event-log type of opening, pausing and closing a counter


def set_counter_state(
    ctx: ServerContext,
    number: int,
    action: CounterAction,
    actor: Actor,
    reason: PauseReason | None = None,
) -> None:
    """Open, pause (with the officer's reason, if given) or close the counter; audited as a
    ``counter`` event (never pushed: screens see the counter in the queue snapshot)."""
    counter_def(ctx, number)
    state = {
        CounterAction.OPEN: CounterState.OPEN,
        CounterAction.PAUSE: CounterState.PAUSED,
        CounterAction.CLOSE: CounterState.CLOSED,
    }[action]
    with write(ctx, actor) as tx:
        row = counter_row(tx, number)
        if state == CounterState.CLOSED and row.current_ticket_id is not None:
            current = ticket_changes.load_ticket(tx.session, row.current_ticket_id)
            raise DomainError(
                message_en=f"Finish or mark ticket {current.number if current else ''} before "
                "closing.",
                message_id=f"Selesaikan tiket {current.number if current else ''} sebelum menutup "
                "loket.",
                code="counter_busy",
            )
        officer = actor.name if state != CounterState.CLOSED else None
        why = reason.value if state == CounterState.PAUSED and reason else None
        ticket_changes.change_counter(
            tx.session,
            row,
            state=state.value,
            officer=officer,
            updated_at=tx.ctx.now(),
            pause_reason=why,
        )
        event_store.append(
            tx.session,
            type=COUNTER_EVENT,
            at=tx.ctx.now(),
            actor=actor.label,
            data={"state": state.value, **({"reason": why} if why else {})},
            counter=number,
            action=action.value,
        )
        tx.queue_touched = True


@rerun_on_conflict
def call_next(ctx: ServerContext, number: int, actor: Actor) -> Ticket | None:
    """Call the next ticket for a counter by the office's policy; None when nobody waits."""
    definition = counter_def(ctx, number)
    with write(ctx, actor, concurrent=True) as tx:
        counter = counter_row(tx, number)
        if counter.state != CounterState.OPEN.value:
            ticket_changes.change_counter(
                tx.session,
                counter,
                state=CounterState.OPEN.value,
                officer=actor.name,
                pause_reason=None,
            )
            tx.queue_touched = True
        _release_current(tx, counter)
        for _ in range(MAX_CLAIM_ATTEMPTS):
            chosen = _choose(tx, definition)
            if chosen is None:
                return None
            called = ticket_changes.call_ticket(
                tx.session, chosen, counter, officer=actor.name, at=tx.ctx.now()
            )
            if called is not None:
                return _announced(tx, counter, called)
        raise DomainError(
            message_en="Please try again.", message_id="Silakan coba lagi.", code="busy"
        )


def _release_current(tx: Tx, counter: CounterRow) -> None:
    """A ticket being served is finished by calling the next; a called one blocks the call."""
    if counter.current_ticket_id is None:
        return
    current = ticket_changes.load_ticket(tx.session, counter.current_ticket_id, for_update=True)
    if current is None or current.status not in ("called", "serving"):
        ticket_changes.change_counter(tx.session, counter, current_ticket_id=None)
        return
    if current.status == "called":
        raise DomainError(
            message_en=f"Ticket {current.number} is still called here: start, recall or mark it "
            "no-show first.",
            message_id=f"Tiket {current.number} masih dipanggil di loket ini: mulai layani, "
            "panggil ulang, atau tandai tidak hadir terlebih dahulu.",
            code="counter_busy",
        )
    finish_ticket(tx, current)


def _choose(tx: Tx, definition: CounterDef) -> int | None:
    """The id of the ticket the office's policy calls next at this counter."""
    ctx = tx.ctx
    queues = tuple(definition.services)
    heads = ticket_store.oldest_waiting(
        tx.session, [split_queue_key(key) for key in queues], [c.value for c in TicketClass]
    )
    if not heads:
        return None
    policy = PolicyConfig(
        strategy=ctx.office.policy.strategy, class_weights=ctx.office.policy.class_weights
    )
    recent = ticket_store.recent_classes(tx.session, history_window(policy))
    waiting = [
        WaitingTicket(
            id=ticket_id,
            queue=queue_key(service, stage),
            ticket_class=TicketClass(ticket_class),
            queued_at=queued_at,
            sla_minutes=_sla(ctx, service),
        )
        for ticket_id, service, stage, ticket_class, queued_at in heads
    ]
    context = CallContext(
        queues=queues, now=ctx.now(), recent_classes=tuple(TicketClass(c) for c in recent)
    )
    chosen = choose_next(waiting, context, policy)
    return chosen.id if chosen else None


def _sla(ctx: ServerContext, service_code: str) -> int:
    service = ctx.office.service(service_code)
    return service.sla_minutes if service else 30


def _announced(tx: Tx, counter: CounterRow, row: TicketRow) -> Ticket:
    ticket = to_ticket(tx.ctx, tx.session, row)
    tx.emit(EventType.TICKET_CALLED, ticket=ticket, counter=counter.number, action="call")
    return ticket
