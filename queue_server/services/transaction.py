"""One write transaction per use case; its events are published after the commit.

A write that changed the queue then tells the context, which has the queue
snapshot published (coalesced, see ``queue_snapshots``).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from queue_protocol import Event, EventType, QueueSnapshot, Ticket
from queue_protocol.events import EVENT_ADAPTER, QueueChangedEvent, TicketEvent
from queue_server.services.context import Actor, ServerContext
from queue_server.storage import Session, event_store


@dataclass
class Tx:
    """A write transaction in progress: the session and the events it will publish."""

    ctx: ServerContext
    session: Session
    actor: Actor
    events: list[Event] = field(default_factory=list)
    queue_touched: bool = False

    def emit(
        self,
        type_: EventType,
        *,
        ticket: Ticket | None = None,
        counter: int | None = None,
        action: str | None = None,
        recall: bool = False,
        extra: dict[str, Any] | None = None,
    ) -> Event:
        """Append an event row (the audit trail) and keep it for publishing."""
        data: dict[str, Any] = dict(extra or {})
        if ticket is not None:
            data["ticket"] = ticket.model_dump(mode="json", by_alias=True)
            data["recall"] = recall
            data["counter"] = counter
            data["action"] = action
        seq, at = self._append(type_, data, ticket, counter, action)
        event: Event
        if ticket is None:
            event = row_to_event(seq, at, type_.value, data, self.ctx)
        else:  # built from the models at hand, not validated again from the row's JSON
            self.queue_touched = True
            event = TicketEvent(
                seq=seq,
                at=self.ctx.local(at),
                type=type_.value,
                ticket=ticket,
                counter=counter,
                recall=recall,
                action=action,
                device=data.get("device"),
            )
        self.events.append(event)
        return event

    def emit_snapshot(self, snapshot: QueueSnapshot) -> None:
        data = {"queue": snapshot.model_dump(mode="json")}
        seq, at = self._append(EventType.QUEUE_CHANGED, data, None, None, None)
        self.events.append(
            QueueChangedEvent(
                seq=seq,
                at=self.ctx.local(at),
                type="queue.changed",
                queue=snapshot.model_copy(update={"seq": seq}),
            )
        )

    def _append(
        self,
        type_: EventType,
        data: dict[str, Any],
        ticket: Ticket | None,
        counter: int | None,
        action: str | None,
    ) -> tuple[int, datetime]:
        at = self.ctx.now()
        seq = event_store.append(
            self.session,
            type=type_.value,
            at=at,
            actor=self.actor.label,
            data=data,
            ticket_id=ticket.id if ticket else None,
            counter=counter,
            action=action,
        )
        return seq, at


def row_to_event(seq: int, at: Any, type_: str, data: dict[str, Any], ctx: ServerContext) -> Event:
    payload = {"seq": seq, "at": ctx.local(at).isoformat(), "type": type_, **data}
    if type_ == EventType.QUEUE_CHANGED:
        payload["queue"] = {**payload["queue"], "seq": seq}
    return EVENT_ADAPTER.validate_python(payload)


@contextmanager
def write(ctx: ServerContext, actor: Actor) -> Iterator[Tx]:
    """A use case's transaction. Events reach the hub after the commit, in seq order."""
    box: list[Tx] = []

    def publish() -> None:
        if box and box[0].events:
            ctx.publish(box[0].events)

    with ctx.db.write(after_commit=publish) as session:
        tx = Tx(ctx=ctx, session=session, actor=actor)
        box.append(tx)
        yield tx
    if tx.queue_touched:
        ctx.queue_changed(actor)
