"""The kiosk's screens as a transition table (after h11's ``_state.py``).

``KioskFlow.handle(event)`` looks up ``(screen, type(event))`` in ``TABLE``; a
pair that is not there raises ``IllegalEventError`` and the state is left
exactly as it was. Handlers are pure: they take the frozen ``KioskState`` and
the event and return the next state plus the commands (issue a ticket, print,
refresh) that the app runs off the UI thread; results come back as events.

Invariants:
- one visitor, one ``client_ref``: a retry re-sends the same request, so the
  server (and the offline store) return the same ticket, never a second one;
- a result for a request that is no longer pending is ignored (``request_id``);
- the language survives every transition except a timeout on the start screen.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk_app.core.booking_code import check_booking_code
from kiosk_app.core.events import (
    BookingCodeEntered,
    Command,
    DonePressed,
    Event,
    HomePressed,
    IssueCommand,
    IssueFailed,
    IssueSucceeded,
    LanguageChosen,
    ModeChosen,
    MrzRead,
    PrintCommand,
    PrintFinished,
    PriorityChosen,
    PriorityOptionPressed,
    RefreshCommand,
    ReplacementChosen,
    RetryPressed,
    SeniorAnswered,
    ServiceChosen,
    StatusRefreshed,
    TimedOut,
)
from kiosk_app.core.passport import check_passport
from kiosk_app.core.state import KioskState, Mode, PrintState, Screen
from queue_protocol import (
    IssueTicketRequest,
    Language,
    PriorityGroup,
    TicketSource,
)

Handler = Callable[["KioskFlow", KioskState, Event], tuple[KioskState, list[Command]]]

_SOURCES = {
    Mode.BOOKING: TicketSource.BOOKING,
    Mode.PASSPORT: TicketSource.PASSPORT,
    Mode.WALK_IN: TicketSource.WALK_IN,
}
_RETRY_SCREEN = {Mode.BOOKING: Screen.BOOKING, Mode.PASSPORT: Screen.PASSPORT}


class IllegalEventError(Exception):
    """An event the current screen does not accept; the state is unchanged."""


@dataclass(frozen=True)
class FlowSettings:
    """What the flow needs from outside: defaults, the replacement service, ids, the day."""

    new_ref: Callable[[], str]
    today: Callable[[], date]
    default_language: Language = Language.ID
    replacement_service: str = "GP"
    booking_public_key: Ed25519PublicKey | None = None


class KioskFlow:
    """Holds the current ``KioskState`` and applies events through ``TABLE``."""

    def __init__(self, settings: FlowSettings) -> None:
        self.settings = settings
        self.state = KioskState.initial(settings.default_language)

    def accepts(self, event: Event) -> bool:
        """True when the current screen has a transition for ``event``."""
        return (self.state.screen, type(event)) in TABLE

    def handle(self, event: Event) -> list[Command]:
        """Apply ``event``; return the commands to run.

        Raises:
            IllegalEventError: the current screen does not accept it (state unchanged).
        """
        handler = TABLE.get((self.state.screen, type(event)))
        if handler is None:
            raise IllegalEventError(f"{type(event).__name__} on screen {self.state.screen}")
        self.state, commands = handler(self, self.state, event)
        return commands

    # -- helpers shared by handlers -------------------------------------------------

    def start_over(self, state: KioskState) -> tuple[KioskState, list[Command]]:
        fresh = KioskState.initial(self.settings.default_language)
        fresh = replace(
            fresh,
            language=state.language,
            services=state.services,
            closed=state.closed,
            offline=state.offline,
            priority_groups=state.priority_groups,
            minimum_age=state.minimum_age,
        )
        return replace(fresh, screen=Screen.CLOSED if fresh.closed else Screen.START), [
            RefreshCommand()
        ]

    def issue(
        self, state: KioskState, request: IssueTicketRequest
    ) -> tuple[KioskState, list[Command]]:
        request_id = state.request_id + 1
        pending = replace(state, screen=Screen.WORKING, request=request, request_id=request_id)
        return pending, [IssueCommand(request_id, request)]

    def request(self, state: KioskState, **fields: object) -> IssueTicketRequest:
        assert state.mode is not None
        values: dict[str, object] = {
            "source": _SOURCES[state.mode],
            "language": state.language,
            "client_ref": self.settings.new_ref(),
            "priority_group": state.priority,
        }
        if state.passport is not None and state.passport.mrz is not None:
            values["source"] = TicketSource.PASSPORT
            values["mrz"] = state.passport.mrz
        values.update(fields)
        return IssueTicketRequest.model_validate(values)


# -- handlers ---------------------------------------------------------------------------


def _language(flow: KioskFlow, state: KioskState, event: Event) -> tuple[KioskState, list[Command]]:
    assert isinstance(event, LanguageChosen)
    return replace(state, language=event.language), []


def _mode(flow: KioskFlow, state: KioskState, event: Event) -> tuple[KioskState, list[Command]]:
    assert isinstance(event, ModeChosen)
    screens = {Mode.BOOKING: Screen.BOOKING, Mode.PASSPORT: Screen.PASSPORT}
    if event.mode in screens:
        return replace(state, mode=event.mode, screen=screens[event.mode]), []
    return _ask_priority(replace(state, mode=event.mode))


def _ask_priority(state: KioskState) -> tuple[KioskState, list[Command]]:
    """The Ramah HAM question, or straight to the services when the office has no
    priority groups (nothing to ask)."""
    if state.priority_groups:
        return replace(state, screen=Screen.PRIORITY, failure=None), []
    return replace(state, screen=Screen.SERVICES, failure=None, priority=None), [RefreshCommand()]


def _booking_code(
    flow: KioskFlow, state: KioskState, event: Event
) -> tuple[KioskState, list[Command]]:
    assert isinstance(event, BookingCodeEntered)
    state = replace(state, mode=Mode.BOOKING, passport=None, priority=None)
    key = flow.settings.booking_public_key
    check = check_booking_code(event.text, key)
    if check.code is None:
        assert check.failure is not None
        return replace(
            state, screen=Screen.ERROR, failure=check.failure, retry_screen=Screen.BOOKING
        ), []
    return flow.issue(state, flow.request(state, booking_code=check.code))


def _mrz(flow: KioskFlow, state: KioskState, event: Event) -> tuple[KioskState, list[Command]]:
    assert isinstance(event, MrzRead)
    check = check_passport(event.text, flow.settings.today())
    state = replace(state, mode=Mode.PASSPORT, passport=check, priority=None)
    if check.failure is not None:
        return replace(
            state, screen=Screen.ERROR, failure=check.failure, retry_screen=Screen.PASSPORT
        ), []
    return flow.issue(state, flow.request(state))


def _senior(flow: KioskFlow, state: KioskState, event: Event) -> tuple[KioskState, list[Command]]:
    assert isinstance(event, SeniorAnswered)
    priority = PriorityGroup.LANSIA if event.accept else None
    return replace(state, priority=priority, screen=Screen.SERVICES), [RefreshCommand()]


def _priority(flow: KioskFlow, state: KioskState, event: Event) -> tuple[KioskState, list[Command]]:
    assert isinstance(event, PriorityChosen)
    if event.group is not None and not state.offers(event.group):
        raise IllegalEventError(f"priority group {event.group} is not served by this office")
    return replace(state, priority=event.group, screen=Screen.SERVICES), [RefreshCommand()]


def _service(flow: KioskFlow, state: KioskState, event: Event) -> tuple[KioskState, list[Command]]:
    assert isinstance(event, ServiceChosen)
    return flow.issue(state, flow.request(state, service=event.code))


def _replacement(
    flow: KioskFlow, state: KioskState, event: Event
) -> tuple[KioskState, list[Command]]:
    assert isinstance(event, ReplacementChosen)
    return flow.issue(state, flow.request(state, service=flow.settings.replacement_service))


def _issued(flow: KioskFlow, state: KioskState, event: Event) -> tuple[KioskState, list[Command]]:
    assert isinstance(event, IssueSucceeded)
    if event.request_id != state.request_id:
        return state, []
    shown = replace(
        state, screen=Screen.TICKET, ticket=event.ticket, print_state=PrintState.PRINTING
    )
    return shown, [PrintCommand(event.ticket)]


def _issue_failed(
    flow: KioskFlow, state: KioskState, event: Event
) -> tuple[KioskState, list[Command]]:
    assert isinstance(event, IssueFailed)
    if event.request_id != state.request_id:
        return state, []
    failure = event.failure
    code = failure.code
    if code == "passport_expired":
        return replace(state, screen=Screen.EXPIRED, failure=failure), []
    if code == "service_required":  # a passport with no booking today: choose a service
        if state.senior:
            return replace(state, screen=Screen.SENIOR), []
        return _ask_priority(state)
    if code == "office_closed":
        closed = replace(state, closed=failure.message)
        return replace(closed, screen=Screen.CLOSED), []
    if code == "offline_booking":  # what to do instead is on the screen, no retry
        return replace(state, screen=Screen.ERROR, failure=failure, retry_screen=None), []
    retry = _RETRY_SCREEN.get(state.mode) if state.mode else None
    if code in ("unreachable", "no_lease", "unexpected"):
        retry = Screen.WORKING  # re-send the same request (same client_ref)
    elif retry is None:
        retry = Screen.SERVICES
    return replace(state, screen=Screen.ERROR, failure=failure, retry_screen=retry), []


def _retry(flow: KioskFlow, state: KioskState, event: Event) -> tuple[KioskState, list[Command]]:
    assert isinstance(event, RetryPressed)
    target = state.retry_screen or Screen.START
    if target == Screen.WORKING and state.request is not None:
        return flow.issue(state, state.request)
    if target == Screen.START:
        return flow.start_over(state)
    commands: list[Command] = [RefreshCommand()] if target == Screen.SERVICES else []
    return replace(state, screen=target, failure=None), commands


def _priority_option(
    flow: KioskFlow, state: KioskState, event: Event
) -> tuple[KioskState, list[Command]]:
    assert isinstance(event, PriorityOptionPressed)
    # A booking that cannot be checked now becomes a walk-in; a passport stays one.
    mode = Mode.PASSPORT if state.mode == Mode.PASSPORT else Mode.WALK_IN
    return _ask_priority(replace(state, mode=mode))


def _printed(flow: KioskFlow, state: KioskState, event: Event) -> tuple[KioskState, list[Command]]:
    assert isinstance(event, PrintFinished)
    if state.ticket is None or state.ticket.client_ref != event.client_ref:
        return state, []  # the visitor has moved on; staff can still reprint
    return replace(state, print_state=PrintState.PRINTED if event.ok else PrintState.FAILED), []


def _status(flow: KioskFlow, state: KioskState, event: Event) -> tuple[KioskState, list[Command]]:
    assert isinstance(event, StatusRefreshed)
    closed = event.closed_reason()
    state = replace(
        state,
        services=event.services,
        offline=event.offline,
        untrusted=event.untrusted,
        closed=closed,
    )
    if event.priority_groups is not None:
        state = replace(state, priority_groups=event.priority_groups)
    if event.minimum_age is not None:
        state = replace(state, minimum_age=event.minimum_age)
    if state.screen == Screen.START and closed is not None:
        return replace(state, screen=Screen.CLOSED), []
    if state.screen == Screen.CLOSED and closed is None:
        return replace(state, screen=Screen.START), []
    return state, []


def _home(flow: KioskFlow, state: KioskState, event: Event) -> tuple[KioskState, list[Command]]:
    return flow.start_over(state)


def _timeout(flow: KioskFlow, state: KioskState, event: Event) -> tuple[KioskState, list[Command]]:
    next_state, commands = flow.start_over(state)
    return replace(next_state, language=flow.settings.default_language), commands


# -- the table --------------------------------------------------------------------------

_VISITOR_SCREENS = (
    Screen.BOOKING,
    Screen.PASSPORT,
    Screen.SENIOR,
    Screen.PRIORITY,
    Screen.SERVICES,
    Screen.TICKET,
    Screen.ERROR,
    Screen.EXPIRED,
)

TABLE: dict[tuple[Screen, type[Event]], Handler] = {
    (Screen.START, ModeChosen): _mode,
    (Screen.SENIOR, SeniorAnswered): _senior,
    (Screen.PRIORITY, PriorityChosen): _priority,
    (Screen.SERVICES, ServiceChosen): _service,
    (Screen.EXPIRED, ReplacementChosen): _replacement,
    (Screen.WORKING, IssueSucceeded): _issued,
    (Screen.WORKING, IssueFailed): _issue_failed,
    (Screen.ERROR, RetryPressed): _retry,
    (Screen.ERROR, PriorityOptionPressed): _priority_option,
    (Screen.TICKET, DonePressed): _home,
    (Screen.START, TimedOut): _timeout,
    (Screen.CLOSED, TimedOut): _timeout,
}
for _screen in Screen:
    TABLE[(_screen, LanguageChosen)] = _language
    TABLE[(_screen, StatusRefreshed)] = _status
    TABLE[(_screen, PrintFinished)] = _printed
for _screen in (Screen.START, *_VISITOR_SCREENS):
    # A scan or a passport on the reader starts over from any screen but "working"
    # and "closed": the next visitor does not wait for the last one's timeout.
    TABLE[(_screen, BookingCodeEntered)] = _booking_code
    TABLE[(_screen, MrzRead)] = _mrz
for _screen in _VISITOR_SCREENS:
    TABLE[(_screen, HomePressed)] = _home
    TABLE[(_screen, TimedOut)] = _timeout
