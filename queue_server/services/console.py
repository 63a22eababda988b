"""What the officer console shows for one counter: its state, its ticket, its queues, and
the officer's own counts today. A read model; it never changes anything."""

from dataclasses import dataclass, field
from datetime import timedelta

from queue_protocol import CounterState, PauseReason, Ticket
from queue_server.domain.lifecycle import queue_key
from queue_server.services.calling import counter_def
from queue_server.services.context import Actor, ServerContext
from queue_server.services.faults import FaultView, open_faults
from queue_server.services.queue_state import snapshot_in
from queue_server.storage import Session, ticket_store


@dataclass(frozen=True)
class QueueLine:
    """One queue this counter serves: how many wait and for how long the oldest has."""

    key: str
    name_id: str
    name_en: str
    waiting: int
    oldest_wait_min: int
    sla_minutes: int


@dataclass(frozen=True)
class ConsoleView:
    counter: int
    counter_name_id: str
    counter_name_en: str
    state: CounterState
    officer: str | None
    pause_reason: PauseReason | None
    information_desk: bool
    current: Ticket | None
    waited_min: int | None
    queues: list[QueueLine]
    waiting_total: int
    oldest_wait_min: int
    my_counts: dict[str, int] = field(default_factory=dict)
    faults: list[FaultView] = field(default_factory=list)
    # Tickets this counter marked no-show that may still be put back in line (numbers).
    recent_no_shows: list[tuple[int, str]] = field(default_factory=list)
    seq: int = 0


def console_view(ctx: ServerContext, number: int, actor: Actor) -> ConsoleView:
    """The console of counter ``number`` as ``actor`` sees it now."""
    definition = counter_def(ctx, number)
    with ctx.db.read() as session:
        snapshot = snapshot_in(ctx, session)
        info = next(c for c in snapshot.counters if c.number == number)
        wanted = set(definition.services)
        queues = [
            QueueLine(
                key=queue_key(q.code, q.stage),
                name_id=q.name.id,
                name_en=q.name.en,
                waiting=q.waiting,
                oldest_wait_min=q.oldest_wait_min if q.waiting else 0,
                sla_minutes=q.sla_minutes,
            )
            for q in snapshot.services
            if queue_key(q.code, q.stage) in wanted
        ]
        waited = None
        if info.current is not None:
            visit = ticket_store.open_stage(session, info.current.id)
            if visit is not None and visit.called_at is not None:
                waited = int((visit.called_at - visit.queued_at).total_seconds() // 60)
        counts = ticket_store.served_today(session, ctx.today(), actor.name)
        no_shows = _requeueable(ctx, session, number)
    return ConsoleView(
        counter=number,
        counter_name_id=info.name.id,
        counter_name_en=info.name.en,
        state=info.state,
        officer=info.officer,
        pause_reason=info.pause_reason,
        information_desk=definition.information_desk,
        current=info.current,
        waited_min=waited,
        queues=queues,
        waiting_total=sum(q.waiting for q in queues),
        oldest_wait_min=max((q.oldest_wait_min for q in queues), default=0),
        my_counts=counts,
        faults=open_faults(ctx),
        recent_no_shows=no_shows,
        seq=snapshot.seq,
    )


def _requeueable(ctx: ServerContext, session: Session, number: int) -> list[tuple[int, str]]:
    """(id, number) of this counter's no-shows still inside the office's requeue window."""
    policy = ctx.office.policy
    if not policy.no_show_requeue:
        return []
    since = ctx.now() - timedelta(minutes=policy.no_show_requeue_minutes)
    rows = ticket_store.recent_no_shows(session, ctx.today(), number, since)
    return [(row.id, row.number) for row in rows]
