"""An officer's actions on one ticket: recall, start, finish, no-show, transfer, cancel,
and requeue (a no-show who came back, when and where the office's rule says).

Every action goes through the lifecycle table, so an illegal move is refused
and leaves the ticket as it was. Finishing a stage that has a next stage sends
the same number to the next stage's queue.
"""

from queue_protocol import EventType, Ticket, TicketAction, TicketState, TransferRequest
from queue_server.domain.errors import InvalidRequestError, NotFoundError
from queue_server.domain.lifecycle import LifecycleAction, next_stage, next_state
from queue_server.domain.requeue import NoShow, requeue_refusal, requeued_at
from queue_server.services.context import Actor, ServerContext
from queue_server.services.issuing import open_visit
from queue_server.services.ticket_view import to_ticket
from queue_server.services.transaction import Tx, rerun_on_conflict, write
from queue_server.storage import ticket_changes
from queue_server.storage.models import TicketRow

_LIFECYCLE = {
    TicketAction.RECALL: LifecycleAction.RECALL,
    TicketAction.START: LifecycleAction.START,
    TicketAction.FINISH: LifecycleAction.FINISH,
    TicketAction.NO_SHOW: LifecycleAction.NO_SHOW,
    TicketAction.TRANSFER: LifecycleAction.TRANSFER,
    TicketAction.CANCEL: LifecycleAction.CANCEL,
    TicketAction.REQUEUE: LifecycleAction.REQUEUE,
}


@rerun_on_conflict
def act(
    ctx: ServerContext,
    ticket_id: int,
    action: TicketAction,
    actor: Actor,
    transfer: TransferRequest | None = None,
) -> Ticket:
    with write(ctx, actor, concurrent=True) as tx:
        row = _lock_ticket(tx, ticket_id)
        next_state(TicketState(row.status), _LIFECYCLE[action])  # refuses illegal moves
        if action == TicketAction.RECALL:
            return _recall(tx, row)
        if action == TicketAction.START:
            return _start(tx, row)
        if action == TicketAction.FINISH:
            return finish_ticket(tx, row)
        if action == TicketAction.TRANSFER:
            return _transfer(tx, row, transfer or TransferRequest())
        if action == TicketAction.REQUEUE:
            return _requeue_no_show(tx, row)
        outcome = TicketState.NO_SHOW if action == TicketAction.NO_SHOW else TicketState.CANCELLED
        return _end(tx, row, outcome, action.value)


def _lock_ticket(tx: Tx, ticket_id: int) -> TicketRow:
    row = ticket_changes.lock_ticket(tx.session, ticket_id)
    if row is None:
        raise NotFoundError(
            message_en=f"No ticket {ticket_id}.", message_id=f"Tiket {ticket_id} tidak ada."
        )
    return row


def _recall(tx: Tx, row: TicketRow) -> Ticket:
    ticket_changes.change_ticket(tx.session, row, recalls=row.recalls + 1)
    ticket = to_ticket(tx.ctx, tx.session, row)
    tx.emit(
        EventType.TICKET_CALLED, ticket=ticket, counter=row.counter, recall=True, action="recall"
    )
    return ticket


def _start(tx: Tx, row: TicketRow) -> Ticket:
    now = tx.ctx.now()
    ticket_changes.change_ticket(tx.session, row, status=TicketState.SERVING.value, started_at=now)
    ticket_changes.change_open_visit(tx.session, row.id, started_at=now)
    return _emit_updated(tx, row, "start", row.counter)


def finish_ticket(tx: Tx, row: TicketRow) -> Ticket:
    """Done, or on to the next stage's queue with the same number."""
    service = tx.ctx.office.service(row.service)
    following = next_stage(service.stage_codes, row.stage) if service else None
    if following is None:
        return _end(tx, row, TicketState.DONE, "finish")
    counter = row.counter
    _close_visit(tx, row, "done")
    _requeue(tx, row, stage=following, service=row.service, keep_place=False)
    return _emit_updated(tx, row, "advance", counter)


def _transfer(tx: Tx, row: TicketRow, request: TransferRequest) -> Ticket:
    ctx = tx.ctx
    current = ctx.office.service(row.service)
    if request.service is None or request.service == row.service:
        stage = next_stage(current.stage_codes, row.stage) if current else None
        if stage is None:
            raise InvalidRequestError(
                message_en="This ticket has no next stage; choose a service to transfer it to.",
                message_id="Tiket ini tidak memiliki tahap berikutnya; pilih layanan tujuan.",
                code="no_next_stage",
            )
        service_code = row.service
    else:
        target = ctx.office.service(request.service)
        if target is None:
            raise NotFoundError(
                message_en=f"There is no service {request.service!r}.",
                message_id=f"Layanan {request.service!r} tidak ada.",
            )
        service_code, stage = target.code, target.first_stage
    keep = (
        ctx.office.policy.transfer_keeps_place if request.keep_place is None else request.keep_place
    )
    counter = row.counter
    _close_visit(tx, row, "transferred")
    _requeue(tx, row, stage=stage, service=service_code, keep_place=keep)
    return _emit_updated(tx, row, "transfer", counter)


def no_show_of(row: TicketRow) -> NoShow:
    """What the requeue rule reads of a no-show ticket's row."""
    return NoShow(day=row.day, marked_at=row.finished_at or row.queued_at, queued_at=row.queued_at)


def _requeue_no_show(tx: Tx, row: TicketRow) -> Ticket:
    """Back in the queue it left, at the back or at its old place as the office says."""
    ctx = tx.ctx
    policy, ticket = ctx.office.policy, no_show_of(row)
    refusal = requeue_refusal(policy, ticket, now=ctx.now(), today=ctx.today())
    if refusal is not None:
        raise refusal
    ticket_changes.change_ticket(
        tx.session,
        row,
        status=TicketState.WAITING.value,
        counter=None,
        officer=None,
        called_at=None,
        started_at=None,
        finished_at=None,
        queued_at=requeued_at(policy, ticket, now=ctx.now()),
    )
    open_visit(tx, row)
    return _emit_updated(tx, row, "requeue", None)


def _requeue(tx: Tx, row: TicketRow, *, stage: str | None, service: str, keep_place: bool) -> None:
    _release_counter(tx, row)
    values: dict[str, object] = {
        "service": service,
        "stage": stage,
        "status": TicketState.WAITING.value,
        "counter": None,
        "officer": None,
        "called_at": None,
        "started_at": None,
    }
    if not keep_place:
        values["queued_at"] = tx.ctx.now()
    ticket_changes.change_ticket(tx.session, row, **values)
    open_visit(tx, row)


def _end(tx: Tx, row: TicketRow, outcome: TicketState, action: str) -> Ticket:
    ticket_changes.end_ticket(tx.session, row, outcome=outcome.value, at=tx.ctx.now())
    return _emit_updated(tx, row, action, row.counter)


def _close_visit(tx: Tx, row: TicketRow, outcome: str) -> None:
    ticket_changes.close_open_visit(tx.session, row.id, at=tx.ctx.now(), outcome=outcome)


def _release_counter(tx: Tx, row: TicketRow) -> None:
    if row.counter is not None:
        ticket_changes.release_counter(tx.session, row.counter, row.id, tx.ctx.now())


def _emit_updated(tx: Tx, row: TicketRow, action: str, counter: int | None) -> Ticket:
    # No place or wait (a ticket sent on to its next queue): forecasting them would hold
    # the write for every other writer; the status page reads them when it asks.
    ticket = to_ticket(tx.ctx, tx.session, row, live=False)
    tx.emit(EventType.TICKET_UPDATED, ticket=ticket, counter=counter, action=action)
    return ticket
