"""Whether a signed message from an office is let in: enrolled office, its signature,
the office it names, and its freshness (``queue_protocol.upstream``'s order of checks).

The record window keeps nonsense out of the partitioned tables: a record's day is
neither before ``EARLIEST_DAY`` nor more than a day after headquarters' own date.
"""

from datetime import date, datetime, timedelta

from hq_server.domain.errors import ClockSkewError, InvalidBatchError, UnknownOfficeError
from queue_protocol.upstream import FRESHNESS

EARLIEST_DAY = date(2020, 1, 1)
LATEST_AHEAD = timedelta(days=1)


def check_names_office(header_office: str, body_office: str) -> None:
    if header_office != body_office:
        raise UnknownOfficeError(
            f"Pesan menyebut kantor {body_office!r}, bukan {header_office!r}.",
            f"The message names office {body_office!r}, not {header_office!r}: "
            "check the office id in office.toml against the enrolment.",
        )


def check_fresh(sent_at: datetime, now: datetime) -> None:
    """Refuse a message sent more than ``FRESHNESS`` from headquarters' clock: a replayed
    old message, or an office whose clock is wrong."""
    skew = sent_at - now
    if abs(skew) > FRESHNESS:
        minutes = round(skew.total_seconds() / 60)
        raise ClockSkewError(
            f"Jam kantor berbeda {minutes} menit dari jam pusat, atau pesan ini lama: "
            "setel jam server kantor (NTP).",
            f"The office's clock is {minutes} minutes off headquarters' clock, or this "
            "message is old: set the office server's clock (NTP); nothing is lost.",
        )


def check_record_day(day: date, today: date) -> None:
    if not EARLIEST_DAY <= day <= today + LATEST_AHEAD:
        raise InvalidBatchError(
            f"Catatan bertanggal {day} di luar rentang yang diterima.",
            f"A record dated {day} is outside what headquarters accepts "
            f"({EARLIEST_DAY} to tomorrow).",
        )
