"""One write transaction per use case; its events are published after the commit.

A write that changed the queue then tells the context, which has the queue
snapshot published (coalesced, see ``queue_snapshots``).
"""

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from queue_protocol import Event, EventType, QueueSnapshot, Ticket
from queue_protocol.events import EVENT_ADAPTER, QueueChangedEvent, TicketEvent
from queue_server.domain.errors import DomainError
from queue_server.services.context import Actor, ServerContext
from queue_server.storage import Session, WriteConflictError, event_store

log = logging.getLogger(__name__)
CONFLICT_ATTEMPTS = 4
P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class _Pending:
    """An event emitted by the use case, appended to the log when the write seals."""

    type: EventType
    at: datetime
    data: dict[str, Any]
    ticket: Ticket | None = None
    counter: int | None = None
    action: str | None = None
    recall: bool = False
    snapshot: QueueSnapshot | None = None


@dataclass
class Tx:
    """A write transaction in progress: the session and the events it will publish."""

    ctx: ServerContext
    session: Session
    actor: Actor
    queue_touched: bool = False
    _pending: list[_Pending] = field(default_factory=list)
    _appended: list[tuple[_Pending, int]] = field(default_factory=list)  # with their seq

    def emit(
        self,
        type_: EventType,
        *,
        ticket: Ticket | None = None,
        counter: int | None = None,
        action: str | None = None,
        recall: bool = False,
        extra: dict[str, Any] | None = None,
    ) -> None:
        """Record an event for the log (the audit trail) and for publishing; it gets its
        ``seq`` when the write seals, after the use case's other statements."""
        data: dict[str, Any] = dict(extra or {})
        if ticket is not None:
            self.queue_touched = True
            data["ticket"] = ticket.model_dump(mode="json", by_alias=True)
            data["recall"] = recall
            data["counter"] = counter
            data["action"] = action
        self._pending.append(_Pending(type_, self.ctx.now(), data, ticket, counter, action, recall))

    def emit_snapshot(self, snapshot: QueueSnapshot) -> None:
        data = {"queue": snapshot.model_dump(mode="json")}
        self._pending.append(
            _Pending(EventType.QUEUE_CHANGED, self.ctx.now(), data, snapshot=snapshot)
        )

    def seal(self) -> None:
        """Append the emitted events, in the event order, just before the commit."""
        if not self._pending:
            return
        self.session.flush()  # any row lock the write still needs, taken before the order
        take_order = self.ctx.db.event_order_to_take(self.session)
        for pending in self._pending:
            seq = event_store.append(
                self.session,
                type=pending.type.value,
                at=pending.at,
                actor=self.actor.label,
                data=pending.data,
                ticket_id=pending.ticket.id if pending.ticket else None,
                counter=pending.counter,
                action=pending.action,
                take_order=take_order,
            )
            if take_order:
                self.ctx.db.event_order_taken(self.session)
                take_order = False
            self._appended.append((pending, seq))
        self._pending.clear()

    def events(self) -> list[Event]:
        """The appended events, to publish: built after the commit, so that the rows the
        write holds (and the event order, on PostgreSQL) are free the sooner."""
        return [self._event(pending, seq) for pending, seq in self._appended]

    def _event(self, pending: _Pending, seq: int) -> Event:
        at = self.ctx.local(pending.at)
        if pending.snapshot is not None:
            queue = pending.snapshot.model_copy(update={"seq": seq})
            return QueueChangedEvent(seq=seq, at=at, type="queue.changed", queue=queue)
        if pending.ticket is None:
            return row_to_event(seq, pending.at, pending.type.value, pending.data, self.ctx)
        return TicketEvent(  # built from the models at hand, not validated again from JSON
            seq=seq,
            at=at,
            type=pending.type.value,
            ticket=pending.ticket,
            counter=pending.counter,
            recall=pending.recall,
            action=pending.action,
            device=pending.data.get("device"),
        )


def row_to_event(seq: int, at: Any, type_: str, data: dict[str, Any], ctx: ServerContext) -> Event:
    payload = {"seq": seq, "at": ctx.local(at).isoformat(), "type": type_, **data}
    if type_ == EventType.QUEUE_CHANGED:
        payload["queue"] = {**payload["queue"], "seq": seq}
    return EVENT_ADAPTER.validate_python(payload)


@contextmanager
def write(ctx: ServerContext, actor: Actor, *, concurrent: bool = False) -> Iterator[Tx]:
    """A use case's transaction. Events reach the hub after the commit, in seq order.

    ``concurrent``: the use case keeps its invariants with row locks and is wrapped in
    ``rerun_on_conflict`` (see ``Database.write``)."""
    box: list[Tx] = []

    def publish() -> None:
        events = box[0].events() if box else []
        if events:
            ctx.publish(events)

    with ctx.db.write(after_commit=publish, concurrent=concurrent) as session:
        tx = Tx(ctx=ctx, session=session, actor=actor)
        box.append(tx)
        yield tx
        tx.seal()
    if tx.queue_touched:
        ctx.queue_changed(actor)


def rerun_on_conflict(use_case: Callable[P, T]) -> Callable[P, T]:
    """Run a use case whose write is concurrent again when it collided with another
    (nothing of it was written); after a few collisions in a row, ask to try again."""

    @functools.wraps(use_case)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        for attempt in range(1, CONFLICT_ATTEMPTS + 1):
            try:
                return use_case(*args, **kwargs)
            except WriteConflictError as conflict:
                log.info("%s collided (attempt %d): %s", use_case.__name__, attempt, conflict)
        raise DomainError(
            message_en="Please try again.", message_id="Silakan coba lagi.", code="busy"
        )

    return run
