"""The office's time zone as ``office.toml`` and the office reply name it: WIB, WITA, WIT
or an IANA name. One table for the server, the kiosk and the board."""

from zoneinfo import ZoneInfo

OFFICE_ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


def office_zone_name(name: str) -> str:
    """The IANA name of ``name`` (WIB, WITA, WIT in any case, or an IANA name as it is)."""
    return OFFICE_ZONES.get(name.upper(), name)


def office_zone(name: str) -> ZoneInfo:
    """The zone of ``name``.

    Raises:
        zoneinfo.ZoneInfoNotFoundError, ValueError: not a zone.
    """
    return ZoneInfo(office_zone_name(name))
