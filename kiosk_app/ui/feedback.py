"""Feedback mode: the SKM satisfaction screen at one counter.

``FeedbackController`` follows the event stream (on its own thread), starts
the survey when this counter finishes a ticket, keeps the answers on the device
and posts them from the thread pool, again every ``resend_ms`` while the server
is away. ``FeedbackView`` shows one question with four big answers.
"""

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLayout, QVBoxLayout, QWidget

from kiosk_app.core.feedback_flow import (
    Answered,
    FeedbackEvent,
    FeedbackFlow,
    FeedbackLanguageChosen,
    FeedbackModel,
    FeedbackScreen,
    FeedbackTimedOut,
    Skipped,
    StoppedRating,
    SubmitFeedback,
    TicketFinished,
)
from kiosk_app.core.feedback_outbox import FeedbackOutbox, FeedbackSync
from kiosk_app.core.texts import other_language
from kiosk_app.ui.theme import choice_height, scale_for, scaled, style, touch_height
from kiosk_app.ui.widgets import HeaderWidget, button, label
from kiosk_app.ui.workers import JobRunner
from queue_protocol import Language
from queue_protocol.events import Event, TicketEvent

log = logging.getLogger(__name__)
ANSWER_COLOURS = ("#9b1c1c", "#b45309", "#15803d", "#0a4d8c")  # 1..4, white text on each


class FeedbackView(QWidget):
    """One SKM question, four answers, skip and stop. Portrait, the answers are one per
    row, worst first; landscape, two by two (an answer such as "Ada tetapi tidak
    berfungsi" needs half the width). Everything is drawn to the scale of the window,
    as the kiosk's screens are.

    Signals:
        answer_tapped(int): an answer 1..4.
        skip_tapped: skip this question.
        stop_tapped: stop rating (what was answered is kept).
        language_tapped: switch language.
    """

    answer_tapped = Signal(int)
    skip_tapped = Signal()
    stop_tapped = Signal()
    language_tapped = Signal()

    def __init__(self, office_name: str, *, landscape: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self._landscape = landscape
        self._unit = 1.0
        self.setStyleSheet(style(self._unit))
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # the screen's size
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = HeaderWidget(office_name, None)
        self.header.language_tapped.connect(self.language_tapped)
        layout.addWidget(self.header)
        self._body = body = QVBoxLayout()
        self.progress = label("", "detail")
        self.title = label("", "line")
        self.question = label("", "title")
        for widget in (self.progress, self.title, self.question):
            body.addWidget(widget)
        self._answers = QGridLayout()
        self.answers = []
        columns = 2 if landscape else 1
        for index, colour in enumerate(ANSWER_COLOURS):  # worst first
            answer = button("", "answer")
            answer.setStyleSheet(f"background: {colour};")
            answer.clicked.connect(lambda _=False, value=index + 1: self.answer_tapped.emit(value))
            self._answers.addWidget(answer, index // columns, index % columns)
            self.answers.append(answer)
        body.addLayout(self._answers)
        body.addStretch(1)
        self._footer = QGridLayout()
        self.skip = button("", "secondary")
        self.skip.clicked.connect(self.skip_tapped)
        self.stop = button("", "secondary")
        self.stop.clicked.connect(self.stop_tapped)
        self._footer.addWidget(self.skip, 0, 0)
        self._footer.addWidget(self.stop, 0, 1)
        body.addLayout(self._footer)
        layout.addLayout(body, 1)
        self._scale_layout(self._unit)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        unit = scale_for(self.width(), self.height(), landscape=self._landscape)
        if abs(unit - self._unit) >= 0.001:
            self._unit = unit
            self.setStyleSheet(style(unit))
            self.header.apply_scale(unit)
            self._scale_layout(unit)
            layout = self.layout()
            if layout is not None:  # the first frame (and a screenshot) is already laid out
                layout.activate()

    def _scale_layout(self, unit: float) -> None:
        across, down = scaled(48, unit), scaled(32, unit)
        self._body.setContentsMargins(across, down, across, down)
        self._body.setSpacing(scaled(24, unit))
        self._answers.setSpacing(scaled(24, unit))
        self._footer.setSpacing(scaled(24, unit))
        answer_height = touch_height(unit) if self._landscape else choice_height(unit)
        for answer in self.answers:
            answer.setMinimumHeight(answer_height)
        for widget in (self.skip, self.stop):
            widget.setMinimumHeight(touch_height(unit))

    def show_model(self, model: FeedbackModel) -> None:
        asking = bool(model.answers)
        self.progress.setText(model.progress)
        self.title.setText(model.title if asking else "")
        self.title.setVisible(asking)
        self.question.setText(model.question)
        for widget, text in zip(self.answers, model.answers or ("",) * 4, strict=True):
            widget.setText(text)
            widget.setVisible(asking)
        self.skip.setText(model.skip_label)
        self.stop.setText(model.stop_label)
        self.skip.setVisible(asking)
        self.stop.setVisible(asking)
        self.header.set_language_label(model.language_label)


class FeedbackController(QObject):
    """Runs the survey of one counter.

    Signals:
        submitted(object): a ``FeedbackSync`` after each round of sending kept ratings.
    """

    submitted = Signal(object)
    _finished = Signal(int, str)

    def __init__(
        self,
        flow: FeedbackFlow,
        view: FeedbackView,
        outbox: FeedbackOutbox,
        *,
        question_timeout_ms: int = 60_000,
        thanks_timeout_ms: int = 8_000,
        resend_ms: int = 30_000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.flow = flow
        self.view = view
        self.outbox = outbox
        self.jobs = JobRunner(max_threads=1)  # one at a time: ratings go in order
        self._resend = QTimer(self)
        self._resend.setInterval(resend_ms)
        self._resend.timeout.connect(self.send_kept)
        self._timeouts = {
            FeedbackScreen.QUESTION: question_timeout_ms,
            FeedbackScreen.THANKS: thanks_timeout_ms,
        }
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dispatch_timeout)
        self._finished.connect(self._on_self_finished)
        view.answer_tapped.connect(lambda value: self.dispatch(Answered(value)))
        view.skip_tapped.connect(lambda: self.dispatch(Skipped()))
        view.stop_tapped.connect(lambda: self.dispatch(StoppedRating()))
        view.language_tapped.connect(
            lambda: self.dispatch(FeedbackLanguageChosen(other_language(self.flow.state.language)))
        )
        view.show_model(flow.model())

    def on_event(self, event: Event) -> None:
        """For ``EventStream`` (any thread): a ticket finished at this counter starts the survey."""
        if (
            isinstance(event, TicketEvent)
            and event.action == "finish"
            and event.counter == self.flow.counter
        ):
            self._finished.emit(event.ticket.id, event.ticket.language.value)

    def _on_self_finished(self, ticket_id: int, language: str) -> None:
        self.dispatch(TicketFinished(ticket_id, Language(language)))

    def dispatch(self, event: FeedbackEvent) -> None:
        """Apply a tap or a timeout; ignored when the screen does not take it."""
        screen = self.flow.state.screen
        if screen == FeedbackScreen.IDLE and not isinstance(
            event, TicketFinished | FeedbackLanguageChosen
        ):
            return
        for command in self.flow.handle(event):
            self._submit(command)
        self.view.show_model(self.flow.model())
        timeout = self._timeouts.get(self.flow.state.screen)
        if timeout is None:
            self._timer.stop()
        else:
            self._timer.start(timeout)

    def dispatch_timeout(self) -> None:
        """The visitor walked away: keep what was answered, back to the idle screen."""
        self.dispatch(FeedbackTimedOut())

    def start(self) -> None:
        """Send what an earlier run kept, then again every ``resend_ms``."""
        self._resend.start()
        self.send_kept()

    def stop(self) -> None:
        self._timer.stop()
        self._resend.stop()
        self.jobs.wait()

    def send_kept(self) -> None:
        """Send the kept ratings (off the UI thread), unless a round is under way."""
        if not self.jobs.busy:
            self.jobs.submit(self.outbox.send_pending, self.submitted.emit)

    def _submit(self, command: SubmitFeedback) -> None:
        request = command.request

        def keep_and_send() -> FeedbackSync:
            self.outbox.keep(request)  # on the device first: a crash now loses nothing
            return self.outbox.send_pending()

        self.jobs.submit(keep_and_send, self.submitted.emit)
