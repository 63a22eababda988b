"""M-Paspor bookings and the number leases kiosks hold for offline use."""

from datetime import date, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from queue_server.storage import driver
from queue_server.storage.models import BookingRow, LeaseRow


def booking(
    session: Session, application_number: str, day: date, *, for_update: bool = False
) -> BookingRow | None:
    """``for_update`` locks the row on PostgreSQL until the commit: one check-in at a time."""
    query = select(BookingRow).where(
        BookingRow.application_number == application_number, BookingRow.day == day
    )
    if for_update:
        query = query.with_for_update(key_share=True)
    return session.scalars(query).first()


def application_number(session: Session, booking_id: int) -> str | None:
    """The application number of booking ``booking_id`` (a ticket shows it)."""
    found = driver.scalar(session, _APPLICATION_NUMBER, {"booking_id": booking_id})
    return str(found) if found is not None else None


_APPLICATION_NUMBER = select(BookingRow.application_number).where(
    BookingRow.id == bindparam("booking_id")
)


def bookings_of(session: Session, application_number: str) -> list[BookingRow]:
    query = select(BookingRow).where(BookingRow.application_number == application_number)
    return list(session.scalars(query.order_by(BookingRow.day)))


def booking_by_passport(
    session: Session, passport_hash: str, day: date, *, for_update: bool = False
) -> BookingRow | None:
    query = select(BookingRow).where(
        BookingRow.passport_hash == passport_hash, BookingRow.day == day
    )
    if for_update:
        query = query.with_for_update(key_share=True)
    return session.scalars(query).first()


def upsert_booking(session: Session, row: BookingRow) -> bool:
    """Insert, or update the slot of an existing (application, day). True if it was new."""
    existing = booking(session, row.application_number, row.day)
    if existing is None:
        session.add(row)
        session.flush()
        return True
    existing.service = row.service
    existing.slot_start = row.slot_start
    existing.slot_end = row.slot_end
    existing.session = row.session
    existing.passport_hash = row.passport_hash or existing.passport_hash
    return False


def add_lease(session: Session, row: LeaseRow) -> LeaseRow:
    session.add(row)
    session.flush()
    return row


def lease(session: Session, lease_id: int) -> LeaseRow | None:
    return session.get(LeaseRow, lease_id)


def active_leases(session: Session, now: datetime) -> list[LeaseRow]:
    return list(session.scalars(select(LeaseRow).where(LeaseRow.expires_at > now)))
