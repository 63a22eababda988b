"""Headquarters' users and their sessions (tokens kept as SHA-256 digests)."""

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hq_server.storage.models import SessionRow, UserRow


def user(session: Session, name: str) -> UserRow | None:
    return session.get(UserRow, name)


def add_user(
    session: Session, *, name: str, role: str, region: str | None, password_hash: str, now: datetime
) -> None:
    session.add(UserRow(name=name, role=role, region=region, password_hash=password_hash,
                        created_at=now))  # fmt: skip
    session.flush()


def add_session(
    session: Session, *, token_digest: str, user_name: str, expires_at: datetime
) -> None:
    session.add(SessionRow(token_digest=token_digest, user_name=user_name, expires_at=expires_at))


def session_user(session: Session, token_digest: str, now: datetime) -> UserRow | None:
    return session.scalar(
        select(UserRow)
        .join(SessionRow, SessionRow.user_name == UserRow.name)
        .where(SessionRow.token_digest == token_digest, SessionRow.expires_at > now)
    )


def end_session(session: Session, token_digest: str) -> None:
    session.execute(delete(SessionRow).where(SessionRow.token_digest == token_digest))
