"""The SKM survey flow: nine questions, skip, stop, timeouts, one submission."""

import itertools

import pytest

from kiosk_app.core.feedback_flow import (
    Answered,
    FeedbackFlow,
    FeedbackLanguageChosen,
    FeedbackScreen,
    FeedbackTimedOut,
    Skipped,
    StoppedRating,
    TicketFinished,
)
from kiosk_app.core.flow import IllegalEventError
from queue_protocol import Language
from tests.unit.kiosk.fakes import SKM


@pytest.fixture
def flow() -> FeedbackFlow:
    counter = itertools.count(1)
    return FeedbackFlow(counter=3, elements=SKM, new_ref=lambda: f"fb-{next(counter):08d}")


def test_feedback_all_nine_answered_posts_once(flow: FeedbackFlow) -> None:
    flow.handle(TicketFinished(7, Language.EN))
    model = flow.model()
    assert model.question == "Question 1?"
    assert model.answers == ("A1", "A2", "A3", "A4")
    commands = []
    for value in [1, 2, 3, 4, 4, 3, 2, 1, 4]:
        commands += flow.handle(Answered(value))
    (submit,) = commands
    assert submit.request.ticket_id == 7
    assert submit.request.counter == 3
    assert submit.request.answers == dict(
        zip(range(1, 10), [1, 2, 3, 4, 4, 3, 2, 1, 4], strict=True)
    )
    assert flow.state.screen == FeedbackScreen.THANKS


def test_feedback_skips_and_stop_post_only_answers(flow: FeedbackFlow) -> None:
    flow.handle(TicketFinished(7))
    flow.handle(Skipped())
    flow.handle(Answered(3))
    (submit,) = flow.handle(StoppedRating())
    assert submit.request.answers == {2: 3}


def test_feedback_nothing_answered_posts_nothing(flow: FeedbackFlow) -> None:
    flow.handle(TicketFinished(7))
    assert flow.handle(StoppedRating()) == []
    assert flow.handle(FeedbackTimedOut()) == []
    assert flow.state.screen == FeedbackScreen.IDLE


def test_feedback_illegal_answer_keeps_state(flow: FeedbackFlow) -> None:
    with pytest.raises(IllegalEventError):
        flow.handle(Answered(2))
    flow.handle(TicketFinished(7))
    before = flow.state
    with pytest.raises(IllegalEventError):
        flow.handle(Answered(5))
    assert flow.state == before


def test_feedback_next_ticket_submits_the_previous_answers(flow: FeedbackFlow) -> None:
    flow.handle(TicketFinished(7))
    flow.handle(Answered(4))
    (submit,) = flow.handle(TicketFinished(8))
    assert submit.request.ticket_id == 7
    assert flow.state.ticket_id == 8
    assert flow.state.index == 0


def test_feedback_language_switch(flow: FeedbackFlow) -> None:
    flow.handle(TicketFinished(7, Language.ID))
    flow.handle(FeedbackLanguageChosen(Language.EN))
    assert flow.model().question == "Question 1?"
