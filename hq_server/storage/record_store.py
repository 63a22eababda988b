"""What a batch brings: the batch row, and its records kept once per (office, instance,
key) (``INSERT ... ON CONFLICT DO NOTHING``), days and notices replaced by the newer."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from hq_server.storage.models import BatchRow, DayRow, NoticeRow, SkmRow, VisitRow


@dataclass(frozen=True)
class VisitFacts:
    service: str
    stage: str | None
    outcome: str
    wait_s: int | None
    service_s: int | None
    sla_min: int | None


@dataclass(frozen=True)
class StoredBatch:
    digest: str


def highest_sequence(session: Session, office_id: int) -> int:
    found = session.scalar(
        select(func.max(BatchRow.sequence)).where(BatchRow.office_id == office_id)
    )
    return int(found or 0)


def batch(session: Session, office_id: int, sequence: int) -> StoredBatch | None:
    digest = session.scalar(
        select(BatchRow.digest).where(
            BatchRow.office_id == office_id, BatchRow.sequence == sequence
        )
    )
    return StoredBatch(digest) if digest is not None else None


def add_batch(
    session: Session,
    *,
    office_id: int,
    sequence: int,
    digest: str,
    instance: str,
    records: int,
    sent_at: datetime,
    now: datetime,
) -> None:
    session.add(
        BatchRow(
            office_id=office_id, sequence=sequence, digest=digest, instance=instance,
            records=records, sent_at=sent_at, received_at=now,
        )
    )  # fmt: skip
    session.flush()


_ADD_VISITS = insert(VisitRow).on_conflict_do_nothing()
_ADD_SKM = insert(SkmRow).on_conflict_do_nothing()


def add_visits(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Keep each visit once: one statement, compiled once, its rows sent in bulk."""
    if rows:
        session.connection().execute(_ADD_VISITS, list(rows))


def add_skm(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.connection().execute(_ADD_SKM, list(rows))


def put_day(
    session: Session, office_id: int, day: date, *, open_: bool, issued: dict[str, int]
) -> None:
    statement = insert(DayRow).values(office_id=office_id, day=day, open=open_, issued=issued)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["office_id", "day"],
            set_={"open": statement.excluded.open, "issued": statement.excluded.issued},
        )
    )


def put_notice(session: Session, row: dict[str, Any]) -> None:
    statement = insert(NoticeRow).values(**row)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["office_id", "instance", "key"],
            set_={"at": statement.excluded.at, "active": statement.excluded.active},
            where=NoticeRow.at <= statement.excluded.at,
        )
    )


def visits_of_day(session: Session, office_id: int, day: date) -> list[VisitRow]:
    return list(
        session.scalars(
            select(VisitRow).where(VisitRow.office_id == office_id, VisitRow.day == day)
        )
    )


def skm_of_day(session: Session, office_id: int, day: date) -> list[dict[str, Any]]:
    return list(
        session.scalars(
            select(SkmRow.answers).where(SkmRow.office_id == office_id, SkmRow.day == day)
        )
    )


def active_notices(session: Session, office_ids: Sequence[int]) -> dict[int, list[NoticeRow]]:
    found: dict[int, list[NoticeRow]] = {}
    query = select(NoticeRow).where(NoticeRow.active, NoticeRow.office_id.in_(office_ids))
    for row in session.scalars(query.order_by(NoticeRow.at)):
        found.setdefault(row.office_id, []).append(row)
    return found
