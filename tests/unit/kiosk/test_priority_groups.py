"""The office's priority groups and senior age, as the server says, on the kiosk's screens."""

import itertools
from datetime import date

import pytest

from kiosk_app.core.events import (
    BookingCodeEntered,
    Command,
    IssueCommand,
    IssueFailed,
    ModeChosen,
    MrzRead,
    PriorityChosen,
    PriorityOptionPressed,
    RefreshCommand,
    StatusRefreshed,
)
from kiosk_app.core.flow import FlowSettings, IllegalEventError, KioskFlow
from kiosk_app.core.outcomes import Failure
from kiosk_app.core.presenters import error_model, priority_model, senior_model
from kiosk_app.core.samples import SamplePassports, make_td3
from kiosk_app.core.state import Mode, Screen
from queue_protocol import Language, LocalizedText, PriorityGroup
from tests.unit.kiosk.fakes import SERVICES

TODAY = date(2026, 12, 1)
PASSPORTS = SamplePassports.for_day(TODAY)


@pytest.fixture
def flow() -> KioskFlow:
    counter = itertools.count(1)
    return KioskFlow(FlowSettings(new_ref=lambda: f"ref-{next(counter):08d}", today=lambda: TODAY))


def _office(flow: KioskFlow, groups: tuple[PriorityGroup, ...], age: int = 60) -> None:
    flow.handle(
        StatusRefreshed(
            open_now=True, services=tuple(SERVICES), priority_groups=groups, minimum_age=age
        )
    )


def _fail(code: str) -> Failure:
    return Failure(code, LocalizedText(id=f"{code} (id)", en=code))


def _issue(commands: list[Command]) -> IssueCommand:
    (command,) = [c for c in commands if isinstance(c, IssueCommand)]
    return command


def _passport_of_age(years: int) -> str:
    birth = date(TODAY.year - years, TODAY.month, TODAY.day)
    return make_td3(number="A6300001", birth=birth, expiry=date(TODAY.year + 5, 1, 1))


def test_priority_screen_shows_only_the_offices_groups_with_its_age(flow: KioskFlow) -> None:
    _office(flow, (PriorityGroup.LANSIA, PriorityGroup.DISABILITAS), age=65)
    flow.handle(ModeChosen(Mode.WALK_IN))
    model = priority_model(flow.state)
    assert [c.key for c in model.choices] == ["lansia", "disabilitas", "none"]
    assert model.choices[0].label == "Lansia (65 tahun ke atas)"
    flow.handle(StatusRefreshed(open_now=True, services=tuple(SERVICES), offline=True))
    assert [c.key for c in priority_model(flow.state).choices][:-1] == ["lansia", "disabilitas"]


def test_priority_group_the_office_does_not_serve_is_illegal(flow: KioskFlow) -> None:
    _office(flow, (PriorityGroup.DISABILITAS,))
    flow.handle(ModeChosen(Mode.WALK_IN))
    with pytest.raises(IllegalEventError):
        flow.handle(PriorityChosen(PriorityGroup.IBU_HAMIL))
    assert flow.state.screen == Screen.PRIORITY
    flow.handle(PriorityChosen(PriorityGroup.DISABILITAS))
    assert flow.state.priority == PriorityGroup.DISABILITAS


def test_office_without_priority_groups_goes_straight_to_the_services(flow: KioskFlow) -> None:
    _office(flow, ())
    commands = flow.handle(ModeChosen(Mode.WALK_IN))
    assert flow.state.screen == Screen.SERVICES
    assert any(isinstance(c, RefreshCommand) for c in commands)


def test_passport_below_the_offices_senior_age_is_not_asked_as_senior(flow: KioskFlow) -> None:
    _office(flow, tuple(PriorityGroup), age=65)
    command = _issue(flow.handle(MrzRead(_passport_of_age(62))))
    flow.handle(IssueFailed(command.request_id, _fail("service_required")))
    assert flow.state.screen == Screen.PRIORITY
    assert "lansia" not in [c.key for c in priority_model(flow.state).choices]


def test_passport_of_the_offices_senior_age_is_asked_with_that_age(flow: KioskFlow) -> None:
    _office(flow, tuple(PriorityGroup), age=65)
    command = _issue(flow.handle(MrzRead(PASSPORTS.senior)))  # aged 65
    flow.handle(IssueFailed(command.request_id, _fail("service_required")))
    assert flow.state.screen == Screen.SENIOR
    assert "65" in senior_model(flow.state).lines[0]


def test_senior_not_asked_when_the_office_has_no_lansia_group(flow: KioskFlow) -> None:
    _office(flow, (PriorityGroup.DISABILITAS,))
    command = _issue(flow.handle(MrzRead(PASSPORTS.senior)))
    flow.handle(IssueFailed(command.request_id, _fail("service_required")))
    assert flow.state.screen == Screen.PRIORITY


def test_offline_booking_refusal_offers_a_service_as_a_walk_in(flow: KioskFlow) -> None:
    _office(flow, (PriorityGroup.LANSIA,))
    issue = _issue(flow.handle(BookingCodeEntered("ABC1234567")))
    flow.handle(IssueFailed(issue.request_id, _fail("offline_booking")))
    model = error_model(flow.state)
    assert model.lines == ("offline_booking (id)",)
    assert [c.key for c in model.choices] == ["priority"]
    assert flow.state.language == Language.ID
    assert model.choices[0].label == "Pilih layanan"
    flow.handle(PriorityOptionPressed())
    assert (flow.state.screen, flow.state.mode) == (Screen.PRIORITY, Mode.WALK_IN)
