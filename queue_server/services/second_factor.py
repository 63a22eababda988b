"""Admins' optional second factor: a six-digit TOTP code (RFC 6238) from an
authenticator app, asked beside the password when ``office.toml`` says
``[security] admin_totp = true``.

``antrean user totp NAME`` makes the account's secret (a new one each time: the old
app entry stops working) and prints it as an ``otpauth://`` link and a QR code to
scan. An admin without a secret cannot log in while the office asks for the code:
the technician sets it up on the server first. Officers and supervisors are never
asked.
"""

import pyotp

from queue_protocol import Role
from queue_server.domain.errors import DomainError
from queue_server.services.context import ServerContext


class SecondFactorRequiredError(DomainError):
    """No code came with a right password; the login is not counted as a failure."""

    code = "totp_required"
    http_status = 401

    def __init__(self) -> None:
        super().__init__(
            message_en="Enter the 6-digit code from your authenticator app.",
            message_id="Masukkan kode 6 angka dari aplikasi autentikator Anda.",
        )


class SecondFactorError(DomainError):
    """A wrong code, or none set up: counted as a failed login."""

    code = "bad_totp"
    http_status = 401


def required(ctx: ServerContext, role: str) -> bool:
    return ctx.office.security.admin_totp and role == Role.ADMIN.value


def check(ctx: ServerContext, role: str, secret: str | None, code: str | None) -> None:
    """Nothing when the account needs no code or ``code`` is right now (or one step
    either side, for a clock a little off); else the error saying what is missing."""
    if not required(ctx, role):
        return
    if secret is None:
        raise SecondFactorError(
            message_en="This admin account has no authenticator set up; run antrean user totp "
            "NAME on the server.",
            message_id="Akun admin ini belum punya autentikator; jalankan antrean user totp NAMA "
            "di server.",
            code="totp_not_set_up",
        )
    if not code:
        raise SecondFactorRequiredError()
    if not pyotp.TOTP(secret).verify(code, for_time=ctx.now(), valid_window=1):
        raise SecondFactorError(
            message_en="Wrong authenticator code.",
            message_id="Kode autentikator salah.",
            code="bad_totp",
        )


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str, office_id: str) -> str:
    """The ``otpauth://`` link an authenticator app reads from a QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=f"Antrean {office_id}")
