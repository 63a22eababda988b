"""Who may do what: officers, supervisors and admins log in; kiosks and displays hold tokens.

Passwords are stored as argon2 hashes, tokens as SHA-256 digests: the database
never holds anything that opens a session by itself. Logins (also failed ones),
logouts and every change to an account or a device are rows of the event log of
type ``account``: the audit trail shows them, the event stream never carries them.
"""

import hashlib
import secrets
from datetime import datetime
from enum import StrEnum
from typing import Any

from argon2 import PasswordHasher

from queue_protocol import DeviceKind, LoginReply, Role
from queue_server.domain.account_names import check_name
from queue_server.domain.errors import DomainError, InvalidRequestError, TooManyAttemptsError
from queue_server.services import second_factor
from queue_server.services.context import SYSTEM, Actor, ActorKind, Credential, ServerContext
from queue_server.storage import Session, account_store, event_store
from queue_server.storage.models import UserRow

_HASHER = PasswordHasher()
# A hash to verify against when the user does not exist, so timing does not tell.
_DUMMY_HASH = _HASHER.hash("not a real password")
MIN_PASSWORD_LENGTH = 8
ACCOUNT_EVENT = "account"  # the event-log type of logins and account changes
UNKNOWN_USER = "?"  # who a failed login for a name no account has is logged as


class Permission(StrEnum):
    ISSUE = "issue"  # kiosk: tickets, leases, faults
    VIEW_QUEUE = "view_queue"  # displays and staff
    FEEDBACK = "feedback"
    SERVE = "serve"  # call, recall, finish, counters
    REPORTS = "reports"
    ANNOUNCE = "announce"
    ADMIN = "admin"


_STAFF = {Permission.VIEW_QUEUE, Permission.SERVE}
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: frozenset(_STAFF),
    Role.SUPERVISOR: frozenset(_STAFF | {Permission.REPORTS, Permission.ANNOUNCE}),
    Role.ADMIN: frozenset(Permission),
}
DEVICE_PERMISSIONS: dict[DeviceKind, frozenset[Permission]] = {
    DeviceKind.KIOSK: frozenset({Permission.ISSUE, Permission.VIEW_QUEUE}),
    DeviceKind.DISPLAY: frozenset({Permission.VIEW_QUEUE}),
    DeviceKind.FEEDBACK: frozenset({Permission.FEEDBACK, Permission.VIEW_QUEUE}),
}


class AuthError(DomainError):
    code = "unauthorized"
    http_status = 401


def permissions_of(actor: Actor) -> frozenset[Permission]:
    if actor.kind == ActorKind.SYSTEM:
        return frozenset(Permission)
    if actor.role is not None:
        return ROLE_PERMISSIONS[actor.role]
    if actor.device_kind is not None:
        return DEVICE_PERMISSIONS[actor.device_kind]
    return frozenset()


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidRequestError(
            message_en=f"A password needs at least {MIN_PASSWORD_LENGTH} characters.",
            message_id=f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter.",
            code="weak_password",
        )
    return _HASHER.hash(password)


def login(
    ctx: ServerContext, username: str, password: str, address: str = "", totp: str | None = None
) -> LoginReply:
    """A session token for a right password (and, for an admin when the office asks, a
    right ``totp`` code). After ``LIMIT`` failures for one name from one address, further
    attempts are refused for a while without checking anything."""
    wait = ctx.login_throttle.retry_after(username, address)
    if wait:
        raise TooManyAttemptsError(wait)
    try:
        reply = _login(ctx, username, password, address, totp)
    except (AuthError, second_factor.SecondFactorError):
        with ctx.db.write() as session:
            # A name no account has is not logged: it may be a password typed in the
            # wrong field.
            known = account_store.user_by_name(session, username) is not None
            actor = username if known else UNKNOWN_USER
            record_account_event(session, ctx, actor, "login_failed", address=address)
        if not (known and ctx.follows_log):  # else the log brings it, to every process
            ctx.login_throttle.failed(username, address)
        raise
    if not ctx.follows_log:
        ctx.login_throttle.succeeded(username, address)
    return reply


_FORGET_TOKENS = frozenset(
    {
        "logout",
        "password_set",
        "user_disabled",
        "device_revoked",
        "device_rotated",
        "device_token_swapped",
        "device_added",
    }
)


def account_changed(
    ctx: ServerContext, action: str | None, actor: str, data: dict[str, Any]
) -> None:
    """An account event another server process of the office logged (or this one):
    forget the tokens it may have ended, and count a login against the name."""
    if action in _FORGET_TOKENS:
        tokens_ended(ctx)
    address = str(data.get("address", ""))
    if action == "login_failed" and actor != UNKNOWN_USER:
        ctx.login_throttle.failed(actor, address)
    elif action == "login":
        ctx.login_throttle.succeeded(actor, address)


def _login(
    ctx: ServerContext, username: str, password: str, address: str, totp: str | None
) -> LoginReply:
    """The hash is checked outside the write transaction: argon2 takes a tenth of a
    second, which no other write should wait for."""
    with ctx.db.read() as session:
        user = account_store.user_by_name(session, username)
        stored = user.password_hash if user and not user.disabled else _DUMMY_HASH
    if not ctx.password_hashing.verify(stored, password):
        user = None
    if user is None or user.disabled:
        raise _bad_credentials()
    second_factor.check(ctx, user.role, user.totp_secret, totp)
    rehashed = ctx.password_hashing.rehash(stored, password)
    token = secrets.token_urlsafe(32)
    now = ctx.now()
    expires = now + ctx.token_ttl
    with ctx.db.write() as session:
        user = account_store.user_by_name(session, username)
        if user is None or user.disabled or user.password_hash != stored:
            raise _bad_credentials()  # disabled or changed while the hash was checked
        if rehashed is not None:
            user.password_hash = rehashed
        account_store.add_session(
            session, token_hash=token_digest(token), user_id=user.id, at=now, expires_at=expires
        )
        record_account_event(session, ctx, user.username, "login", address=address)
        return LoginReply(token=token, role=Role(user.role), expires_at=ctx.local(expires))


def record_account_event(
    session: Session,
    ctx: ServerContext,
    actor: str,
    action: str,
    *,
    subject: str | None = None,
    address: str = "",
    **details: str,
) -> None:
    """An account event in the log: who, what, to whom (with its role or device kind),
    from where."""
    data = {"subject": subject, **details, "address": address}
    data = {key: value for key, value in data.items() if value}
    event_store.append(
        session, type=ACCOUNT_EVENT, at=ctx.now(), actor=actor, data=data, action=action
    )


def _bad_credentials() -> AuthError:
    return AuthError(
        message_en="Wrong username or password.",
        message_id="Nama pengguna atau kata sandi salah.",
        code="bad_credentials",
    )


def logout(ctx: ServerContext, token: str) -> None:
    forget_tokens(ctx)
    digest = token_digest(token)
    with ctx.db.write() as session:
        user = account_store.session_user(session, digest, ctx.now())
        account_store.revoke_session(session, digest)
        if user is not None:
            record_account_event(session, ctx, user.username, "logout")
    tokens_ended(ctx)


def forget_tokens(ctx: ServerContext) -> None:
    """Forget every recently checked token: one may have just ended."""
    ctx.checked_tokens.clear()


def tokens_ended(ctx: ServerContext) -> None:
    """A token may have just ended (after the commit that ended it): forget the checked
    ones, and have open event streams check theirs again."""
    forget_tokens(ctx)
    ctx.tokens_changed()


def cached_actor(ctx: ServerContext, token: str) -> Actor | None:
    """The actor behind a token checked in the last few seconds; no database, no waiting."""
    found = ctx.checked_tokens.get(token_digest(token), ctx.now())
    return found.actor if found is not None else None


def authenticate(ctx: ServerContext, token: str) -> Actor | None:
    """The actor behind a bearer token (a login session or a device), or None."""
    cached = cached_actor(ctx, token)
    if cached is not None:
        return cached
    found = credential(ctx, token)
    return found.actor if found else None


def credential(ctx: ServerContext, token: str) -> Credential | None:
    """The actor behind a token and the token's end, read from the database (not the
    cache): what an open event stream checks again when a token may have ended."""
    digest = token_digest(token)
    now = ctx.now()
    found = _lookup(ctx, digest, now)
    if found is not None:
        ctx.checked_tokens.put(digest, found)
    return found


def _lookup(ctx: ServerContext, digest: str, now: datetime) -> Credential | None:
    with ctx.db.read() as session:
        live = account_store.live_session(session, digest, now)
        if live is not None:
            user, ends_at = live
            return Credential(
                Actor(name=user.username, kind=ActorKind.USER, role=Role(user.role)), ends_at
            )
        device = account_store.device_by_token(session, digest, now)
        device_end = account_store.device_token_end(device, digest) if device else None
        if device is not None and device_end is not None:
            actor = Actor(
                name=device.name, kind=ActorKind.DEVICE, device_kind=DeviceKind(device.kind)
            )
            return Credential(actor, device_end)
    return None


def add_user(
    ctx: ServerContext, username: str, role: Role, password: str, *, by: Actor = SYSTEM
) -> None:
    check_name(username)
    password_hash = hash_password(password)
    with ctx.db.write() as session:
        if account_store.user_by_name(session, username) is not None:
            raise DomainError(
                message_en=f"User {username!r} exists already.",
                message_id=f"Pengguna {username!r} sudah ada.",
                code="user_exists",
            )
        account_store.add_user(
            session, username=username, password_hash=password_hash, role=role.value, at=ctx.now()
        )
        record_account_event(
            session, ctx, by.label, "user_added", subject=username, role=role.value
        )


def set_password(ctx: ServerContext, username: str, password: str, *, by: Actor = SYSTEM) -> None:
    password_hash = hash_password(password)
    with ctx.db.write() as session:
        user = _user(session, username)
        user.password_hash = password_hash
        account_store.revoke_user_sessions(session, user.id)
        record_account_event(session, ctx, by.label, "password_set", subject=username)
    tokens_ended(ctx)


def set_up_totp(ctx: ServerContext, username: str, *, by: Actor = SYSTEM) -> str:
    """A new second-factor secret for ``username``: the ``otpauth://`` link to scan."""
    secret = second_factor.new_secret()
    with ctx.db.write() as session:
        _user(session, username).totp_secret = secret
        record_account_event(session, ctx, by.label, "totp_set", subject=username)
    return second_factor.provisioning_uri(secret, username, ctx.office.office.id)


def set_disabled(ctx: ServerContext, username: str, disabled: bool, *, by: Actor = SYSTEM) -> None:
    """Disable an account (its sessions end at once) or enable it again. Nobody disables
    their own account: the last admin would lock the office out."""
    if disabled and by.kind == ActorKind.USER and by.name == username:
        raise DomainError(
            message_en="You cannot disable yourself.",
            message_id="Anda tidak dapat menonaktifkan diri sendiri.",
        )
    with ctx.db.write() as session:
        user = _user(session, username)
        user.disabled = disabled
        if disabled:
            account_store.revoke_user_sessions(session, user.id)
        action = "user_disabled" if disabled else "user_enabled"
        record_account_event(session, ctx, by.label, action, subject=username)
    tokens_ended(ctx)


def _user(session: Session, username: str) -> UserRow:
    user = account_store.user_by_name(session, username)
    if user is None:
        raise DomainError(
            message_en=f"No user {username!r}.",
            message_id=f"Pengguna {username!r} tidak ada.",
            code="not_found",
        )
    return user
