"""The roll-ups: one row per office and day, one per office and month (``figures``)."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from hq_server.storage.models import DayRow, OfficeDayRow, OfficeMonthRow


@dataclass(frozen=True)
class DayFacts:
    """What the office declared of a finished day, or None."""

    open: bool
    issued: dict[str, int]


def day_facts(session: Session, office_id: int, day: date) -> DayFacts | None:
    row = session.get(DayRow, (office_id, day))
    return DayFacts(row.open, dict(row.issued)) if row is not None else None


def put_office_day(
    session: Session,
    *,
    office_id: int,
    day: date,
    queues: dict[str, Any],
    skm: dict[str, Any],
    facts: DayFacts | None,
    now: datetime,
) -> None:
    values = {
        "office_id": office_id, "day": day, "queues": queues, "skm": skm, "rolled_at": now,
        "issued": sum(facts.issued.values()) if facts else None,
        "open": facts.open if facts else None,
    }  # fmt: skip
    statement = insert(OfficeDayRow).values(**values)
    changed = {k: v for k, v in values.items() if k not in ("office_id", "day")}
    session.execute(
        statement.on_conflict_do_update(index_elements=["office_id", "day"], set_=changed)
    )


def office_days(
    session: Session, office_ids: list[int], first: date, last: date
) -> list[OfficeDayRow]:
    query = (
        select(OfficeDayRow)
        .where(OfficeDayRow.office_id.in_(office_ids))
        .where(OfficeDayRow.day >= first, OfficeDayRow.day <= last)
        .order_by(OfficeDayRow.office_id, OfficeDayRow.day)
    )
    return list(session.scalars(query))


def skm_of_days(
    session: Session, office_ids: list[int], first: date, last: date
) -> list[tuple[int, date, dict[str, Any]]]:
    """(office, day, SKM sums) of the days between ``first`` and ``last``: no histograms."""
    query = select(OfficeDayRow.office_id, OfficeDayRow.day, OfficeDayRow.skm).where(
        OfficeDayRow.office_id.in_(office_ids), OfficeDayRow.day.between(first, last)
    )
    return [(office_id, day, skm) for office_id, day, skm in session.execute(query)]


def office_days_on(session: Session, office_ids: list[int], days: set[date]) -> list[OfficeDayRow]:
    query = select(OfficeDayRow).where(
        OfficeDayRow.office_id.in_(office_ids), OfficeDayRow.day.in_(days)
    )
    return list(session.scalars(query))


def put_office_month(
    session: Session,
    *,
    office_id: int,
    month: date,
    tally: dict[str, Any],
    skm: dict[str, Any],
    issued: int,
    days_open: int,
) -> None:
    values = {"office_id": office_id, "month": month, "tally": tally, "skm": skm,
              "issued": issued, "days_open": days_open}  # fmt: skip
    statement = insert(OfficeMonthRow).values(**values)
    changed = {k: v for k, v in values.items() if k not in ("office_id", "month")}
    session.execute(
        statement.on_conflict_do_update(index_elements=["office_id", "month"], set_=changed)
    )


def office_months(
    session: Session, office_ids: list[int], first: date, last: date
) -> list[OfficeMonthRow]:
    query = (
        select(OfficeMonthRow)
        .where(OfficeMonthRow.office_id.in_(office_ids))
        .where(OfficeMonthRow.month >= first, OfficeMonthRow.month <= last)
        .order_by(OfficeMonthRow.month)
    )
    return list(session.scalars(query))
