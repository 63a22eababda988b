"""Booking codes read at the kiosk: a plain application number or our signed token.

The real M-Paspor QR payload is not public, so decoding is pluggable. A signed
token is ``AQ1.<payload>.<signature>`` (base64url, no padding): the payload is
compact JSON ``{"a": application number, "d": "YYYY-MM-DD"}``, with ``"s": service
code`` when the issuer adds it (a kiosk without its server needs it to know the queue
of a booking it checks in offline), and the signature
is Ed25519 over the ASCII bytes ``AQ1.<payload>``. A token whose signature does
not verify is refused: a forged or altered code never reaches a ticket.
"""

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import date

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from queue_server.domain.errors import BookingRejectedError

TOKEN_PREFIX = "AQ1."  # noqa: S105 - a format marker, not a secret
APPLICATION_NUMBER = re.compile(r"^[0-9A-Z]{6,32}$")


@dataclass(frozen=True)
class BookingCode:
    application_number: str
    day: date | None  # given by a signed token; a plain number leaves it to the lookup
    signed: bool
    service: str | None = None  # a signed token's service, when the issuer gave it


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def public_key_from_text(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(_b64decode(text.strip()))


def sign_booking_token(
    private_key: Ed25519PrivateKey,
    application_number: str,
    day: date,
    service: str | None = None,
) -> str:
    """Make a token as the booking issuer would (used by the demo and the tests)."""
    fields = {"a": application_number, "d": day.isoformat()}
    if service is not None:
        fields["s"] = service
    payload = json.dumps(fields, separators=(",", ":"))
    signed_part = TOKEN_PREFIX + _b64encode(payload.encode())
    signature = private_key.sign(signed_part.encode("ascii"))
    return f"{signed_part}.{_b64encode(signature)}"


def decode_booking_code(code: str, public_key: Ed25519PublicKey | None) -> BookingCode:
    """Read a scanned or typed booking code. Raises ``BookingRejectedError`` with a reason."""
    text = code.strip()
    if text.startswith(TOKEN_PREFIX):
        return _decode_token(text, public_key)
    normalized = re.sub(r"[\s-]", "", text).upper()
    if not APPLICATION_NUMBER.fullmatch(normalized):
        raise BookingRejectedError(
            message_en="This is not an M-Paspor booking code. Scan the QR code on the payment "
            "proof, or type the application number.",
            message_id="Kode ini bukan kode booking M-Paspor. Pindai kode QR pada bukti "
            "pembayaran, atau ketik nomor permohonan.",
            code="booking_malformed",
        )
    return BookingCode(application_number=normalized, day=None, signed=False)


def _decode_token(text: str, public_key: Ed25519PublicKey | None) -> BookingCode:
    forged = BookingRejectedError(
        message_en="This booking code is not valid (its signature does not match). Please ask the "
        "information desk.",
        message_id="Kode booking ini tidak sah (tanda tangannya tidak cocok). Silakan ke meja "
        "informasi.",
        code="booking_forged",
    )
    parts = text.split(".")
    if len(parts) != 3 or public_key is None:
        raise forged
    try:
        public_key.verify(_b64decode(parts[2]), f"{parts[0]}.{parts[1]}".encode("ascii"))
        payload = json.loads(_b64decode(parts[1]))
        number = str(payload["a"]).upper()
        day = date.fromisoformat(str(payload["d"]))
        service = str(payload["s"]) if "s" in payload else None
    except (InvalidSignature, ValueError, KeyError, TypeError, binascii.Error, UnicodeError):
        raise forged from None
    if not APPLICATION_NUMBER.fullmatch(number):
        raise forged
    return BookingCode(application_number=number, day=day, signed=True, service=service)
