"""Ticket numbers: a prefix and a per-service sequence that restarts at the office's midnight.

Invariants: a number is unique per (service, office day) because prefixes are
unique per service and ``format_number`` is injective for a prefix (the
sequence grows past the padding instead of wrapping); ``parse_number`` undoes
it. The day is the date in the office's zone (WIB, WITA or WIT), so numbering
resets at local midnight, not UTC's: 00:30 WIB is still the previous UTC day.
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from queue_protocol.zones import OFFICE_ZONES, office_zone_name
from queue_server.domain.errors import InvalidRequestError

__all__ = ["OFFICE_ZONES", "format_number", "office_zone", "parse_number", "service_day"]
_PREFIX = re.compile(r"[A-Z]{1,2}")
_NUMBER = re.compile(r"([A-Z]{1,2})(\d+)")


def office_zone(name: str) -> ZoneInfo:
    """WIB, WITA, WIT or an IANA zone name."""
    try:
        return ZoneInfo(office_zone_name(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidRequestError(
            message_en=f"Unknown time zone {name!r}: use WIB, WITA, WIT or a name like "
            "Asia/Makassar.",
            message_id=f"Zona waktu {name!r} tidak dikenal: gunakan WIB, WITA, WIT atau nama "
            "seperti Asia/Makassar.",
        ) from None


def service_day(at: datetime, zone: ZoneInfo) -> date:
    """The office's calendar day of an aware instant.

    Raises:
        ValueError: a naive datetime, whose zone would be a guess.
    """
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("service_day needs an aware datetime")
    return at.astimezone(zone).date()


def format_number(prefix: str, sequence: int, padding: int = 3) -> str:
    """``("A", 12) -> "A012"``; past the padding the number just grows (``A1000``).

    Raises:
        ValueError: a prefix that is not one or two capital letters, a sequence under 1 or
            a padding under 1 (a config or programming error, not a visitor's).
    """
    if _PREFIX.fullmatch(prefix) is None:
        raise ValueError(f"a ticket prefix is one or two capital letters, not {prefix!r}")
    if sequence < 1 or padding < 1:
        raise ValueError("ticket sequences start at 1 and padding is at least 1")
    return f"{prefix}{sequence:0{padding}d}"


def parse_number(number: str) -> tuple[str, int]:
    """``"A012" -> ("A", 12)``; raises ``InvalidRequestError`` for anything else."""
    match = _NUMBER.fullmatch(number.strip().upper())
    if match is None:
        raise InvalidRequestError(
            message_en=f"{number!r} is not a ticket number.",
            message_id=f"{number!r} bukan nomor antrean.",
        )
    return match.group(1), int(match.group(2))
