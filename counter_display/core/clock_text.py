"""The board's clock and date, in the office's time zone, with Indonesian names."""

import logging
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from queue_protocol.zones import office_zone_name

log = logging.getLogger(__name__)

# office.toml may name the zone as Indonesians do; the IANA zone behind each.
FALLBACK_ZONE = "Asia/Jakarta"

DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@cache
def office_zone(timezone: str) -> ZoneInfo:
    """The zone for "Asia/Jakarta" or "WIB"; an unknown name falls back to WIB, logged once."""
    name = office_zone_name(timezone)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("unknown time zone %r, showing %s", timezone, FALLBACK_ZONE)
        return ZoneInfo(FALLBACK_ZONE)


def local_time(now: datetime, timezone: str) -> datetime:
    """``now`` (aware) in the office's zone: an IANA name or WIB, WITA, WIT."""
    return now.astimezone(office_zone(timezone))


def time_text(local: datetime, zone_abbreviation: str) -> str:
    """ "08:05 WIB" (24-hour clock, as Indonesian offices show it)."""
    return f"{local:%H:%M} {zone_abbreviation}".strip()


def date_text(local: datetime, language: str = "id") -> str:
    """ "Senin, 1 Desember 2025" / "Monday, 1 December 2025"."""
    days, months = (DAYS_EN, MONTHS_EN) if language == "en" else (DAYS_ID, MONTHS_ID)
    return f"{days[local.weekday()]}, {local.day} {months[local.month - 1]} {local.year}"
