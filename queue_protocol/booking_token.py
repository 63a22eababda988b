"""Signed booking tokens: the format both the office server and the kiosk read.

A signed token is ``AQ1.<payload>.<signature>`` (base64url, no padding): the payload is
compact JSON ``{"a": application number, "d": "YYYY-MM-DD"}``, with ``"s": service
code`` when the issuer adds it (a kiosk without its server needs it to know the queue
of a booking it checks in offline), and the signature is Ed25519 over the ASCII bytes
``AQ1.<payload>``. The real M-Paspor QR payload is not public; this is ours.
"""

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from datetime import date

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

TOKEN_PREFIX = "AQ1."  # noqa: S105 - a format marker, not a secret
APPLICATION_NUMBER = re.compile(r"^[0-9A-Z]{6,32}$")


@dataclass(frozen=True)
class SignedBooking:
    """What a verified token says: whose booking, for which day, and (when the issuer
    gave it) for which service."""

    application_number: str = field(repr=False)
    day: date
    service: str | None


def b64decode(text: str) -> bytes:
    """base64url without padding, as in tokens and keys."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def load_public_key(text: str) -> Ed25519PublicKey:
    """The issuer's key from its base64url text (as in ``office.toml``).

    Raises:
        ValueError: the text is not a 32-byte Ed25519 public key.
    """
    try:
        return Ed25519PublicKey.from_public_bytes(b64decode(text.strip()))
    except (binascii.Error, ValueError) as error:
        raise ValueError(f"not an Ed25519 public key: {error}") from None


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
    signed_part = TOKEN_PREFIX + b64encode(payload.encode())
    signature = private_key.sign(signed_part.encode("ascii"))
    return f"{signed_part}.{b64encode(signature)}"


def read_signed_booking(text: str, public_key: Ed25519PublicKey | None) -> SignedBooking | None:
    """A signed token's booking once its signature verifies against ``public_key``; None
    for a plain number, a token that does not verify, or no key to verify it with."""
    parts = text.strip().split(".")
    if public_key is None or len(parts) != 3 or f"{parts[0]}." != TOKEN_PREFIX:
        return None
    try:
        public_key.verify(b64decode(parts[2]), f"{parts[0]}.{parts[1]}".encode("ascii"))
        payload = json.loads(b64decode(parts[1]))
        number = str(payload["a"]).upper()
        day = date.fromisoformat(str(payload["d"]))
        service = str(payload["s"]) if "s" in payload else None
    except (InvalidSignature, ValueError, KeyError, TypeError, binascii.Error, UnicodeError):
        return None
    if not APPLICATION_NUMBER.fullmatch(number):
        return None
    return SignedBooking(application_number=number, day=day, service=service)
