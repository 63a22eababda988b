"""When a booked visitor may check in: the office's early and late windows around the slot."""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class CheckInWindow:
    early_minutes: int
    late_minutes: int
    late_action: str  # "refuse" or "walk_in"


@dataclass(frozen=True)
class WindowDecision:
    outcome: str  # "on_time", "too_early" or "too_late"
    come_back_at: datetime | None
    message_id: str
    message_en: str


def _hm(at: datetime) -> str:
    return at.strftime("%H.%M")


def check_in_decision(
    *, slot_start: datetime, slot_end: datetime, now: datetime, window: CheckInWindow
) -> WindowDecision:
    """On time from ``slot_start - early`` until ``slot_end + late``; times as the office shows
    them (the slot's own zone)."""
    opens = slot_start - timedelta(minutes=window.early_minutes)
    closes = slot_end + timedelta(minutes=window.late_minutes)
    if now < opens:
        return WindowDecision(
            "too_early",
            opens,
            f"Check-in untuk booking Anda dibuka pukul {_hm(opens)}. Silakan kembali pada jam "
            "tersebut.",
            f"Check-in for your booking opens at {_hm(opens)}. Please come back then.",
        )
    if now > closes:
        slot = f"{_hm(slot_start)}-{_hm(slot_end)}"
        if window.late_action == "walk_in":
            return WindowDecision(
                "too_late",
                None,
                f"Jadwal booking Anda ({slot}) sudah lewat lebih dari {window.late_minutes} "
                "menit. Sesuai aturan kantor, silakan ambil nomor antrean tanpa booking bila "
                "kuota masih tersedia.",
                f"Your booking ({slot}) is more than {window.late_minutes} minutes past. By "
                "this office's rule, please take a walk-in ticket if the quota allows.",
            )
        return WindowDecision(
            "too_late",
            None,
            f"Jadwal booking Anda ({slot}) sudah lewat lebih dari {window.late_minutes} menit. "
            "Sesuai aturan kantor, silakan jadwalkan ulang di aplikasi M-Paspor.",
            f"Your booking ({slot}) is more than {window.late_minutes} minutes past. By this "
            "office's rule, please reschedule in the M-Paspor app.",
        )
    return WindowDecision("on_time", None, "Tepat waktu.", "On time.")
