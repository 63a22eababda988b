"""Booking codes read at the kiosk: a plain application number or our signed token
(``queue_protocol.booking_token``). A token whose signature does not verify is refused:
a forged or altered code never reaches a ticket.
"""

import re
from dataclasses import dataclass
from datetime import date

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from queue_protocol.booking_token import (
    APPLICATION_NUMBER,
    TOKEN_PREFIX,
    load_public_key,
    read_signed_booking,
    sign_booking_token,
)
from queue_server.domain.errors import BookingRejectedError

__all__ = [
    "APPLICATION_NUMBER",
    "BookingCode",
    "decode_booking_code",
    "public_key_from_text",
    "sign_booking_token",
]

public_key_from_text = load_public_key


@dataclass(frozen=True)
class BookingCode:
    application_number: str
    day: date | None  # given by a signed token; a plain number leaves it to the lookup
    signed: bool
    service: str | None = None  # a signed token's service, when the issuer gave it


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
    booking = read_signed_booking(text, public_key)
    if booking is None:
        raise forged
    return BookingCode(
        application_number=booking.application_number,
        day=booking.day,
        signed=True,
        service=booking.service,
    )
