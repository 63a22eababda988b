"""Opening hours: whether the kiosk may issue tickets at a local time, and why not."""

from datetime import datetime

from queue_protocol import LocalizedText
from queue_server.domain.office import HoursDef, OfficeConfig

_ZONE_ABBREVIATIONS = {
    "WIB": "WIB",
    "WITA": "WITA",
    "WIT": "WIT",
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def zone_abbreviation(timezone: str) -> str:
    return _ZONE_ABBREVIATIONS.get(timezone, timezone)


def closed_reason(office: OfficeConfig, local_now: datetime) -> LocalizedText | None:
    """None while tickets may be issued; else what to tell the visitor, in id and en."""
    hours = office.hours
    zone = zone_abbreviation(office.office.timezone)
    if local_now.date() in hours.holidays or local_now.isoweekday() not in hours.days:
        return LocalizedText(
            id=f"Kantor tutup hari ini. Layanan dibuka {_days_id(hours)} pukul "
            f"{_hm(hours.open)}-{_hm(hours.close)} {zone}.",
            en=f"The office is closed today. Open {_days_en(hours)}, "
            f"{_hm(hours.open)}-{_hm(hours.close)} {zone}.",
        )
    now = local_now.time()
    if now < hours.open:
        return LocalizedText(
            id=f"Pengambilan nomor antrean dibuka pukul {_hm(hours.open)} {zone}.",
            en=f"Queue tickets are available from {_hm(hours.open)} {zone}.",
        )
    if now >= hours.last_ticket:
        return LocalizedText(
            id=f"Pengambilan nomor antrean hari ini sudah ditutup pukul {_hm(hours.last_ticket)}"
            f" {zone}. Silakan datang kembali pada hari kerja berikutnya.",
            en=f"Ticket issuing closed today at {_hm(hours.last_ticket)} {zone}."
            " Please come back on the next working day.",
        )
    return None


def _hm(value: object) -> str:
    text = str(value)
    return text[:5].replace(":", ".")


_DAY_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_DAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _days_id(hours: HoursDef) -> str:
    return _span(hours.days, _DAY_ID, "s.d.")


def _days_en(hours: HoursDef) -> str:
    return _span(hours.days, _DAY_EN, "to")


def _span(days: tuple[int, ...], names: tuple[str, ...], joiner: str) -> str:
    ordered = sorted(days)
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 2:
        return f"{names[ordered[0] - 1]} {joiner} {names[ordered[-1] - 1]}"
    return ", ".join(names[day - 1] for day in ordered)
