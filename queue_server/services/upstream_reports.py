"""Reports for headquarters, kept in a durable outbox until the upstream acknowledges them.

A report is written to the outbox in the same database as the tickets, so it
survives a crash; the sender retries with growing delays and marks a row sent
only after a 2xx reply. Each row carries an idempotency key so a retry after a
lost acknowledgement is recognised upstream.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from queue_server.domain.stats import median, percentile
from queue_server.services.context import ServerContext
from queue_server.services.queue_state import snapshot_in
from queue_server.storage import record_store, ticket_store
from queue_server.storage.models import OutboxRow

MAX_DELAY = timedelta(minutes=30)


@dataclass(frozen=True)
class PendingReport:
    id: int
    kind: str
    payload: dict[str, Any]
    idempotency_key: str


def enqueue(ctx: ServerContext, kind: str, payload: dict[str, Any]) -> int:
    now = ctx.now()
    with ctx.db.write() as session:
        row = OutboxRow(kind=kind, payload=payload, created_at=now, attempts=0, next_attempt_at=now)
        record_store.add(session, row)
        return row.id


def enqueue_live_snapshot(ctx: ServerContext) -> int:
    with ctx.db.read() as session:
        queue = snapshot_in(ctx, session)
    payload = {
        "office_id": ctx.office.office.id,
        "at": queue.at.isoformat(),
        "waiting": {
            f"{q.code}/{q.stage}" if q.stage else q.code: q.waiting for q in queue.services
        },
        "oldest_wait_min": max((q.oldest_wait_min for q in queue.services if q.waiting), default=0),
        "counters_open": sum(1 for c in queue.counters if c.state == "open"),
    }
    return enqueue(ctx, "live_snapshot", payload)


def enqueue_daily_report(ctx: ServerContext, day: date) -> int:
    with ctx.db.read() as session:
        outcomes = ticket_store.day_summary(session, day)
        waits = ticket_store.day_waits(session, day)
    minutes = [(called - queued).total_seconds() / 60 for _, queued, called in waits]
    per_service: dict[str, dict[str, int]] = {}
    for service, _stage, outcome, count in outcomes:
        bucket = per_service.setdefault(service, {})
        key = outcome or "open"
        bucket[key] = bucket.get(key, 0) + count
    payload = {
        "office_id": ctx.office.office.id,
        "day": day.isoformat(),
        "visits": per_service,
        "wait_min": {
            "median": median(minutes),
            "p90": percentile(minutes, 90),
            "max": max(minutes, default=None),
        },
    }
    return enqueue(ctx, "daily_report", payload)


def due(ctx: ServerContext, limit: int = 50) -> list[PendingReport]:
    with ctx.db.read() as session:
        return [
            PendingReport(row.id, row.kind, row.payload, f"{ctx.office.office.id}-{row.id}")
            for row in record_store.due_outbox(session, ctx.now(), limit)
        ]


def mark_sent(ctx: ServerContext, report_id: int) -> None:
    with ctx.db.write() as session:
        row = record_store.outbox_row(session, report_id)
        if row is not None:
            row.sent_at = ctx.now()


def mark_failed(ctx: ServerContext, report_id: int, error: str) -> None:
    """Try again later: 5 s, 10 s, 20 s ... capped at 30 minutes."""
    with ctx.db.write() as session:
        row = record_store.outbox_row(session, report_id)
        if row is None:
            return
        row.attempts += 1
        row.last_error = error[:500]
        delay = min(timedelta(seconds=5) * 2 ** min(row.attempts - 1, 12), MAX_DELAY)
        row.next_attempt_at = ctx.now() + delay
