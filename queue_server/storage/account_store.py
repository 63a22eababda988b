"""Users, login sessions and enrolled devices. Tokens and passwords arrive already hashed."""

from datetime import datetime

from sqlalchemy import select, update
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
    query = (
        select(UserRow)
        .join(SessionRow, SessionRow.user_id == UserRow.id)
        .where(
            SessionRow.token_hash == token_hash,
            SessionRow.revoked.is_(False),
            SessionRow.expires_at > now,
            UserRow.disabled.is_(False),
        )
    )
    return session.scalars(query).first()


def revoke_session(session: Session, token_hash: str) -> None:
    session.execute(
        update(SessionRow).where(SessionRow.token_hash == token_hash).values(revoked=True)
    )


def revoke_user_sessions(session: Session, user_id: int) -> None:
    session.execute(update(SessionRow).where(SessionRow.user_id == user_id).values(revoked=True))


def device_by_token(session: Session, token_hash: str) -> DeviceRow | None:
    query = select(DeviceRow).where(
        DeviceRow.token_hash == token_hash, DeviceRow.revoked_at.is_(None)
    )
    return session.scalars(query).first()


def device_by_name(session: Session, name: str) -> DeviceRow | None:
    return session.scalars(select(DeviceRow).where(DeviceRow.name == name)).first()


def devices(session: Session) -> list[DeviceRow]:
    return list(session.scalars(select(DeviceRow).order_by(DeviceRow.name)))


def add_device(
    session: Session, *, name: str, kind: str, token_hash: str, at: datetime
) -> DeviceRow:
    row = DeviceRow(name=name, kind=kind, token_hash=token_hash, created_at=at)
    session.add(row)
    session.flush()
    return row
