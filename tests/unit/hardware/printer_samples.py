"""Sample tickets shared by the printer unit tests."""

from datetime import datetime
from zoneinfo import ZoneInfo

from hardware.printer.base import TicketView

ISSUED_AT = datetime(2026, 1, 15, 9, 30, tzinfo=ZoneInfo("Asia/Jakarta"))


def sample_ticket(**changes: object) -> TicketView:
    """A priority ticket with a stage, as the kiosk prints one; ``changes`` override fields."""
    fields: dict[str, object] = {
        "office_name": "Kantor Imigrasi Kelas I TPI Jakarta Selatan",
        "number": "A012",
        "service_id": "Paspor Baru",
        "service_en": "New Passport",
        "people_ahead": 5,
        "estimated_wait_min": 15,
        "issued_at": ISSUED_AT,
        "status_url": "http://127.0.0.1:8000/t/Qx7fK2mPz9LrT4vWb8Yc",
        "stage_id": "Berkas",
        "stage_en": "Documents",
        "priority": True,
    }
    fields.update(changes)
    return TicketView(**fields)  # type: ignore[arg-type]
