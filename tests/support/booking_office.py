"""An office with the day's M-Paspor bookings and the booking issuer's signing key."""

import base64
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

KEY = Ed25519PrivateKey.generate()  # the booking issuer's, for the tests' signed codes


def public_key_text() -> str:
    """``KEY``'s public half as ``office.toml`` and ``kiosk.toml`` take it."""
    raw = KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def office_text_with_key(text: str) -> str:
    """``text`` (an office.toml from the example) with ``KEY`` as the booking issuer's."""
    key = f'token_public_key = "{public_key_text()}"\n# was: '
    return text.replace("# token_public_key = ", key)


class Clock:
    """A server clock the test sets (``at``)."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at
