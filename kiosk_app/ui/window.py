"""The kiosk window: a header and one view per screen, rendering the flow's state.

The window turns taps into flow events (``event_raised``) and draws whatever
state it is given; it decides nothing itself.
"""

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk_app.core import presenters
from kiosk_app.core.events import (
    BookingCodeEntered,
    DonePressed,
    Event,
    HomePressed,
    LanguageChosen,
    ModeChosen,
    PriorityChosen,
    PriorityOptionPressed,
    ReplacementChosen,
    RetryPressed,
    SeniorAnswered,
    ServiceChosen,
)
from kiosk_app.core.state import KioskState, Mode, Screen
from kiosk_app.core.texts import other_language
from kiosk_app.ui.screens import BookingView, TicketScreenView
from kiosk_app.ui.theme import scale_for, style
from kiosk_app.ui.widgets import HeaderWidget, ScreenView
from queue_protocol import Language, PriorityGroup


class KioskWindow(QWidget):
    """The whole kiosk screen.

    Signals:
        event_raised(object): a flow event from a tap (``kiosk_app.core.events``).
    """

    event_raised = Signal(object)

    def __init__(
        self,
        *,
        office_name: str,
        logo: Path | None = None,
        landscape: bool = False,
        replacement_service: str = "GP",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kioskWindow")
        self._landscape = landscape
        self._unit = 1.0
        self.setStyleSheet(style(self._unit))
        self._replacement = replacement_service
        self._state: KioskState | None = None
        layout = QVBoxLayout(self)
        # The screen sets the size and the screens scale to it: minimum sizes that grew
        # the window past the screen would hide the last buttons.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = HeaderWidget(office_name, logo)
        self.header.language_tapped.connect(self._on_header_language_tapped)
        layout.addWidget(self.header)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.booking = BookingView(landscape=landscape)
        self.ticket = TicketScreenView(landscape=landscape)
        self.views: dict[Screen, QWidget] = {}
        for screen in Screen:
            view: QWidget
            if screen == Screen.BOOKING:
                view = self.booking
            elif screen == Screen.TICKET:
                view = self.ticket
            else:
                view = ScreenView(landscape=landscape)
            self.views[screen] = view
            self.stack.addWidget(view)
        self._connect()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Every screen is drawn to the scale of the window: 1 on the panel its orientation
        is made for, smaller in a demo window or on a smaller panel."""
        super().resizeEvent(event)
        unit = scale_for(self.width(), self.height(), landscape=self._landscape)
        if abs(unit - self._unit) < 0.001:
            return
        self._unit = unit
        self.setStyleSheet(style(unit))
        self.header.apply_scale(unit)
        for view in self.views.values():
            if isinstance(view, ScreenView | TicketScreenView):
                view.apply_scale(unit)
        layout = self.layout()
        if layout is not None:  # the first frame (and a screenshot) is already laid out
            layout.activate()

    def screen_view(self, screen: Screen) -> ScreenView:
        """The generic view of ``screen`` (not for the ticket screen)."""
        view = self.views[screen]
        assert isinstance(view, ScreenView)
        return view

    def _connect(self) -> None:
        for screen, view in self.views.items():
            if isinstance(view, ScreenView):
                view.home_tapped.connect(lambda: self.event_raised.emit(HomePressed()))
                view.choice_tapped.connect(
                    lambda key, s=screen: self._on_view_choice_tapped(s, key)
                )
        self.screen_view(Screen.START).language_tapped.connect(
            lambda code: self.event_raised.emit(LanguageChosen(Language(code)))
        )
        self.booking.code_entered.connect(
            lambda code: self.event_raised.emit(BookingCodeEntered(code))
        )
        self.ticket.done_tapped.connect(lambda: self.event_raised.emit(DonePressed()))

    def _on_view_choice_tapped(self, screen: Screen, key: str) -> None:
        event: Event
        if screen == Screen.START:
            event = ModeChosen(Mode(key))
        elif screen == Screen.SENIOR:
            event = SeniorAnswered(key == "yes")
        elif screen == Screen.PRIORITY:
            event = PriorityChosen(None if key == "none" else PriorityGroup(key))
        elif screen == Screen.SERVICES:
            event = ServiceChosen(key)
        elif screen == Screen.EXPIRED:
            event = ReplacementChosen()
        elif screen == Screen.ERROR:
            event = RetryPressed() if key == "retry" else PriorityOptionPressed()
        else:
            return
        self.event_raised.emit(event)

    def _on_header_language_tapped(self) -> None:
        if self._state is not None:
            self.event_raised.emit(LanguageChosen(other_language(self._state.language)))

    def set_office_name(self, name: str) -> None:
        self.header.set_office_name(name)

    def show_state(self, state: KioskState) -> None:
        """Show ``state``: the right view, filled by its presenter."""
        previous = self._state
        self._state = state
        screen = state.screen
        if screen == Screen.TICKET:
            self.ticket.show_ticket(presenters.ticket_model(state))
        elif screen == Screen.BOOKING:
            if previous is None or previous.screen != Screen.BOOKING:
                self.booking.keypad.reset()
            self.booking.show_booking(presenters.booking_model(state), state.language)
        else:
            self.screen_view(screen).show_model(self._model(state))
        on_start = screen == Screen.START  # the start screen has its own language buttons
        self.header.set_language_label("" if on_start else presenters.tr_language_label(state))
        self.stack.setCurrentWidget(self.views[screen])

    def _model(self, state: KioskState) -> presenters.ScreenModel:
        builders = {
            Screen.START: presenters.start_model,
            Screen.PASSPORT: presenters.passport_model,
            Screen.SENIOR: presenters.senior_model,
            Screen.PRIORITY: presenters.priority_model,
            Screen.SERVICES: presenters.services_model,
            Screen.WORKING: presenters.working_model,
            Screen.ERROR: presenters.error_model,
            Screen.CLOSED: presenters.closed_model,
        }
        if state.screen == Screen.EXPIRED:
            return presenters.expired_model(state, self._replacement)
        return builders[state.screen](state)
