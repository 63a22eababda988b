"""Records for headquarters, made from what the office's own database says happened.

Invariants:
- Every finished visit reaches HQ: the export follows the event log, whose order is
  the order of commits, and takes the finished visits of every ticket a
  ``ticket.updated`` event names (a visit sent twice, as a transferred ticket's first
  one may be, is kept once at HQ by its key).
- Feedback is taken in (written at, id) order once it is ``SETTLE`` old, so a write
  still committing behind a later one is not passed over.
- Every finished day gets its day record, also a day the server was off: the days
  since the last one reported are made up the next time the export runs.
- Records go into the newest batch never sent, up to ``MAX_RECORDS``, then into new
  batches numbered on. A sent batch never changes. Cursors move in the same
  transaction that adds the records, so a crash loses nothing and repeats nothing.
- Nothing personal: no ticket number, no officer, no booking; only durations, counts
  and the service's SLA target.
"""

from datetime import date, datetime, timedelta
from typing import Any

from queue_protocol.models import LocalizedText
from queue_protocol.upstream import (
    MAX_RECORDS,
    DayRecord,
    NoticeRecord,
    SkmRecord,
    VisitRecord,
)
from queue_server.domain.office import OfficeConfig
from queue_server.services.context import ServerContext
from queue_server.storage import Session, event_store, upstream_store
from queue_server.storage.models import AnnouncementRow, FeedbackRow, UpstreamStateRow
from queue_server.storage.upstream_store import ClosedVisit

SETTLE = timedelta(seconds=30)
EVENTS_AT_ONCE = 5000
ELEMENTS = range(1, 10)


def export(ctx: ServerContext, *, rounds: int = 100) -> int:
    """Add what happened since the last export to the outbox; returns records added. The
    log is read ``EVENTS_AT_ONCE`` events a transaction, so a long backlog (the first
    export of an office with years of history) never holds the database for long."""
    added = 0
    for _ in range(rounds):
        with ctx.db.write() as session:
            state = upstream_store.state(session, for_update=True)
            records = _next_records(ctx, session, state)
            _append(session, state, records, ctx.now())
            more = state.event_seq < event_store.last_seq(session)
        added += len(records)
        if not more:
            break
    return added


def _next_records(ctx: ServerContext, session: Session, state: UpstreamStateRow) -> list[Any]:
    upto, tickets = upstream_store.events_upto(session, state.event_seq, EVENTS_AT_ONCE)
    records: list[Any] = [
        visit_record(ctx.office, closed, ctx.zone)
        for closed in upstream_store.closed_visits(session, tickets)
    ]
    state.event_seq = upto
    settled = ctx.now() - SETTLE
    feedback = upstream_store.feedback_after(
        session, state.feedback_at, state.feedback_id, settled=settled, limit=EVENTS_AT_ONCE
    )
    records += [skm_record(row) for row in feedback]
    if feedback:
        state.feedback_at, state.feedback_id = feedback[-1].created_at, feedback[-1].id
    records += _day_records(ctx, session, state)
    records += _notice_records(ctx, session, state)
    return records


def visit_record(office: OfficeConfig, closed: ClosedVisit, zone: Any) -> VisitRecord:
    visit = closed.visit
    service = next((s for s in office.services if s.code == visit.service), None)
    served_from = visit.started_at or visit.called_at
    return VisitRecord(
        key=visit.id,
        day=visit.day,
        service=visit.service,
        stage=visit.stage,
        ticket_class=visit.ticket_class,
        source=visit.source,
        issued_hour=closed.issued_at.astimezone(zone).hour,
        wait_s=_seconds(visit.queued_at, visit.called_at),
        service_s=_seconds(served_from, visit.finished_at) if visit.outcome == "done" else None,
        outcome=visit.outcome,
        counter=visit.counter,
        sla_min=service.sla_minutes if service else None,
    )


def skm_record(row: FeedbackRow) -> SkmRecord:
    answers = {element: getattr(row, f"u{element}") for element in ELEMENTS}
    return SkmRecord(
        key=row.id,
        day=row.day,
        service=row.service,
        counter=row.counter,
        answers={element: value for element, value in answers.items() if value is not None},
    )


def _day_records(ctx: ServerContext, session: Session, state: UpstreamStateRow) -> list[DayRecord]:
    yesterday = ctx.today() - timedelta(days=1)
    first = (
        state.day_reported + timedelta(days=1)
        if state.day_reported
        else upstream_store.first_day(session)
    )
    if first is None or first > yesterday:
        return []
    issued = upstream_store.issued_on(session, first, yesterday)
    days = [first + timedelta(days=n) for n in range((yesterday - first).days + 1)]
    state.day_reported = yesterday
    return [
        DayRecord(day=day, open=office_open_on(ctx.office, day), issued=issued.get(day, {}))
        for day in days
    ]


def office_open_on(office: OfficeConfig, day: date) -> bool:
    hours = office.hours
    return day not in hours.holidays and day.isoweekday() in hours.days


def _notice_records(
    ctx: ServerContext, session: Session, state: UpstreamStateRow
) -> list[NoticeRecord]:
    """Announcements posted or withdrawn since the last export."""
    known: dict[str, bool] = dict(state.notices)
    rows = upstream_store.announcements(session, (int(key) for key in known))
    records = [_notice(row, ctx.now()) for row in rows if known.get(str(row.id)) != row.active]
    state.notices = {str(row.id): row.active for row in rows if row.active}
    return records


def _notice(row: AnnouncementRow, now: datetime) -> NoticeRecord:
    return NoticeRecord(
        key=row.id,
        at=row.created_at if row.active else now,
        active=row.active,
        text=LocalizedText(id=row.text_id, en=row.text_en),
    )


def _append(session: Session, state: UpstreamStateRow, records: list[Any], at: datetime) -> None:
    wire = [record.model_dump(mode="json", by_alias=True) for record in records]
    batch = upstream_store.open_batch(session)
    if batch is not None and wire:
        room = MAX_RECORDS - batch.record_count
        batch.payload = {"records": [*batch.payload["records"], *wire[:room]]}
        batch.record_count += len(wire[:room])
        wire = wire[room:]
    for start in range(0, len(wire), MAX_RECORDS):
        upstream_store.add_batch(
            session, sequence=state.next_sequence, records=wire[start : start + MAX_RECORDS], at=at
        )
        state.next_sequence += 1


def _seconds(start: datetime | None, end: datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return max(0, round((end - start).total_seconds()))
