"""The live report: what waits now, where the SLA is at risk, which counters serve what."""

from dataclasses import dataclass
from datetime import datetime

from queue_protocol import CounterState, PauseReason
from queue_server.services.context import ServerContext
from queue_server.services.queue_state import snapshot_in

AT_RISK_SHARE = 0.8  # a queue whose oldest wait reached 80 % of its SLA target is at risk


@dataclass(frozen=True)
class LiveQueue:
    queue: str
    name_id: str
    name_en: str
    waiting: int
    oldest_wait_min: int
    estimated_wait_min: int
    sla_minutes: int
    at_risk: bool


@dataclass(frozen=True)
class LiveCounter:
    number: int
    name_id: str
    name_en: str
    state: CounterState
    officer: str | None
    serving: str | None
    queues: list[str]
    pause_reason: PauseReason | None = None  # why a paused counter is away, when told


@dataclass(frozen=True)
class LiveReport:
    at: datetime
    seq: int
    queues: list[LiveQueue]
    counters: list[LiveCounter]
    waiting: int
    longest_wait_min: int

    @property
    def at_risk(self) -> list[LiveQueue]:
        return [queue for queue in self.queues if queue.at_risk]


def live_report(ctx: ServerContext) -> LiveReport:
    """Now: waiting per queue, longest wait, counters and what each serves, queues at risk."""
    with ctx.db.read() as session:
        snapshot = snapshot_in(ctx, session)
    queues = []
    for q in snapshot.services:
        oldest = q.oldest_wait_min if q.waiting else 0
        risk = q.waiting > 0 and (
            oldest >= AT_RISK_SHARE * q.sla_minutes or q.estimated_wait_min > q.sla_minutes
        )
        key = f"{q.code}/{q.stage}" if q.stage else q.code
        service = ctx.office.service(q.code)
        name_id, name_en = q.name.id, q.name.en
        if service is not None and q.stage:
            name_id, name_en = f"{service.name_id} · {name_id}", f"{service.name_en} · {name_en}"
        queues.append(LiveQueue(key, name_id, name_en, q.waiting, oldest,
                                q.estimated_wait_min, q.sla_minutes, risk))  # fmt: skip
    counters = [
        LiveCounter(c.number, c.name.id, c.name.en, c.state, c.officer,
                    c.current.number if c.current else None, list(c.services), c.pause_reason)
        for c in snapshot.counters
    ]  # fmt: skip
    return LiveReport(
        at=snapshot.at, seq=snapshot.seq, queues=queues, counters=counters,
        waiting=sum(q.waiting for q in queues),
        longest_wait_min=max((q.oldest_wait_min for q in queues), default=0),
    )  # fmt: skip
