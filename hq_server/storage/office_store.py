"""Offices: enrolment codes and keys."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hq_server.storage.models import OfficeRow


@dataclass(frozen=True)
class Office:
    id: int
    code: str
    name: str
    region: str
    public_key: str | None


def _office(row: OfficeRow) -> Office:
    return Office(row.id, row.code, row.name, row.region, row.public_key)


def by_code(session: Session, code: str) -> Office | None:
    row = session.scalar(select(OfficeRow).where(OfficeRow.code == code))
    return _office(row) if row is not None else None


def lock(session: Session, office_id: int) -> None:
    """Hold the office's row until the end of the transaction: its batches go one at a time."""
    session.execute(select(OfficeRow.id).where(OfficeRow.id == office_id).with_for_update())


def add_or_renew_code(
    session: Session,
    *,
    code: str,
    name: str,
    region: str,
    secret_digest: str,
    expires_at: datetime,
    now: datetime,
) -> None:
    row = session.scalar(select(OfficeRow).where(OfficeRow.code == code))
    if row is None:
        row = OfficeRow(code=code, created_at=now)
        session.add(row)
    row.name, row.region = name, region
    row.secret_digest, row.secret_expires_at = secret_digest, expires_at


def by_secret(session: Session, secret_digest: str) -> OfficeRow | None:
    return session.scalar(
        select(OfficeRow).where(OfficeRow.secret_digest == secret_digest).with_for_update()
    )


def enrol(row: OfficeRow, public_key: str, now: datetime) -> Office:
    row.public_key, row.enrolled_at = public_key, now
    row.secret_digest = row.secret_expires_at = None
    return _office(row)


def every(session: Session, region: str | None = None) -> list[Office]:
    query = select(OfficeRow).order_by(OfficeRow.code)
    if region is not None:
        query = query.where(OfficeRow.region == region)
    return [_office(row) for row in session.scalars(query)]
