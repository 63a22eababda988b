"""What a user's or a device's name may be: 2-64 lower-case letters, digits, dots,
dashes or underscores, starting with a letter or a digit. One rule for the admin
pages and the command line alike; such a name is safe in a URL, a log line and a
report download (no formula, no markup, no space)."""

import re

from queue_server.domain.errors import InvalidRequestError

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def check_name(name: str) -> None:
    """Nothing when ``name`` keeps the rule, else an ``InvalidRequestError`` saying it."""
    if not NAME.fullmatch(name):
        raise InvalidRequestError(
            message_en=f"{name!r}: use 2-64 lower-case letters, digits, dots, dashes or "
            "underscores, starting with a letter or a digit.",
            message_id=f"{name!r}: gunakan 2-64 huruf kecil, angka, titik, tanda hubung, atau "
            "garis bawah, diawali huruf atau angka.",
            code="bad_name",
        )
