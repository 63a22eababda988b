"""Enrolling an office: ``antrean hq office add`` makes a one-time secret (72 hours); the
office's ``antrean upstream enrol`` exchanges it for the enrolment of its public key.
Adding an office again makes a new code (and the office enrols a new key with it)."""

import base64
import hashlib
import secrets
from datetime import timedelta

from hq_server.domain.errors import HqError, UnauthorizedError
from hq_server.services.context import HqContext
from hq_server.storage import office_store
from queue_protocol.upstream import UpstreamEnrolReply, UpstreamEnrolRequest

CODE_TTL = timedelta(hours=72)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def add_office(ctx: HqContext, code: str, *, name: str, region: str) -> str:
    """Register (or renew the code of) office ``code``; returns its one-time secret."""
    secret = base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")
    now = ctx.now()
    with ctx.db.write() as session:
        office_store.add_or_renew_code(
            session, code=code, name=name, region=region, secret_digest=_digest(secret),
            expires_at=now + CODE_TTL, now=now,
        )  # fmt: skip
    return secret


def enrol(ctx: HqContext, request: UpstreamEnrolRequest) -> UpstreamEnrolReply:
    now = ctx.now()
    with ctx.db.write() as session:
        row = office_store.by_secret(session, _digest(request.secret))
        if row is None or row.secret_expires_at is None or row.secret_expires_at < now:
            raise UnauthorizedError(
                "Kode pendaftaran tidak dikenal, sudah dipakai, atau kedaluwarsa.",
                "The enrolment code is unknown, used or expired: make a new one at "
                "headquarters ('antrean hq office add').",
                code="invalid_code",
            )
        if row.code != request.office:
            raise HqError(
                f"Kode ini untuk kantor {row.code}, bukan {request.office}.",
                f"This code is for office {row.code}, but this office is {request.office} "
                "(office.toml, [office] id): use the code made for it.",
                code="office_mismatch",
            )
        office = office_store.enrol(row, request.public_key, now)
    return UpstreamEnrolReply(office=office.code, name=office.name, region=office.region)
