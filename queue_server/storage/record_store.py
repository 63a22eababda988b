"""Feedback, device faults, announcements and the upstream outbox."""

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from queue_server.storage.models import (
    AnnouncementRow,
    DeviceFaultRow,
    FeedbackRow,
    OutboxRow,
    SecretRow,
)

PASSPORT_KEY_CHECK = "passport_key_check"  # the secret that recognises the passport key
PRIVACY_EVENT = "privacy"  # the event-log type of a visitor's data exported or erased, a new key


def feedback_by_ref(session: Session, client_ref: str) -> FeedbackRow | None:
    return session.scalars(select(FeedbackRow).where(FeedbackRow.client_ref == client_ref)).first()


def feedback_for_ticket(session: Session, ticket_id: int) -> FeedbackRow | None:
    return session.scalars(select(FeedbackRow).where(FeedbackRow.ticket_id == ticket_id)).first()


def feedback_between(session: Session, first: date, last: date) -> list[FeedbackRow]:
    query = select(FeedbackRow).where(FeedbackRow.day >= first, FeedbackRow.day <= last)
    return list(session.scalars(query))


def add(session: Session, row: FeedbackRow | DeviceFaultRow | AnnouncementRow | OutboxRow) -> None:
    session.add(row)
    session.flush()


def open_faults(session: Session) -> list[DeviceFaultRow]:
    query = select(DeviceFaultRow).where(DeviceFaultRow.resolved_at.is_(None))
    return list(session.scalars(query.order_by(DeviceFaultRow.at.desc())))


def fault(session: Session, fault_id: int) -> DeviceFaultRow | None:
    return session.get(DeviceFaultRow, fault_id)


def resolve_faults(session: Session, device_name: str, at: datetime) -> None:
    session.execute(
        update(DeviceFaultRow)
        .where(DeviceFaultRow.device_name == device_name, DeviceFaultRow.resolved_at.is_(None))
        .values(resolved_at=at)
    )


def active_announcements(session: Session) -> list[AnnouncementRow]:
    query = select(AnnouncementRow).where(AnnouncementRow.active.is_(True))
    return list(session.scalars(query.order_by(AnnouncementRow.id)))


def announcement(session: Session, announcement_id: int) -> AnnouncementRow | None:
    return session.get(AnnouncementRow, announcement_id)


def due_outbox(session: Session, now: datetime, limit: int = 50) -> list[OutboxRow]:
    query = (
        select(OutboxRow)
        .where(OutboxRow.sent_at.is_(None), OutboxRow.next_attempt_at <= now)
        .order_by(OutboxRow.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def outbox_row(session: Session, row_id: int) -> OutboxRow | None:
    return session.get(OutboxRow, row_id)


def secret(session: Session, name: str) -> bytes | None:
    row = session.get(SecretRow, name)
    return row.value if row else None


def put_secret(session: Session, name: str, value: bytes) -> None:
    row = session.get(SecretRow, name)
    if row is None:
        session.add(SecretRow(name=name, value=value))
    else:
        row.value = value
    session.flush()


def forget_passport_hashes(session: Session) -> int:
    """Every passport hash, of tickets and bookings (a new key makes them useless)."""
    from queue_server.storage.models import BookingRow, TicketRow

    forgotten = 0
    for model in (TicketRow, BookingRow):
        done = session.execute(
            update(model).where(model.passport_hash.is_not(None)).values(passport_hash=None)
        )
        forgotten += int(getattr(done, "rowcount", 0))
    return forgotten
