"""Booking codes as they reach the kiosk: from the camera, the scanner or the keypad.

All three inputs end in the same ``check_booking_code`` call, so the flow sees
one event whatever the visitor used. A plain application number is normalised
(spaces and dashes dropped, upper case); a signed token ``AQ1.<payload>.<sig>``
is verified offline against the issuer's Ed25519 key when one is configured, so
a forged or altered code is refused before any network call. The server checks
everything again: this is a fast, clear first answer, never the only check.
"""

import re
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk_app.core.outcomes import Failure
from kiosk_app.core.texts import TEXTS
from queue_protocol import LocalizedText
from queue_protocol.booking_token import (
    APPLICATION_NUMBER,
    TOKEN_PREFIX,
    SignedBooking,
    load_public_key,
    read_signed_booking,
)

__all__ = [
    "TOKEN_PREFIX",
    "BookingCodeCheck",
    "SignedBooking",
    "check_booking_code",
    "load_public_key",
    "read_signed_booking",
]

MAX_LENGTH = 2048


@dataclass(frozen=True)
class BookingCodeCheck:
    """Either a ``code`` to send to the server or a ``failure`` to show."""

    code: str | None
    failure: Failure | None = None


def _failure(code: str, key: str) -> BookingCodeCheck:
    indonesian, english = TEXTS[key]
    return BookingCodeCheck(None, Failure(code, LocalizedText(id=indonesian, en=english)))


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
    if read_signed_booking(text, public_key) is None:
        return _failure("booking_forged", "error_code_forged")
    return BookingCodeCheck(text)
