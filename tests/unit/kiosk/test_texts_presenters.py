"""Texts in both languages, and presenters that pick them."""

import re
from datetime import date

import pytest

from kiosk_app.core import presenters
from kiosk_app.core.outcomes import IssuedTicket
from kiosk_app.core.state import KioskState, PrintState, Screen
from kiosk_app.core.texts import TEXTS, tr
from queue_protocol import Language, LocalizedText, PriorityGroup
from tests.unit.kiosk.fakes import NOW, SERVICES, service

PLACEHOLDER = re.compile(r"{(\w+)}")


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_texts_every_key_has_both_languages_with_same_placeholders(key: str) -> None:
    indonesian, english = TEXTS[key]
    assert indonesian.strip()
    assert english.strip()
    assert set(PLACEHOLDER.findall(indonesian)) == set(PLACEHOLDER.findall(english))


def test_texts_use_standard_indonesian_spelling() -> None:
    words = " ".join(indonesian.lower() for indonesian, _ in TEXTS.values())
    assert "silahkan" not in words
    assert "antrian" not in words
    assert "kosong " not in words


def _state(**fields: object) -> KioskState:
    base = KioskState(screen=Screen.SERVICES, language=Language.EN, services=tuple(SERVICES))
    return base.__class__(**{**base.__dict__, **fields})


def test_services_walk_in_shows_only_walk_in_services_with_full_quota_disabled() -> None:
    model = presenters.services_model(_state())
    by_key = {c.key: c for c in model.choices}
    assert set(by_key) == {"HR", "AP", "IN"}
    assert not by_key["HR"].enabled
    assert "full" in by_key["HR"].hint
    assert by_key["AP"].enabled
    assert "3 people waiting" in by_key["AP"].hint


def test_services_priority_also_shows_booking_services() -> None:
    model = presenters.services_model(_state(priority=PriorityGroup.LANSIA))
    assert {"PB", "GP"} <= {c.key for c in model.choices}


def test_services_priority_leaves_out_a_booking_service_that_takes_no_walk_in() -> None:
    booking_only = service("VS", "Visa", walk_in=False, booking=True, priority_walk_in=False)
    state = _state(priority=PriorityGroup.DISABILITAS, services=(*SERVICES, booking_only))
    assert "VS" not in {c.key for c in presenters.services_model(state).choices}


def test_ticket_model_shows_facts_and_print_failure() -> None:
    ticket = IssuedTicket(
        client_ref="r",
        number="A012",
        service="PB",
        service_name=LocalizedText(id="Paspor Baru", en="New Passport"),
        people_ahead=0,
        estimated_wait_min=0,
        issued_at=NOW,
        status_url="http://x/s/1",
    )
    state = _state(screen=Screen.TICKET, ticket=ticket, print_state=PrintState.FAILED)
    model = presenters.ticket_model(state)
    assert (model.number, model.service, model.qr_url) == ("A012", "New Passport", "http://x/s/1")
    assert model.print_failed
    assert "photo" in model.status
    indonesian = presenters.ticket_model(_state(**{**state.__dict__, "language": Language.ID}))
    assert "foto" in indonesian.status
    assert indonesian.service == "Paspor Baru"


def test_ticket_model_wide_estimate_shows_its_range() -> None:
    ticket = IssuedTicket(
        client_ref="r",
        number="C040",
        service="AP",
        service_name=LocalizedText(id="Pengambilan Paspor", en="Passport Collection"),
        people_ahead=9,
        estimated_wait_min=16,
        issued_at=NOW,
        wait_range_min=(10, 30),
    )
    model = presenters.ticket_model(_state(screen=Screen.TICKET, ticket=ticket))
    assert "Estimated wait 10–30 minutes" in model.lines
    indonesian = presenters.ticket_model(
        _state(screen=Screen.TICKET, ticket=ticket, language=Language.ID)
    )
    assert "Perkiraan menunggu 10–30 menit" in indonesian.lines


def test_priority_question_hides_senior_for_a_younger_passport_holder() -> None:
    from kiosk_app.core.passport import check_passport
    from kiosk_app.core.samples import SamplePassports

    today = date(2026, 12, 1)
    check = check_passport(SamplePassports.for_day(today).adult, today)
    keys = [c.key for c in presenters.priority_model(_state(passport=check)).choices]
    assert "lansia" not in keys
    assert keys[-1] == "none"
    assert "lansia" in [c.key for c in presenters.priority_model(_state()).choices]


def test_tr_fills_placeholders() -> None:
    assert tr("ticket_people_ahead", Language.ID, count=3) == "3 orang di depan Anda"
