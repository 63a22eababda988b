"""What the wait forecast reads: the waiting tickets, the counters with what they serve
now, and the visits that joined a queue lately. Never commits."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, aliased

from queue_server.storage import driver
from queue_server.storage.models import CounterRow, TicketRow, TicketStageRow

_WAITING = (
    select(
        TicketRow.id,
        TicketRow.service,
        TicketRow.stage,
        TicketRow.ticket_class,
        TicketRow.queued_at,
    )
    .where(TicketRow.status == "waiting")
    .order_by(TicketRow.queued_at, TicketRow.id)
)


def waiting_tickets(session: Session) -> list[tuple[int, str, str | None, str, datetime]]:
    """(id, service, stage, class, queued_at) of every waiting ticket, oldest first."""
    return [(int(i), s, st, c, q) for i, s, st, c, q in driver.rows(session, _WAITING)]


@dataclass(frozen=True)
class CounterNow:
    """A counter's state, since when, and the visit it holds (if any)."""

    number: int
    state: str
    since: datetime
    service: str | None
    stage: str | None
    serving_since: datetime | None  # started, else called


_CURRENT = aliased(TicketRow)
_COUNTERS = select(
    CounterRow.number,
    CounterRow.state,
    CounterRow.updated_at,
    _CURRENT.service,
    _CURRENT.stage,
    func.coalesce(_CURRENT.started_at, _CURRENT.called_at),
).outerjoin(_CURRENT, _CURRENT.id == CounterRow.current_ticket_id)


def counters_now(session: Session) -> list[CounterNow]:
    return [CounterNow(int(row[0]), *row[1:]) for row in driver.rows(session, _COUNTERS)]


def queue_arrivals(
    session: Session, day: date, since: datetime
) -> list[tuple[str, str | None, str, int]]:
    """(service, stage, class, count) of the day's visits that joined a queue since
    ``since`` (the day narrows the scan to its index)."""
    found = driver.rows(session, _ARRIVALS, {"day": day, "since": since})
    return [(s, st, c, int(n)) for s, st, c, n in found]


_ARRIVALS = (
    select(
        TicketStageRow.service,
        TicketStageRow.stage,
        TicketStageRow.ticket_class,
        func.count(),
    )
    .where(
        TicketStageRow.day == bindparam("day", type_=TicketStageRow.day.type),
        TicketStageRow.queued_at >= bindparam("since", type_=TicketStageRow.queued_at.type),
    )
    .group_by(TicketStageRow.service, TicketStageRow.stage, TicketStageRow.ticket_class)
)
