"""Check-in windows around a booked slot."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from queue_server.domain.booking_window import CheckInWindow, check_in_decision, clock_text
from queue_server.domain.errors import InvalidRequestError

WITA = ZoneInfo("Asia/Makassar")
START = datetime(2026, 12, 1, 9, 0, tzinfo=WITA)
END = START + timedelta(hours=1)


def decide(now: datetime, late_action: str = "walk_in") -> tuple[str, datetime | None, str, str]:
    window = CheckInWindow(early_minutes=60, late_minutes=30, late_action=late_action)
    decision = check_in_decision(slot_start=START, slot_end=END, now=now, window=window)
    return decision.outcome, decision.come_back_at, decision.message_id, decision.message_en


@pytest.mark.parametrize("offset", [-60, 0, 45, 90])
def test_check_in_inside_window_inclusive_on_time(offset: int) -> None:
    assert decide(START + timedelta(minutes=offset))[:2] == ("on_time", None)


def test_check_in_too_early_come_back_when_window_opens() -> None:
    outcome, back, text_id, text_en = decide(START - timedelta(minutes=61))
    assert (outcome, back) == ("too_early", START - timedelta(minutes=60))
    assert "pukul 08.00 WITA" in text_id
    assert "at 08.00 WITA" in text_en


def test_check_in_too_late_walk_in_rule_says_take_walk_in_ticket() -> None:
    outcome, back, text_id, text_en = decide(END + timedelta(minutes=31))
    assert (outcome, back) == ("too_late", None)
    assert "(09.00-10.00 WITA)" in text_id
    assert "tanpa booking" in text_id
    assert "walk-in ticket" in text_en


def test_check_in_too_late_refuse_rule_says_reschedule_in_m_paspor() -> None:
    _, _, text_id, text_en = decide(END + timedelta(minutes=31), late_action="refuse")
    assert "jadwalkan ulang di aplikasi M-Paspor" in text_id
    assert "reschedule in the M-Paspor app" in text_en


def test_check_in_now_in_other_zone_compared_as_instant() -> None:
    # 00:30 UTC is 08:30 WITA: inside the window.
    now = datetime(2026, 12, 1, 0, 30, tzinfo=timezone.utc)  # noqa: UP017
    assert decide(now)[0] == "on_time"


@pytest.mark.parametrize(
    ("zone", "text"),
    [
        (ZoneInfo("Asia/Jakarta"), "09.05 WIB"),
        (ZoneInfo("Asia/Jayapura"), "09.05 WIT"),
        (timezone(timedelta(hours=7)), "09.05"),
    ],
)
def test_clock_text_zone_abbreviation_when_known(zone: timezone | ZoneInfo, text: str) -> None:
    assert clock_text(datetime(2026, 12, 1, 9, 5, tzinfo=zone)) == text


def test_check_in_window_invalid_rule_raises() -> None:
    with pytest.raises(InvalidRequestError):
        CheckInWindow(early_minutes=10, late_minutes=10, late_action="ignore")
    with pytest.raises(InvalidRequestError):
        CheckInWindow(early_minutes=-1, late_minutes=10, late_action="refuse")


def test_check_in_slot_ending_before_start_raises() -> None:
    window = CheckInWindow(early_minutes=10, late_minutes=10, late_action="refuse")
    with pytest.raises(InvalidRequestError):
        check_in_decision(slot_start=END, slot_end=START, now=START, window=window)
