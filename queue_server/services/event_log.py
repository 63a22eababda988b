"""Reading the event log back: replay for reconnecting clients, and the audit trail.

A replay is streamed and bounded. It is read in pages of ``PAGE`` events, each sent
before the next is read, so no replay holds the log in memory. A client more than
``REPLAY_LIMIT`` events behind, or whose next event is older than ``REPLAY_MAX_AGE``,
is sent the newest queue snapshot instead of the log (as a client connecting without
``since`` is), then what came after it: a board that was off overnight redraws from
the snapshot rather than catching up on a day of calls. Of the snapshots in a replay
only the newest is sent: it supersedes the others.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from queue_protocol import Event, EventType
from queue_server.services.context import ServerContext
from queue_server.services.transaction import row_to_event
from queue_server.storage import Session, event_store
from queue_server.storage.models import EventRow

PUSHED = tuple(kind.value for kind in EventType)  # not the audit-only rows (logins)
PAGE = 200
REPLAY_LIMIT = 1000
REPLAY_MAX_AGE = timedelta(hours=6)


@dataclass(frozen=True)
class ReplayPlan:
    """What a reconnecting client is sent: ``first`` (the newest snapshot when the log is
    not replayed from ``since``), then the log's pages after ``after`` up to ``end`` (the
    log's end when the replay began: what comes later, the hub brings), keeping of the
    snapshots only the one numbered ``snapshot_seq``."""

    first: tuple[Event, ...]
    after: int
    end: int
    snapshot_seq: int


@dataclass(frozen=True)
class ReplayPage:
    events: tuple[Event, ...]
    read_up_to: int  # the last seq read (older snapshots read are not sent)
    last: bool


def plan_replay(ctx: ServerContext, since: int | None) -> ReplayPlan:
    with ctx.db.read() as session:
        latest = event_store.last_of_type(session, EventType.QUEUE_CHANGED.value)
        end = event_store.last_seq(session)
        if latest is None:  # nothing to start from but the log (or, without since, nothing)
            return ReplayPlan((), end if since is None else since, end, 0)
        if since is not None and not _far_behind(ctx, session, since):
            return ReplayPlan((), since, end, latest.seq)
        return ReplayPlan((_to_event(ctx, latest),), latest.seq, end, latest.seq)


def _far_behind(ctx: ServerContext, session: Session, since: int) -> bool:
    if event_store.count_after(session, since, PUSHED, cap=REPLAY_LIMIT + 1) > REPLAY_LIMIT:
        return True
    following = event_store.first_after(session, since, PUSHED)
    return following is not None and following.at < ctx.now() - REPLAY_MAX_AGE


def replay_page(ctx: ServerContext, plan: ReplayPlan, after: int) -> ReplayPage:
    """The next page of the plan's replay after ``after``."""
    with ctx.db.read() as session:
        rows = event_store.page(session, after, plan.end, PUSHED, limit=PAGE)
        events = tuple(
            _to_event(ctx, row)
            for row in rows
            if row.type != EventType.QUEUE_CHANGED.value or row.seq == plan.snapshot_seq
        )
    read_up_to = rows[-1].seq if rows else plan.end
    return ReplayPage(events, read_up_to, last=len(rows) < PAGE)


def replay(ctx: ServerContext, since: int | None) -> Iterator[Event]:
    """The events a client connecting with ``since`` is sent, page by page."""
    plan = plan_replay(ctx, since)
    yield from plan.first
    after = plan.after
    while True:
        page = replay_page(ctx, plan, after)
        yield from page.events
        if page.last:
            return
        after = page.read_up_to


def _to_event(ctx: ServerContext, row: EventRow) -> Event:
    return row_to_event(row.seq, row.at, row.type, row.data, ctx)


def audit_trail(
    ctx: ServerContext,
    *,
    actor: str | None = None,
    ticket_id: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    event_type: str | None = None,
    limit: int = 200,
) -> list[EventRow]:
    with ctx.db.read() as session:
        return event_store.audit(
            session,
            actor=actor,
            ticket_id=ticket_id,
            start=start,
            end=end,
            event_type=event_type,
            limit=limit,
        )
