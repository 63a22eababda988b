"""When a booked visitor may check in: the office's early and late windows around the slot.

Invariants: check-in is on time from ``slot_start - early_minutes`` to
``slot_end + late_minutes``, both ends included; before that the visitor is
told when to come back, after it what the office's rule is (take a walk-in
ticket, or reschedule in M-Paspor). Times are shown as the office shows them:
in the slot's own zone, Indonesian style ``pukul 09.00 WIB``.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from queue_server.domain.errors import InvalidRequestError

LATE_ACTIONS = ("refuse", "walk_in")


@dataclass(frozen=True)
class CheckInWindow:
    """The office's rule: minutes allowed before the slot and after it, and what then."""

    early_minutes: int
    late_minutes: int
    late_action: str  # "refuse" or "walk_in"

    def __post_init__(self) -> None:
        if self.early_minutes < 0 or self.late_minutes < 0:
            raise InvalidRequestError(
                message_en="Check-in window minutes cannot be negative.",
                message_id="Menit jendela check-in tidak boleh negatif.",
            )
        if self.late_action not in LATE_ACTIONS:
            raise InvalidRequestError(
                message_en=f"Unknown late action {self.late_action!r}; use 'refuse' or 'walk_in'.",
                message_id=f"Tindakan terlambat {self.late_action!r} tidak dikenal; gunakan "
                "'refuse' atau 'walk_in'.",
            )


@dataclass(frozen=True)
class WindowDecision:
    """The outcome, when to come back (too early only), and what to tell the visitor."""

    outcome: str  # "on_time", "too_early" or "too_late"
    come_back_at: datetime | None
    message_id: str
    message_en: str


def clock_text(at: datetime) -> str:
    """``09.00 WIB``: hours and minutes with a dot, and the zone's abbreviation when it has
    one (Asia/Jakarta's is WIB, Asia/Makassar's WITA, Asia/Jayapura's WIT)."""
    zone = at.tzname()
    # Fixed offsets are named "UTC+07:00"; only a real abbreviation is worth printing.
    suffix = f" {zone}" if zone and zone.isalpha() else ""
    return f"{at:%H.%M}{suffix}"


def check_in_decision(
    *, slot_start: datetime, slot_end: datetime, now: datetime, window: CheckInWindow
) -> WindowDecision:
    """Whether a booking for ``slot_start``-``slot_end`` may check in at ``now``.

    Raises:
        InvalidRequestError: a slot that ends before it starts.
    """
    if slot_end < slot_start:
        raise InvalidRequestError(
            message_en="The booking slot ends before it starts.",
            message_id="Sesi booking berakhir sebelum dimulai.",
        )
    opens = slot_start - timedelta(minutes=window.early_minutes)
    closes = slot_end + timedelta(minutes=window.late_minutes)
    if now < opens:
        return WindowDecision(
            "too_early",
            opens,
            f"Check-in untuk booking Anda dibuka pukul {clock_text(opens)}. Silakan kembali "
            "pada jam tersebut.",
            f"Check-in for your booking opens at {clock_text(opens)}. Please come back then.",
        )
    if now > closes:
        return _too_late(slot_start, slot_end, window)
    return WindowDecision("on_time", None, "Tepat waktu.", "On time.")


def _too_late(slot_start: datetime, slot_end: datetime, window: CheckInWindow) -> WindowDecision:
    slot = f"{slot_start:%H.%M}-{clock_text(slot_end)}"
    late_id = f"Jadwal booking Anda ({slot}) sudah lewat lebih dari {window.late_minutes} menit."
    late_en = f"Your booking ({slot}) is more than {window.late_minutes} minutes past."
    if window.late_action == "walk_in":
        return WindowDecision(
            "too_late",
            None,
            f"{late_id} Sesuai aturan kantor, silakan ambil nomor antrean tanpa booking bila "
            "kuota masih tersedia.",
            f"{late_en} By this office's rule, please take a walk-in ticket if the quota allows.",
        )
    return WindowDecision(
        "too_late",
        None,
        f"{late_id} Sesuai aturan kantor, silakan jadwalkan ulang di aplikasi M-Paspor.",
        f"{late_en} By this office's rule, please reschedule in the M-Paspor app.",
    )
