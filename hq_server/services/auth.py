"""Headquarters' users: argon2 password hashes, sessions as SHA-256 digests of tokens."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from hq_server.domain.errors import ConflictError, HqError, UnauthorizedError
from hq_server.domain.roles import HqRole
from hq_server.services.context import HqContext
from hq_server.storage import account_store

_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("not a real password")  # so timing does not tell who exists
MIN_PASSWORD_LENGTH = 8
SESSION_TTL = timedelta(hours=12)


@dataclass(frozen=True)
class HqUser:
    name: str
    role: HqRole
    region: str | None


@dataclass(frozen=True)
class LoginResult:
    token: str
    user: HqUser
    expires_at: datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(
    ctx: HqContext, name: str, role: HqRole, password: str, *, region: str | None = None
) -> HqUser:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise HqError(
            f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter.",
            f"A password needs at least {MIN_PASSWORD_LENGTH} characters.",
            code="weak_password",
        )
    if (role == HqRole.REGIONAL) != bool(region):
        raise HqError(
            "Kepala wilayah memerlukan --region; peran lain tidak.",
            "A regional user needs --region (the Kanwil's name); other roles take none.",
        )
    with ctx.db.write() as session:
        if account_store.user(session, name) is not None:
            raise ConflictError(f"Pengguna {name} sudah ada.", f"User {name} already exists.")
        account_store.add_user(session, name=name, role=role.value, region=region,
                               password_hash=_HASHER.hash(password), now=ctx.now())  # fmt: skip
    return HqUser(name, role, region)


def login(ctx: HqContext, name: str, password: str) -> LoginResult:
    with ctx.db.read() as session:
        row = account_store.user(session, name)
        stored = row.password_hash if row is not None else _DUMMY_HASH
    try:
        _HASHER.verify(stored, password)
        valid = row is not None
    except (VerificationError, InvalidHashError):
        valid = False
    if not valid or row is None:
        raise UnauthorizedError(
            "Nama pengguna atau kata sandi salah.", "Wrong user name or password."
        )
    token = secrets.token_urlsafe(32)
    expires = ctx.now() + SESSION_TTL
    with ctx.db.write() as session:
        account_store.add_session(session, token_digest=_digest(token), user_name=row.name,
                                  expires_at=expires)  # fmt: skip
    return LoginResult(token, HqUser(row.name, HqRole(row.role), row.region), expires)


def user_of_token(ctx: HqContext, token: str) -> HqUser:
    with ctx.db.read() as session:
        row = account_store.session_user(session, _digest(token), ctx.now())
    if row is None:
        raise UnauthorizedError(
            "Sesi tidak berlaku; silakan masuk lagi.", "Session expired or unknown: log in again."
        )
    return HqUser(row.name, HqRole(row.role), row.region)


def logout(ctx: HqContext, token: str) -> None:
    with ctx.db.write() as session:
        account_store.end_session(session, _digest(token))
