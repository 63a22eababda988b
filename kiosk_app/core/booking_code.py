"""Booking codes as they reach the kiosk: from the camera, the scanner or the keypad.

All three inputs end in the same ``check_booking_code`` call, so the flow sees
one event whatever the visitor used. A plain application number is normalised
(spaces and dashes dropped, upper case); a signed token ``AQ1.<payload>.<sig>``
is verified offline against the issuer's Ed25519 key when one is configured, so
a forged or altered code is refused before any network call. The server checks
everything again: this is a fast, clear first answer, never the only check.
"""

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from datetime import date

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk_app.core.outcomes import Failure
from kiosk_app.core.texts import TEXTS
from queue_protocol import LocalizedText

TOKEN_PREFIX = "AQ1."  # noqa: S105 - a format marker, not a secret
MAX_LENGTH = 2048
APPLICATION_NUMBER = re.compile(r"^[0-9A-Z]{6,32}$")


@dataclass(frozen=True)
class BookingCodeCheck:
    """Either a ``code`` to send to the server or a ``failure`` to show."""

    code: str | None
    failure: Failure | None = None


@dataclass(frozen=True)
class SignedBooking:
    """What a verified token says: whose booking, for which day, and (when the issuer
    gave it) for which service. Only ever held in memory and in the offline store."""

    application_number: str = field(repr=False)
    day: date
    service: str | None


def _failure(code: str, key: str) -> BookingCodeCheck:
    indonesian, english = TEXTS[key]
    return BookingCodeCheck(None, Failure(code, LocalizedText(id=indonesian, en=english)))


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load_public_key(text: str) -> Ed25519PublicKey:
    """The issuer's key from its base64url text (as in ``office.toml``).

    Raises:
        ValueError: the text is not a 32-byte Ed25519 public key.
    """
    try:
        return Ed25519PublicKey.from_public_bytes(_b64decode(text.strip()))
    except (binascii.Error, ValueError) as error:
        raise ValueError(f"not an Ed25519 public key: {error}") from None


def check_booking_code(raw: str, public_key: Ed25519PublicKey | None = None) -> BookingCodeCheck:
    """Normalise a scanned or typed code, or say plainly why it cannot be a booking."""
    text = raw.strip()
    if not text or len(text) > MAX_LENGTH or not text.isprintable():
        return _failure("booking_malformed", "error_code_malformed")
    if text.startswith(TOKEN_PREFIX):
        return _check_token(text, public_key)
    normalized = re.sub(r"[\s-]", "", text).upper()
    if not APPLICATION_NUMBER.fullmatch(normalized):
        return _failure("booking_malformed", "error_code_malformed")
    return BookingCodeCheck(normalized)


def _check_token(text: str, public_key: Ed25519PublicKey | None) -> BookingCodeCheck:
    parts = text.split(".")
    if len(parts) != 3 or not all(parts):
        return _failure("booking_forged", "error_code_forged")
    if public_key is None:
        return BookingCodeCheck(text)  # the server holds the key and decides
    try:
        public_key.verify(_b64decode(parts[2]), f"{parts[0]}.{parts[1]}".encode("ascii"))
        payload = json.loads(_b64decode(parts[1]))
        number = str(payload["a"]).upper()
    except (InvalidSignature, ValueError, KeyError, TypeError, binascii.Error, UnicodeError):
        return _failure("booking_forged", "error_code_forged")
    if not APPLICATION_NUMBER.fullmatch(number):
        return _failure("booking_forged", "error_code_forged")
    return BookingCodeCheck(text)


def read_signed_booking(text: str, public_key: Ed25519PublicKey | None) -> SignedBooking | None:
    """A signed token's booking once its signature verifies against ``public_key``; None
    for a plain number, a token that does not verify, or no key to verify it with."""
    parts = text.strip().split(".")
    if public_key is None or len(parts) != 3 or f"{parts[0]}." != TOKEN_PREFIX:
        return None
    try:
        public_key.verify(_b64decode(parts[2]), f"{parts[0]}.{parts[1]}".encode("ascii"))
        payload = json.loads(_b64decode(parts[1]))
        number = str(payload["a"]).upper()
        day = date.fromisoformat(str(payload["d"]))
        service = str(payload["s"]) if "s" in payload else None
    except (InvalidSignature, ValueError, KeyError, TypeError, binascii.Error, UnicodeError):
        return None
    if not APPLICATION_NUMBER.fullmatch(number):
        return None
    return SignedBooking(application_number=number, day=day, service=service)
