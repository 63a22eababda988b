"""Users, login sessions and enrolled devices. Tokens and passwords arrive already hashed."""

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from queue_server.storage.models import DeviceRow, SessionRow, UserRow


def user_by_name(session: Session, username: str) -> UserRow | None:
    return session.scalars(select(UserRow).where(UserRow.username == username)).first()


def users(session: Session) -> list[UserRow]:
    return list(session.scalars(select(UserRow).order_by(UserRow.username)))


def add_user(
    session: Session, *, username: str, password_hash: str, role: str, at: datetime
) -> UserRow:
    row = UserRow(
        username=username, password_hash=password_hash, role=role, created_at=at, disabled=False
    )
    session.add(row)
    session.flush()
    return row


def add_session(
    session: Session, *, token_hash: str, user_id: int, at: datetime, expires_at: datetime
) -> SessionRow:
    row = SessionRow(
        token_hash=token_hash, user_id=user_id, created_at=at, expires_at=expires_at, revoked=False
    )
    session.add(row)
    session.flush()
    return row


def session_user(session: Session, token_hash: str, now: datetime) -> UserRow | None:
    """The user behind a live (unexpired, unrevoked) session token whose account is enabled."""
    live = live_session(session, token_hash, now)
    return live[0] if live else None


def live_session(
    session: Session, token_hash: str, now: datetime
) -> tuple[UserRow, datetime] | None:
    """The user behind a live session token whose account is enabled, and the session's end."""
    query = (
        select(UserRow, SessionRow.expires_at)
        .join(SessionRow, SessionRow.user_id == UserRow.id)
        .where(
            SessionRow.token_hash == token_hash,
            SessionRow.revoked.is_(False),
            SessionRow.expires_at > now,
            UserRow.disabled.is_(False),
        )
    )
    row = session.execute(query).first()
    return (row[0], row[1]) if row else None


def revoke_session(session: Session, token_hash: str) -> None:
    session.execute(
        update(SessionRow).where(SessionRow.token_hash == token_hash).values(revoked=True)
    )


def revoke_user_sessions(session: Session, user_id: int) -> None:
    session.execute(update(SessionRow).where(SessionRow.user_id == user_id).values(revoked=True))


def device_by_token(session: Session, token_hash: str, now: datetime) -> DeviceRow | None:
    """The enrolled, unrevoked device whose current token this is and has not ended, or
    whose previous token it is within its last minutes."""
    current = (DeviceRow.token_hash == token_hash) & (DeviceRow.token_expires_at > now)
    previous = (DeviceRow.previous_token_hash == token_hash) & (
        DeviceRow.previous_token_until > now
    )
    query = select(DeviceRow).where(or_(current, previous), DeviceRow.revoked_at.is_(None))
    return session.scalars(query).first()


def device_token_end(row: DeviceRow, token_hash: str) -> datetime | None:
    """When this token of the device ends: its current one, or its previous one's grace."""
    if row.revoked_at is not None:
        return None
    if row.token_hash == token_hash:
        return row.token_expires_at
    if row.previous_token_hash == token_hash:
        return row.previous_token_until
    return None


def device_by_enrolment(session: Session, enrol_hash: str, now: datetime) -> DeviceRow | None:
    """The unrevoked device waiting for the enrolment secret with this digest."""
    query = select(DeviceRow).where(
        DeviceRow.enrol_hash == enrol_hash,
        DeviceRow.enrol_expires_at > now,
        DeviceRow.revoked_at.is_(None),
    )
    return session.scalars(query).first()


def device_by_name(session: Session, name: str) -> DeviceRow | None:
    return session.scalars(select(DeviceRow).where(DeviceRow.name == name)).first()


def devices(session: Session) -> list[DeviceRow]:
    return list(session.scalars(select(DeviceRow).order_by(DeviceRow.name)))


def add_device(session: Session, *, name: str, kind: str, at: datetime) -> DeviceRow:
    """A device with neither token nor enrolment yet: give it one with ``set_token`` or
    ``set_enrolment``."""
    row = DeviceRow(name=name, kind=kind, created_at=at)
    session.add(row)
    session.flush()
    return row


def set_token(
    row: DeviceRow, *, token_hash: str, expires_at: datetime, previous_until: datetime | None
) -> None:
    """Give the device a new token; the one it had stays valid until ``previous_until``
    (None: ends now). An enrolment secret is spent by this."""
    row.previous_token_hash = row.token_hash if previous_until is not None else None
    row.previous_token_until = previous_until if row.token_hash is not None else None
    row.token_hash = token_hash
    row.token_expires_at = expires_at
    row.enrol_hash = None
    row.enrol_expires_at = None


def set_enrolment(row: DeviceRow, *, enrol_hash: str, expires_at: datetime) -> None:
    """A new one-time enrolment secret; every token the device had ends."""
    _clear_credentials(row)
    row.enrol_hash = enrol_hash
    row.enrol_expires_at = expires_at
    row.revoked_at = None


def note_contacts(session: Session, contacts: dict[str, datetime]) -> None:
    """Each named device was in contact at the time given; a later time already stored
    (from another server process) stays."""
    for name, at in contacts.items():
        session.execute(
            update(DeviceRow)
            .where(DeviceRow.name == name)
            .where(or_(DeviceRow.last_seen_at.is_(None), DeviceRow.last_seen_at < at))
            .values(last_seen_at=at)
        )


def revoke_device(row: DeviceRow, at: datetime) -> None:
    """The device's tokens and enrolment secret end; the name may be enrolled again."""
    _clear_credentials(row)
    row.revoked_at = at


def _clear_credentials(row: DeviceRow) -> None:
    row.token_hash = None
    row.token_expires_at = None
    row.previous_token_hash = None
    row.previous_token_until = None
    row.enrol_hash = None
    row.enrol_expires_at = None
