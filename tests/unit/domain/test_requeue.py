"""Putting a no-show back in line: the office's switch, the window and the place."""

from datetime import UTC, date, datetime, timedelta

from queue_server.domain.office import PolicyDef
from queue_server.domain.requeue import NoShow, requeue_refusal, requeued_at

TODAY = date(2026, 12, 7)
QUEUED = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
MARKED = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
NO_SHOW = NoShow(day=TODAY, marked_at=MARKED, queued_at=QUEUED)


def test_requeue_within_window_allowed() -> None:
    now = MARKED + timedelta(minutes=30)
    assert requeue_refusal(PolicyDef(), NO_SHOW, now=now, today=TODAY) is None


def test_requeue_after_window_refused_with_both_languages() -> None:
    policy = PolicyDef(no_show_requeue_minutes=15)
    refusal = requeue_refusal(policy, NO_SHOW, now=MARKED + timedelta(minutes=16), today=TODAY)
    assert refusal is not None
    assert refusal.code == "requeue_window_passed"
    assert refusal.http_status == 409
    assert "15 minutes" in refusal.message_en
    assert "15 menit" in refusal.message_id


def test_requeue_office_disallows_refused() -> None:
    policy = PolicyDef(no_show_requeue=False)
    refusal = requeue_refusal(policy, NO_SHOW, now=MARKED, today=TODAY)
    assert refusal is not None
    assert refusal.code == "requeue_disabled"
    assert "tiket baru" in refusal.message_id


def test_requeue_ticket_of_another_day_refused() -> None:
    refusal = requeue_refusal(PolicyDef(), NO_SHOW, now=MARKED, today=TODAY + timedelta(days=1))
    assert refusal is not None
    assert refusal.code == "requeue_window_passed"


def test_requeued_at_back_is_now_original_is_its_arrival() -> None:
    now = MARKED + timedelta(minutes=5)
    assert requeued_at(PolicyDef(), NO_SHOW, now=now) == now
    assert requeued_at(PolicyDef(no_show_requeue_place="original"), NO_SHOW, now=now) == QUEUED


def test_policy_refuses_unknown_place_and_zero_window() -> None:
    for bad in ({"no_show_requeue_place": "front"}, {"no_show_requeue_minutes": 0}):
        try:
            PolicyDef.model_validate(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad} was accepted")
