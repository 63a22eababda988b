"""Ratings kept on the feedback screen while the server is away, sent later exactly once."""

from datetime import timedelta
from pathlib import Path

import pytest

from kiosk_app.core.feedback_outbox import FeedbackOutbox
from kiosk_app.core.offline_store import OfflineStore
from queue_protocol import FeedbackRequest
from queue_protocol.client import ApiError
from tests.unit.kiosk.fakes import NOW, FakeBackend


def _rating(ref: str, ticket_id: int = 42) -> FeedbackRequest:
    return FeedbackRequest(
        ticket_id=ticket_id,
        counter=3,
        answers={1: 4, 2: 3},
        client_ref=ref,
        answered_at=NOW - timedelta(minutes=10),
    )


def test_outbox_keeps_ratings_while_away_and_sends_them_later_in_order(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.reachable = False
    with OfflineStore(tmp_path / "feedback.sqlite3") as store:
        outbox = FeedbackOutbox(backend, store)
        for ref in ("fb-00000001", "fb-00000002"):
            outbox.keep(_rating(ref))
        away = outbox.send_pending()
        assert (away.reachable, away.waiting, away.sent) == (False, 2, 0)
    backend.reachable = True
    with OfflineStore(tmp_path / "feedback.sqlite3") as reopened:  # the screen restarted
        outbox = FeedbackOutbox(backend, reopened)
        assert outbox.send_pending().sent == 2
        assert outbox.send_pending().sent == 0  # sent once
    assert [f.client_ref for f in backend.feedbacks] == ["fb-00000001", "fb-00000002"]
    assert all(f.answered_at == NOW - timedelta(minutes=10) for f in backend.feedbacks)


def test_outbox_keeps_a_rating_once_by_its_ref(tmp_path: Path) -> None:
    backend = FakeBackend()
    with OfflineStore(tmp_path / "feedback.sqlite3") as store:
        outbox = FeedbackOutbox(backend, store)
        outbox.keep(_rating("fb-00000001"))
        outbox.keep(_rating("fb-00000001"))
        assert outbox.waiting() == 1
        assert outbox.send_pending().sent == 1
    assert len(backend.feedbacks) == 1


def test_outbox_drops_a_refused_rating_and_sends_the_next(tmp_path: Path) -> None:
    class RefusingBackend(FakeBackend):
        def feedback(self, request: FeedbackRequest):  # type: ignore[no-untyped-def]
            if request.ticket_id == 1:
                raise ApiError(404, "not_finished_here", "Tidak.", "Not here.")
            return super().feedback(request)

    backend = RefusingBackend()
    with OfflineStore(tmp_path / "feedback.sqlite3") as store:
        outbox = FeedbackOutbox(backend, store)
        outbox.keep(_rating("fb-00000001", ticket_id=1))
        outbox.keep(_rating("fb-00000002", ticket_id=2))
        report = outbox.send_pending()
        assert (report.sent, report.refused, outbox.waiting()) == (1, 1, 0)
    assert [f.ticket_id for f in backend.feedbacks] == [2]


@pytest.mark.parametrize("status", [401, 403, 429, 500])
def test_outbox_keeps_ratings_when_the_screen_or_server_is_at_fault(
    tmp_path: Path, status: int
) -> None:
    class FailingBackend(FakeBackend):
        def feedback(self, request: FeedbackRequest):  # type: ignore[no-untyped-def]
            raise ApiError(status, "some_error", "Galat.", "Error.")

    with OfflineStore(tmp_path / "feedback.sqlite3") as store:
        outbox = FeedbackOutbox(FailingBackend(), store)
        outbox.keep(_rating("fb-00000001"))
        assert outbox.send_pending().waiting == 1
        assert outbox.waiting() == 1
