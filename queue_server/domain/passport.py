"""The keyed hash of passport numbers, and the check value that recognises its key.

A passport number is stored only as ``passport_hash``: an HMAC-SHA256 under the office's
passport key, which is kept apart from the database (``queue_server.passport_key``). The
database keeps ``key_check``, an HMAC of a constant under the same key: it tells whether
a key given at start is the one the stored hashes were made with, and reveals nothing
of the key or of any passport number.
"""

import hashlib
import hmac

CHECK_MESSAGE = b"antrean passport key check v1"


def normalized_number(document_number: str) -> str:
    """A passport number as MRZ and booking files give it, in one form: no filler, no
    spaces, upper case."""
    return document_number.replace("<", "").replace(" ", "").upper()


def passport_hash(key: bytes, document_number: str) -> str:
    """The only form in which a passport number is ever stored."""
    digest = hmac.new(key, normalized_number(document_number).encode(), hashlib.sha256)
    return digest.hexdigest()


def key_check(key: bytes) -> bytes:
    """What the database keeps to recognise the key (never the key itself)."""
    return hmac.new(key, CHECK_MESSAGE, hashlib.sha256).digest()


def is_key_of(key: bytes, check: bytes) -> bool:
    return hmac.compare_digest(key_check(key), check)
