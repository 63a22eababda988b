"""The outbox of batches for headquarters as the sender works through it, and what the
admin's page and ``antrean upstream status`` show of it.

A batch is marked sent (``sent_at``) before it leaves, so the export never adds to a
batch that may already be at HQ; HQ's acknowledgement deletes it. A batch HQ refuses as
invalid is kept aside and audited (an ``upstream`` event: never pushed to screens).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from queue_protocol.upstream import Ack
from queue_server.services.context import ServerContext
from queue_server.storage import Session, event_store, upstream_store
from queue_server.storage.models import OutboxRow, UpstreamStateRow

UPSTREAM_EVENT = "upstream"
MAX_DELAY = timedelta(minutes=5)


def go_on_from(ctx: ServerContext, highest: int) -> None:
    """HQ holds batches up to ``highest``. If that is more than this database ever sent,
    the database is behind HQ (restored from a backup, or new): it becomes a new
    instance, and its batches never sent are numbered on above ``highest``."""
    with ctx.db.write() as session:
        state = upstream_store.state(session, for_update=True)
        if highest <= _sent_up_to(session, state):
            return
        state.instance = upstream_store.new_instance()
        unsent = upstream_store.unsent_batches(session)
        for offset, row in enumerate(unsent, start=1):
            row.sequence = highest + offset
        state.next_sequence = highest + len(unsent) + 1
        _audit(session, ctx, "instance_renewed", highest=highest)


def _sent_up_to(session: Session, state: UpstreamStateRow) -> int:
    return max(state.acknowledged, upstream_store.highest_sent(session))


def due(ctx: ServerContext, *, limit: int) -> list[dict[str, Any]]:
    """The batches to send now, in sequence, each marked sent: ``sequence``,
    ``instance`` and ``records``, as ``Batch`` takes them."""
    now = ctx.now()
    with ctx.db.write() as session:
        state = upstream_store.state(session)
        rows = upstream_store.due_batches(session, now, limit)
        for row in rows:
            row.sent_at = row.sent_at or now
            row.attempts += 1
        return [
            {"sequence": row.sequence, "instance": state.instance, **row.payload} for row in rows
        ]


def acknowledged(ctx: ServerContext, ack: Ack) -> None:
    with ctx.db.write() as session:
        state = upstream_store.state(session, for_update=True)
        upstream_store.delete_batch(session, ack.acknowledged)
        state.acknowledged = max(state.acknowledged, ack.acknowledged)
        state.acknowledged_at = ctx.now()
        state.last_error = state.last_error_at = None


def retry_later(ctx: ServerContext, sequence: int, error: str) -> None:
    """Send the batch again later: after 5 s, 10 s, 20 s ... at most 5 minutes."""
    with ctx.db.write() as session:
        row = upstream_store.batch(session, sequence)
        if row is None:
            return
        row.last_error = error[:500]
        delay = min(timedelta(seconds=5) * 2 ** min(row.attempts - 1, 10), MAX_DELAY)
        row.next_attempt_at = ctx.now() + delay


def put_aside(ctx: ServerContext, sequence: int, error: str) -> None:
    with ctx.db.write() as session:
        row = upstream_store.batch(session, sequence)
        if row is None:
            return
        row.refused_at = ctx.now()
        row.last_error = error[:500]
        _audit(session, ctx, "batch_refused", sequence=sequence, error=error[:200])


def failed(ctx: ServerContext, error: str) -> None:
    with ctx.db.write() as session:
        state = upstream_store.state(session, for_update=True)
        state.last_error = error[:500]
        state.last_error_at = ctx.now()


def _audit(session: Session, ctx: ServerContext, action: str, **data: object) -> None:
    event_store.append(
        session, type=UPSTREAM_EVENT, at=ctx.now(), actor="system", data=data, action=action
    )


@dataclass(frozen=True)
class RefusedBatch:
    sequence: int
    records: int
    refused_at: datetime
    error: str


@dataclass(frozen=True)
class UpstreamStatus:
    """How reporting to headquarters stands."""

    acknowledged: int
    acknowledged_at: datetime | None
    waiting_batches: int
    waiting_records: int
    last_error: str | None
    last_error_at: datetime | None
    refused: list[RefusedBatch]


def status(ctx: ServerContext) -> UpstreamStatus:
    with ctx.db.read() as session:
        state = upstream_store.peek_state(session)
        backlog = upstream_store.backlog(session)
        return UpstreamStatus(
            acknowledged=state.acknowledged if state else 0,
            acknowledged_at=_local(ctx, state.acknowledged_at if state else None),
            waiting_batches=backlog.batches,
            waiting_records=backlog.records,
            last_error=state.last_error if state else None,
            last_error_at=_local(ctx, state.last_error_at if state else None),
            refused=[_refused(ctx, row) for row in backlog.refused],
        )


def _refused(ctx: ServerContext, row: OutboxRow) -> RefusedBatch:
    assert row.sequence is not None
    assert row.refused_at is not None
    return RefusedBatch(
        row.sequence, row.record_count, ctx.local(row.refused_at), row.last_error or ""
    )


def _local(ctx: ServerContext, at: datetime | None) -> datetime | None:
    return ctx.local(at) if at else None
