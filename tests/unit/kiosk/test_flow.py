"""The kiosk flow as a transition table: every path, every failure, no Qt."""

import itertools
from collections.abc import Sequence
from datetime import date

import pytest

from kiosk_app.core.events import (
    BookingCodeEntered,
    Command,
    DonePressed,
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
from kiosk_app.core.flow import TABLE, FlowSettings, IllegalEventError, KioskFlow
from kiosk_app.core.outcomes import Failure, IssuedTicket
from kiosk_app.core.samples import SamplePassports
from kiosk_app.core.state import Mode, PrintState, Screen
from queue_protocol import Language, LocalizedText, PriorityGroup, TicketSource
from tests.unit.kiosk.fakes import NOW, SERVICES

TODAY = date(2026, 12, 1)
PASSPORTS = SamplePassports.for_day(TODAY)


@pytest.fixture
def flow() -> KioskFlow:
    counter = itertools.count(1)
    return KioskFlow(FlowSettings(new_ref=lambda: f"ref-{next(counter):08d}", today=lambda: TODAY))


def _ticket(ref: str, *, reprinted: bool = False) -> IssuedTicket:
    return IssuedTicket(
        client_ref=ref,
        number="A001",
        service="AP",
        service_name=LocalizedText(id="Pengambilan", en="Collection"),
        people_ahead=2,
        estimated_wait_min=10,
        issued_at=NOW,
        ticket_id=1,
        status_url="http://x/status/abc",
        reprinted=reprinted,
    )


def _fail(code: str) -> Failure:
    return Failure(code, LocalizedText(id=f"{code} id", en=f"{code} en"))


def _screen(flow: KioskFlow) -> Screen:
    """The current screen (a call, so mypy does not narrow it across transitions)."""
    return flow.state.screen


def _printing(flow: KioskFlow) -> PrintState:
    return flow.state.print_state


def _issue(flow: KioskFlow, commands: Sequence[Command]) -> IssueCommand:
    assert _screen(flow) == Screen.WORKING
    (command,) = commands
    assert isinstance(command, IssueCommand)
    return command


def test_flow_illegal_event_raises_and_keeps_state(flow: KioskFlow) -> None:
    before = flow.state
    with pytest.raises(IllegalEventError):
        flow.handle(ServiceChosen("AP"))
    assert flow.state is before


def test_flow_walk_in_path_issues_prints_and_returns_to_start(flow: KioskFlow) -> None:
    flow.handle(ModeChosen(Mode.WALK_IN))
    assert _screen(flow) == Screen.PRIORITY
    assert flow.handle(PriorityChosen(None)) == [RefreshCommand()]
    assert _screen(flow) == Screen.SERVICES
    command = _issue(flow, flow.handle(ServiceChosen("AP")))
    assert command.request.source == TicketSource.WALK_IN
    assert command.request.service == "AP"
    ticket = _ticket(command.request.client_ref)
    assert flow.handle(IssueSucceeded(command.request_id, ticket)) == [PrintCommand(ticket)]
    assert _screen(flow) == Screen.TICKET
    assert _printing(flow) == PrintState.PRINTING
    flow.handle(PrintFinished(ticket.client_ref, ok=True))
    assert _printing(flow) == PrintState.PRINTED
    flow.handle(DonePressed())
    assert _screen(flow) == Screen.START
    assert flow.state.ticket is None


def test_flow_priority_group_goes_into_the_request(flow: KioskFlow) -> None:
    flow.handle(ModeChosen(Mode.WALK_IN))
    flow.handle(PriorityChosen(PriorityGroup.IBU_HAMIL))
    command = _issue(flow, flow.handle(ServiceChosen("PB")))
    assert command.request.priority_group == PriorityGroup.IBU_HAMIL


def test_flow_booking_scan_on_start_screen_issues_at_once(flow: KioskFlow) -> None:
    command = _issue(flow, flow.handle(BookingCodeEntered(" 1234-5678-9012-3456 ")))
    assert command.request.source == TicketSource.BOOKING
    assert command.request.booking_code == "1234567890123456"


def test_flow_malformed_code_shows_error_then_retry_goes_back_to_booking(flow: KioskFlow) -> None:
    flow.handle(ModeChosen(Mode.BOOKING))
    assert flow.handle(BookingCodeEntered("<script>\x00")) == []
    assert _screen(flow) == Screen.ERROR
    assert flow.state.failure is not None
    assert flow.state.failure.code == "booking_malformed"
    flow.handle(RetryPressed())
    assert _screen(flow) == Screen.BOOKING


def test_flow_booking_too_early_is_an_error_with_the_server_message(flow: KioskFlow) -> None:
    command = _issue(flow, flow.handle(BookingCodeEntered("1234567890123456")))
    flow.handle(IssueFailed(command.request_id, _fail("booking_too_early")))
    assert _screen(flow) == Screen.ERROR
    assert flow.state.failure is not None
    assert flow.state.failure.message.en == "booking_too_early en"
    assert flow.state.retry_screen == Screen.BOOKING


def test_flow_unreachable_retry_resends_the_same_client_ref(flow: KioskFlow) -> None:
    first = _issue(flow, flow.handle(BookingCodeEntered("1234567890123456")))
    flow.handle(IssueFailed(first.request_id, _fail("unreachable")))
    second = _issue(flow, flow.handle(RetryPressed()))
    assert second.request.client_ref == first.request.client_ref
    assert second.request_id != first.request_id


def test_flow_stale_result_is_ignored(flow: KioskFlow) -> None:
    first = _issue(flow, flow.handle(BookingCodeEntered("1234567890123456")))
    flow.handle(IssueFailed(first.request_id, _fail("unreachable")))
    second = _issue(flow, flow.handle(RetryPressed()))
    flow.handle(IssueSucceeded(first.request_id, _ticket("old")))
    assert _screen(flow) == Screen.WORKING
    flow.handle(IssueSucceeded(second.request_id, _ticket(second.request.client_ref)))
    assert _screen(flow) == Screen.TICKET


def test_flow_passport_misread_says_what_failed(flow: KioskFlow) -> None:
    flow.handle(ModeChosen(Mode.PASSPORT))
    flow.handle(MrzRead(PASSPORTS.garbled))
    assert _screen(flow) == Screen.ERROR
    failure = flow.state.failure
    assert failure is not None
    assert failure.detail is not None
    assert "document number" in failure.detail.en
    assert "nomor paspor" in failure.detail.id
    assert flow.state.retry_screen == Screen.PASSPORT


@pytest.mark.parametrize("text", ["", "garbage", "P<" * 50, "\x00\x01"])
def test_flow_garbage_mrz_is_a_misread_not_a_crash(flow: KioskFlow, text: str) -> None:
    flow.handle(MrzRead(text))
    assert _screen(flow) == Screen.ERROR
    assert flow.state.failure is not None
    assert flow.state.failure.code == "mrz_misread"


def test_flow_senior_passport_without_booking_is_offered_priority(flow: KioskFlow) -> None:
    command = _issue(flow, flow.handle(MrzRead(PASSPORTS.senior)))
    assert command.request.source == TicketSource.PASSPORT
    assert command.request.mrz == PASSPORTS.senior
    flow.handle(IssueFailed(command.request_id, _fail("service_required")))
    assert _screen(flow) == Screen.SENIOR
    flow.handle(SeniorAnswered(accept=True))
    assert _screen(flow) == Screen.SERVICES
    again = _issue(flow, flow.handle(ServiceChosen("GP")))
    assert again.request.priority_group == PriorityGroup.LANSIA
    assert again.request.mrz == PASSPORTS.senior
    assert again.request.source == TicketSource.PASSPORT


def test_flow_adult_passport_without_booking_gets_the_priority_question(flow: KioskFlow) -> None:
    command = _issue(flow, flow.handle(MrzRead(PASSPORTS.adult)))
    flow.handle(IssueFailed(command.request_id, _fail("service_required")))
    assert _screen(flow) == Screen.PRIORITY


def test_flow_expired_passport_is_steered_to_replacement(flow: KioskFlow) -> None:
    command = _issue(flow, flow.handle(MrzRead(PASSPORTS.expired)))
    flow.handle(IssueFailed(command.request_id, _fail("passport_expired")))
    assert _screen(flow) == Screen.EXPIRED
    replacement = _issue(flow, flow.handle(ReplacementChosen()))
    assert replacement.request.service == "GP"
    assert replacement.request.mrz == PASSPORTS.expired


def test_flow_booking_required_offers_priority_service(flow: KioskFlow) -> None:
    flow.handle(ModeChosen(Mode.WALK_IN))
    flow.handle(PriorityChosen(None))
    command = _issue(flow, flow.handle(ServiceChosen("PB")))
    flow.handle(IssueFailed(command.request_id, _fail("booking_required")))
    flow.handle(PriorityOptionPressed())
    assert _screen(flow) == Screen.PRIORITY


def test_flow_reprinted_booking_shows_the_same_ticket(flow: KioskFlow) -> None:
    command = _issue(flow, flow.handle(BookingCodeEntered("1234567890123456")))
    flow.handle(IssueSucceeded(command.request_id, _ticket("x", reprinted=True)))
    assert flow.state.ticket is not None
    assert flow.state.ticket.reprinted


def test_flow_print_failure_keeps_the_ticket_on_screen(flow: KioskFlow) -> None:
    command = _issue(flow, flow.handle(BookingCodeEntered("1234567890123456")))
    ticket = _ticket(command.request.client_ref)
    flow.handle(IssueSucceeded(command.request_id, ticket))
    flow.handle(PrintFinished(ticket.client_ref, ok=False))
    assert _screen(flow) == Screen.TICKET
    assert _printing(flow) == PrintState.FAILED


def test_flow_language_switch_on_every_screen_keeps_the_screen(flow: KioskFlow) -> None:
    for screen in Screen:
        assert (screen, LanguageChosen) in TABLE
    flow.handle(ModeChosen(Mode.BOOKING))
    flow.handle(LanguageChosen(Language.EN))
    assert (_screen(flow), flow.state.language) == (Screen.BOOKING, Language.EN)
    flow.handle(HomePressed())
    assert flow.state.language == Language.EN


def test_flow_timeout_returns_to_start_in_the_default_language(flow: KioskFlow) -> None:
    flow.handle(LanguageChosen(Language.EN))
    flow.handle(ModeChosen(Mode.PASSPORT))
    flow.handle(TimedOut())
    assert (_screen(flow), flow.state.language) == (Screen.START, Language.ID)


def test_flow_closed_office_shows_closed_screen_and_reopens(flow: KioskFlow) -> None:
    flow.handle(StatusRefreshed(open_now=False, services=tuple(SERVICES)))
    assert _screen(flow) == Screen.CLOSED
    with pytest.raises(IllegalEventError):
        flow.handle(ModeChosen(Mode.WALK_IN))
    flow.handle(StatusRefreshed(open_now=True, services=tuple(SERVICES)))
    assert _screen(flow) == Screen.START


def test_flow_every_quota_full_closes_the_kiosk(flow: KioskFlow) -> None:
    full = tuple(s.model_copy(update={"quota_remaining": 0}) for s in SERVICES)
    flow.handle(StatusRefreshed(open_now=True, services=full))
    assert _screen(flow) == Screen.CLOSED
    assert flow.state.closed is not None
    assert "full" in flow.state.closed.en


def test_flow_status_mid_visit_does_not_interrupt_the_visitor(flow: KioskFlow) -> None:
    flow.handle(ModeChosen(Mode.WALK_IN))
    flow.handle(StatusRefreshed(open_now=False, services=()))
    assert _screen(flow) == Screen.PRIORITY


def test_flow_office_closed_error_from_server_shows_closed(flow: KioskFlow) -> None:
    command = _issue(flow, flow.handle(BookingCodeEntered("1234567890123456")))
    flow.handle(IssueFailed(command.request_id, _fail("office_closed")))
    assert _screen(flow) == Screen.CLOSED
