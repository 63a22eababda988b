"""The satisfaction screen at a counter (SKM, PermenPAN-RB 14/2017), as a transition table.

When the counter finishes a ticket, the nine questions are asked one at a time,
answers 1-4 with the regulation's labels, one tap each; any question may be
skipped, and the visitor may stop at any point. What was answered is posted
once (``SubmitFeedback``, idempotent by ``client_ref``, with the time it was
answered, since it may reach the server later). An illegal event
raises ``IllegalEventError`` and leaves the state unchanged.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from kiosk_app.core.flow import IllegalEventError
from kiosk_app.core.texts import tr
from queue_protocol import FeedbackRequest, Language, SkmElement


class FeedbackScreen(StrEnum):
    IDLE = "idle"
    QUESTION = "question"
    THANKS = "thanks"


@dataclass(frozen=True)
class TicketFinished:
    """The counter finished serving a ticket (``ticket.updated`` with ``action == "finish"``)."""

    ticket_id: int
    language: Language = Language.ID


@dataclass(frozen=True)
class Answered:
    value: int  # 1..4


@dataclass(frozen=True)
class Skipped:
    pass


@dataclass(frozen=True)
class StoppedRating:
    pass


@dataclass(frozen=True)
class FeedbackLanguageChosen:
    language: Language


@dataclass(frozen=True)
class FeedbackTimedOut:
    pass


FeedbackEvent = (
    TicketFinished | Answered | Skipped | StoppedRating | FeedbackLanguageChosen | FeedbackTimedOut
)


@dataclass(frozen=True)
class SubmitFeedback:
    request: FeedbackRequest


@dataclass(frozen=True)
class FeedbackState:
    screen: FeedbackScreen
    language: Language
    ticket_id: int | None = None
    index: int = 0
    answers: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class FeedbackModel:
    """What the feedback screen shows."""

    title: str
    question: str
    progress: str
    answers: tuple[str, ...]
    skip_label: str
    stop_label: str
    language_label: str


class FeedbackFlow:
    """The survey for one counter. ``elements`` are the office's nine SKM questions."""

    def __init__(
        self,
        *,
        counter: int,
        elements: list[SkmElement],
        new_ref: Callable[[], str],
        language: Language = Language.ID,
        now: Callable[[], datetime] = lambda: datetime.now().astimezone(),
    ) -> None:
        self.counter = counter
        self._now = now
        self.elements = elements
        self._new_ref = new_ref
        self._default = language
        self.state = FeedbackState(FeedbackScreen.IDLE, language)

    def handle(self, event: FeedbackEvent) -> list[SubmitFeedback]:
        """Apply ``event``; the commands to run (a submission, or none).

        Raises:
            IllegalEventError: the screen does not accept it (state unchanged).
        """
        screen = self.state.screen
        if isinstance(event, FeedbackLanguageChosen):
            self.state = replace(self.state, language=event.language)
            return []
        if isinstance(event, TicketFinished):
            commands = self._submit() if screen == FeedbackScreen.QUESTION else []
            self.state = FeedbackState(FeedbackScreen.QUESTION, event.language, event.ticket_id)
            return commands
        if screen == FeedbackScreen.QUESTION and isinstance(event, Answered | Skipped):
            return self._next(event)
        if screen == FeedbackScreen.QUESTION and isinstance(event, StoppedRating):
            return self._finish(FeedbackScreen.THANKS)
        if screen == FeedbackScreen.QUESTION and isinstance(event, FeedbackTimedOut):
            return self._finish(FeedbackScreen.IDLE)
        if screen == FeedbackScreen.THANKS and isinstance(event, FeedbackTimedOut):
            self.state = FeedbackState(FeedbackScreen.IDLE, self._default)
            return []
        raise IllegalEventError(f"{type(event).__name__} on feedback screen {screen}")

    def _next(self, event: Answered | Skipped) -> list[SubmitFeedback]:
        state = self.state
        answers = state.answers
        if isinstance(event, Answered):
            if not 1 <= event.value <= 4:
                raise IllegalEventError(f"answer {event.value} is not 1-4")
            answers = (*answers, (self.elements[state.index].number, event.value))
        self.state = replace(state, index=state.index + 1, answers=answers)
        if self.state.index >= len(self.elements):
            return self._finish(FeedbackScreen.THANKS)
        return []

    def _finish(self, screen: FeedbackScreen) -> list[SubmitFeedback]:
        commands = self._submit()
        language = self.state.language if screen == FeedbackScreen.THANKS else self._default
        self.state = FeedbackState(screen, language)
        return commands

    def _submit(self) -> list[SubmitFeedback]:
        state = self.state
        if state.ticket_id is None or not state.answers:
            return []
        request = FeedbackRequest(
            ticket_id=state.ticket_id,
            counter=self.counter,
            answers=dict(state.answers),
            language=state.language,
            client_ref=self._new_ref(),
            answered_at=self._now(),
        )
        return [SubmitFeedback(request)]

    def model(self) -> FeedbackModel:
        """The texts of the current screen in the current language."""
        state, lang = self.state, self.state.language
        common = {
            "skip_label": tr("feedback_skip", lang),
            "stop_label": tr("feedback_skip_all", lang),
            "language_label": tr("language_other", lang),
        }
        if state.screen == FeedbackScreen.QUESTION:
            element = self.elements[state.index]
            return FeedbackModel(
                title=tr("feedback_intro", lang),
                question=element.question.get(lang),
                progress=tr(
                    "feedback_progress", lang, index=state.index + 1, total=len(self.elements)
                ),
                answers=tuple(answer.get(lang) for answer in element.answers),
                **common,
            )
        key = "feedback_thanks" if state.screen == FeedbackScreen.THANKS else "feedback_idle"
        title = tr("feedback_idle_title", lang)
        counter = tr("feedback_counter", lang, counter=self.counter)
        return FeedbackModel(
            title=title, question=tr(key, lang), progress=counter, answers=(), **common
        )
