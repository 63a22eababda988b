"""Kiosks, boards and feedback screens: enrolled once by a code, then holding a token of
their own that ends and is swapped without a technician.

- ``add``: a device (or a revoked one's name again) gets a one-time enrolment secret,
  valid ``ENROL_VALID``; the technician carries it to the device inside an enrolment
  code. A name in use is refused: revoke it first. A feedback screen is added for one
  counter: the server, not the screen, knows which (ratings are taken only for tickets
  finished there).
- ``enrol``: the secret is spent for the device's first token.
- ``swap_token``: the device's new token; the one it had stays valid ``SWAP_GRACE``
  more, for requests already on their way.
- ``rotate``: the token ends within ``ROTATE_NOTICE``; the device sees the new end
  at its next check (``device_info``) and swaps its token by itself.
- ``revoke``: every token and secret of the device ends now.

Tokens and secrets are stored as SHA-256 digests. Every change is an ``account``
event in the log (never the token or the secret).
"""

import secrets
from base64 import b32encode
from datetime import timedelta

from queue_protocol import DeviceInfo, DeviceKind, DeviceToken, EnrolReply
from queue_server.domain.account_names import check_name
from queue_server.domain.errors import DomainError, InvalidRequestError
from queue_server.services.auth import (
    AuthError,
    record_account_event,
    token_digest,
    tokens_ended,
)
from queue_server.services.context import SYSTEM, Actor, ServerContext
from queue_server.storage import Session, account_store
from queue_server.storage.models import DeviceRow

ENROL_VALID = timedelta(hours=72)
SWAP_GRACE = timedelta(minutes=10)
ROTATE_NOTICE = timedelta(hours=1)
SECRET_BYTES = 15  # 120 bits, 24 base32 letters


def add(
    ctx: ServerContext,
    name: str,
    kind: DeviceKind,
    *,
    counter: int | None = None,
    by: Actor = SYSTEM,
) -> str:
    """A new device, or a revoked device's name again: its one-time enrolment secret.
    ``counter``: a feedback screen's counter (required for one, refused for others)."""
    check_name(name)
    check_counter(ctx, kind, counter)
    secret = b32encode(secrets.token_bytes(SECRET_BYTES)).decode()
    with ctx.db.write() as session:
        row = account_store.device_by_name(session, name)
        if row is None:
            row = account_store.add_device(session, name=name, kind=kind.value, at=ctx.now())
        elif row.revoked_at is None:
            raise DomainError(
                message_en=f"Device {name!r} is enrolled already: revoke it first to enrol it "
                "again.",
                message_id=f"Perangkat {name!r} sudah terdaftar: cabut dulu untuk mendaftarkannya "
                "lagi.",
                code="device_exists",
            )
        row.kind = kind.value
        row.counter = counter
        account_store.set_enrolment(
            row, enrol_hash=token_digest(secret), expires_at=ctx.now() + ENROL_VALID
        )
        record_account_event(session, ctx, by.label, "device_added", subject=name, kind=kind.value)
    return secret


def check_counter(ctx: ServerContext, kind: DeviceKind, counter: int | None) -> None:
    """A feedback screen stands at one of the office's counters; other devices at none."""
    if kind != DeviceKind.FEEDBACK:
        if counter is not None:
            raise InvalidRequestError(
                message_en="Only a feedback screen belongs to a counter.",
                message_id="Hanya layar survei yang terpasang pada loket.",
                code="counter_not_for_kind",
            )
        return
    if counter is None or ctx.office.counter(counter) is None:
        known = ", ".join(str(c.number) for c in ctx.office.counters)
        raise InvalidRequestError(
            message_en=f"A feedback screen needs the counter it stands at (one of {known}).",
            message_id="Layar survei memerlukan nomor loket tempatnya dipasang (salah satu dari "
            f"{known}).",
            code="counter_required",
        )


def enrol(ctx: ServerContext, secret: str, kind: DeviceKind, *, address: str = "") -> EnrolReply:
    """Spend an enrolment secret for the device's first token. A secret made for another
    kind of device is refused and kept (the technician may have picked the wrong code)."""
    token = secrets.token_urlsafe(32)
    now = ctx.now()
    with ctx.db.write() as session:
        row = account_store.device_by_enrolment(session, token_digest(secret), now)
        if row is None:
            raise AuthError(
                message_en="This enrolment code is not valid (used already, expired after "
                f"{ENROL_VALID.days} days, or mistyped): make a new one with 'antrean device add'.",
                message_id="Kode pendaftaran tidak berlaku (sudah dipakai, kedaluwarsa, atau "
                "salah ketik): buat kode baru dengan 'antrean device add'.",
                code="enrolment_invalid",
            )
        if row.kind != kind.value:
            raise DomainError(
                message_en=f"This code is for a {row.kind} ({row.name}), not a {kind.value}: use "
                f"it on that device, or make a code with --kind {kind.value}.",
                message_id=f"Kode ini untuk {row.kind} ({row.name}), bukan {kind.value}: pakai di "
                f"perangkat itu, atau buat kode dengan --kind {kind.value}.",
                code="enrolment_wrong_kind",
            )
        expires = now + ctx.device_token_ttl
        account_store.set_token(
            row, token_hash=token_digest(token), expires_at=expires, previous_until=None
        )
        record_account_event(
            session, ctx, f"device:{row.name}", "device_enrolled", subject=row.name,
            kind=row.kind, address=address,
        )  # fmt: skip
        name, kind = row.name, DeviceKind(row.kind)
    office = ctx.office.office
    return EnrolReply(
        name=name,
        kind=kind,
        office_id=office.id,
        office_name=office.name,
        token=DeviceToken(token=token, expires_at=ctx.local(expires)),
    )


def swap_token(ctx: ServerContext, actor: Actor) -> DeviceToken:
    """A new token for the calling device; its present one ends ``SWAP_GRACE`` later."""
    token = secrets.token_urlsafe(32)
    now = ctx.now()
    with ctx.db.write() as session:
        row = _device(session, actor.name)
        expires = now + ctx.device_token_ttl
        account_store.set_token(
            row, token_hash=token_digest(token), expires_at=expires, previous_until=now + SWAP_GRACE
        )
        record_account_event(session, ctx, actor.label, "device_token_swapped", subject=row.name)
    tokens_ended(ctx)
    return DeviceToken(token=token, expires_at=ctx.local(expires))


def device_info(ctx: ServerContext, actor: Actor) -> DeviceInfo:
    """The calling device as the server knows it, with the end of its token."""
    with ctx.db.read() as session:
        row = _device(session, actor.name)
        expires = row.token_expires_at or ctx.now()
        return DeviceInfo(
            name=row.name, kind=DeviceKind(row.kind), token_expires_at=ctx.local(expires)
        )


def rotate(ctx: ServerContext, name: str, *, by: Actor = SYSTEM) -> None:
    """The device's token ends within ``ROTATE_NOTICE``: it swaps it at its next check."""
    with ctx.db.write() as session:
        row = _device(session, name)
        if row.revoked_at is not None or row.token_hash is None:
            raise DomainError(
                message_en=f"Device {name!r} holds no token (revoked, or not enrolled yet).",
                message_id=f"Perangkat {name!r} tidak memegang token (dicabut atau belum "
                "terdaftar).",
                code="device_not_enrolled",
            )
        soon = ctx.now() + ROTATE_NOTICE
        if row.token_expires_at is None or row.token_expires_at > soon:
            row.token_expires_at = soon
        record_account_event(session, ctx, by.label, "device_rotated", subject=name)
    tokens_ended(ctx)


def revoke(ctx: ServerContext, name: str, *, by: Actor = SYSTEM) -> None:
    """Every token and enrolment secret of the device ends now."""
    with ctx.db.write() as session:
        row = _device(session, name)
        account_store.revoke_device(row, ctx.now())
        record_account_event(session, ctx, by.label, "device_revoked", subject=name)
    tokens_ended(ctx)


def issue_token(
    ctx: ServerContext,
    name: str,
    kind: DeviceKind,
    *,
    counter: int | None = None,
    by: Actor = SYSTEM,
) -> str:
    """A device with a token at once, no enrolment: for the demo and tests on one machine,
    where there is no code to carry."""
    check_counter(ctx, kind, counter)
    token = secrets.token_urlsafe(32)
    with ctx.db.write() as session:
        if account_store.device_by_name(session, name) is not None:
            raise DomainError(
                message_en=f"Device {name!r} exists already.",
                message_id=f"Perangkat {name!r} sudah ada.",
                code="device_exists",
            )
        row = account_store.add_device(session, name=name, kind=kind.value, at=ctx.now())
        row.counter = counter
        account_store.set_token(
            row,
            token_hash=token_digest(token),
            expires_at=ctx.now() + ctx.device_token_ttl,
            previous_until=None,
        )
        record_account_event(
            session, ctx, by.label, "device_enrolled", subject=name, kind=kind.value
        )
    return token


def counter_of(ctx: ServerContext, actor: Actor) -> int | None:
    """The counter the calling feedback screen stands at (None: added without one)."""
    with ctx.db.read() as session:
        return _device(session, actor.name).counter


def _device(session: Session, name: str) -> DeviceRow:
    row = account_store.device_by_name(session, name)
    if row is None:
        raise DomainError(
            message_en=f"No device {name!r}.",
            message_id=f"Perangkat {name!r} tidak ada.",
            code="not_found",
        )
    return row
