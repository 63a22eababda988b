"""Bookings checked in while the server is away: a signed code only, once per booking."""

import base64
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk_app.core.booking_code import load_public_key
from kiosk_app.core.issuer import TicketIssuer
from kiosk_app.core.offline_store import OfflineStore
from kiosk_app.core.outcomes import Failure, IssuedTicket
from queue_protocol import IssueTicketRequest, TicketSource
from queue_server.services.booking_codes import sign_booking_token
from tests.unit.kiosk.fakes import NOW, FakeBackend, service

ISSUER_KEY = Ed25519PrivateKey.generate()
KEY_TEXT = (
    base64.urlsafe_b64encode(ISSUER_KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    .rstrip(b"=")
    .decode()
)
TODAY = NOW.date()


def _token(number: str = "ABC1234567", day: date = TODAY, service_code: str | None = "PB") -> str:
    return sign_booking_token(ISSUER_KEY, number, day, service_code)


def _booking(ref: str, code: str) -> IssueTicketRequest:
    return IssueTicketRequest(source=TicketSource.BOOKING, booking_code=code, client_ref=ref)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[OfflineStore]:
    with OfflineStore(tmp_path / "kiosk.sqlite3") as opened:
        yield opened


def _issuer(store: OfflineStore, backend: FakeBackend, *, own_key: bool = True) -> TicketIssuer:
    key = load_public_key(KEY_TEXT) if own_key else None
    issuer = TicketIssuer(backend, store, now=lambda: NOW, lease_size=5, booking_key=key)
    issuer.refresh()
    assert issuer.sync().leased > 0
    backend.reachable = False
    return issuer


def test_offline_signed_booking_gets_a_leased_number_of_its_service(store: OfflineStore) -> None:
    backend = FakeBackend()
    issuer = _issuer(store, backend)
    ticket = issuer.issue(_booking("ref-00000001", _token()))
    assert isinstance(ticket, IssuedTicket)
    assert ticket.offline
    assert (ticket.service, ticket.number[0]) == ("PB", "P")
    (pending,) = store.pending()
    assert pending.source == TicketSource.BOOKING
    assert pending.booking_code == _token()


def test_offline_same_booking_scanned_again_gets_the_same_ticket(store: OfflineStore) -> None:
    issuer = _issuer(store, FakeBackend())
    first = issuer.issue(_booking("ref-00000001", _token()))
    again = issuer.issue(_booking("ref-00000002", _token()))  # a new visit at the kiosk
    other = issuer.issue(_booking("ref-00000003", _token("XYZ7654321")))
    assert isinstance(first, IssuedTicket)
    assert isinstance(again, IssuedTicket)
    assert isinstance(other, IssuedTicket)
    assert (again.number, again.reprinted) == (first.number, True)
    assert other.number != first.number
    assert len(store.pending()) == 2


def test_offline_plain_application_number_is_refused_in_both_languages(
    store: OfflineStore,
) -> None:
    issuer = _issuer(store, FakeBackend())
    result = issuer.issue(_booking("ref-00000001", "ABC1234567"))
    assert isinstance(result, Failure)
    assert result.code == "offline_booking"
    assert "meja informasi" in result.message.id
    assert "information desk" in result.message.en
    assert "choose a service" in result.message.en
    assert store.pending() == []


def test_offline_booking_of_another_day_names_its_day(store: OfflineStore) -> None:
    issuer = _issuer(store, FakeBackend())
    later = TODAY + timedelta(days=3)
    result = issuer.issue(_booking("ref-00000001", _token(day=later)))
    assert isinstance(result, Failure)
    assert result.code == "booking_too_early"
    assert f"{later:%d-%m-%Y}" in result.message.id
    assert store.pending() == []


def test_offline_forged_token_is_refused(store: OfflineStore) -> None:
    issuer = _issuer(store, FakeBackend())
    forged = sign_booking_token(Ed25519PrivateKey.generate(), "ABC1234567", TODAY, "PB")
    result = issuer.issue(_booking("ref-00000001", forged))
    assert isinstance(result, Failure)
    assert result.code == "booking_forged"


def test_offline_token_without_service_needs_one_booking_service(store: OfflineStore) -> None:
    backend = FakeBackend()
    issuer = _issuer(store, backend)  # PB and GP take bookings: which one is unknown
    unknown = issuer.issue(_booking("ref-00000001", _token(service_code=None)))
    assert isinstance(unknown, Failure)
    assert unknown.code == "offline_booking"
    backend.reachable = True
    backend.services_list = [service("PB", "New Passport", walk_in=False, booking=True)]
    issuer.refresh()
    backend.reachable = False
    ticket = issuer.issue(_booking("ref-00000002", _token(service_code=None)))
    assert isinstance(ticket, IssuedTicket)
    assert ticket.service == "PB"


def test_offline_booking_verified_with_the_key_the_server_gave(store: OfflineStore) -> None:
    backend = FakeBackend()
    backend.booking_public_key = KEY_TEXT
    issuer = _issuer(store, backend, own_key=False)
    ticket = issuer.issue(_booking("ref-00000001", _token()))
    assert isinstance(ticket, IssuedTicket)


def test_offline_booking_without_any_key_cannot_be_checked(store: OfflineStore) -> None:
    issuer = _issuer(store, FakeBackend(), own_key=False)
    result = issuer.issue(_booking("ref-00000001", _token()))
    assert isinstance(result, Failure)
    assert result.code == "offline_booking"


def test_offline_booking_is_handed_in_with_its_code(store: OfflineStore) -> None:
    backend = FakeBackend()
    issuer = _issuer(store, backend)
    ticket = issuer.issue(_booking("ref-00000001", _token()))
    assert isinstance(ticket, IssuedTicket)
    backend.reachable = True
    assert issuer.sync().handed_in == 1
    assert backend.handed_in == [ticket.number]
    assert store.pending() == []


def test_offline_booking_code_is_forgotten_once_handed_in(store: OfflineStore) -> None:
    backend = FakeBackend()
    issuer = _issuer(store, backend)
    ticket = issuer.issue(_booking("ref-00000001", _token()))
    assert isinstance(ticket, IssuedTicket)
    backend.reachable = True
    issuer.sync()
    backend.reachable = False
    with closing(sqlite3.connect(store.path)) as db:
        bodies = [body for (body,) in db.execute("SELECT body FROM offline_ticket")]
        assert all(_token() not in body for body in bodies)
        assert db.execute("SELECT COUNT(*) FROM offline_booking").fetchone() == (1,)  # today's
    again = issuer.issue(_booking("ref-00000002", _token()))  # later today: the same
    assert isinstance(again, IssuedTicket)
    assert again.number == ticket.number
    store.forget_bookings(before=TODAY + timedelta(days=1))
    with closing(sqlite3.connect(store.path)) as db:
        assert db.execute("SELECT COUNT(*) FROM offline_booking").fetchone() == (0,)
