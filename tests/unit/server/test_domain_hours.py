"""Opening hours: when the kiosk issues tickets, and what it says otherwise."""

from datetime import datetime
from zoneinfo import ZoneInfo

from queue_server.config import EXAMPLE_OFFICE, load_office
from queue_server.domain.hours import closed_reason

JAKARTA = ZoneInfo("Asia/Jakarta")


def test_opening_hours_of_example_office() -> None:
    office = load_office(EXAMPLE_OFFICE)
    monday_morning = datetime(2026, 11, 30, 9, 0, tzinfo=JAKARTA)
    assert closed_reason(office, monday_morning) is None
    early = closed_reason(office, monday_morning.replace(hour=6))
    assert early is not None
    assert "07.30" in early.id
    late = closed_reason(office, monday_morning.replace(hour=15, minute=30))
    assert late is not None
    assert "15.00" in late.en
    sunday = closed_reason(office, datetime(2026, 11, 29, 9, 0, tzinfo=JAKARTA))
    assert sunday is not None
    assert "Senin s.d. Jumat" in sunday.id
