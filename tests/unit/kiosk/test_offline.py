"""Offline issuing: leases, the durable store across restarts, hand-in in arrival order."""

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk_app.core.issuer import TicketIssuer
from kiosk_app.core.offline_store import OfflineStore
from kiosk_app.core.outcomes import Failure, IssuedTicket
from kiosk_app.core.samples import SamplePassports
from queue_protocol import IssueTicketRequest, LeaseRequest, TicketSource
from tests.unit.kiosk.fakes import NOW, FakeBackend


def _request(ref: str, service: str | None = "AP", **extra: object) -> IssueTicketRequest:
    return IssueTicketRequest.model_validate(
        {"service": service, "source": "walk_in", "client_ref": ref} | extra
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[OfflineStore]:
    with OfflineStore(tmp_path / "kiosk.sqlite3") as opened:
        yield opened


@pytest.fixture
def issuer(store: OfflineStore) -> TicketIssuer:
    backend = FakeBackend()
    issuer = TicketIssuer(backend, store, now=lambda: NOW, lease_size=5, low_water=2)
    issuer.refresh()
    assert issuer.sync().leased > 0
    return issuer


def _backend(issuer: TicketIssuer) -> FakeBackend:
    assert isinstance(issuer.backend, FakeBackend)
    return issuer.backend


def test_store_uses_each_leased_number_once_and_is_idempotent(store: OfflineStore) -> None:
    lease = FakeBackend().lease(_lease_request("AP", 3))
    store.add_lease(lease)
    store.add_lease(lease)  # twice: nothing changes
    first = store.issue("AP", _request("ref-00000001"), NOW)
    again = store.issue("AP", _request("ref-00000001"), NOW)
    second = store.issue("AP", _request("ref-00000002"), NOW)
    third = store.issue("AP", _request("ref-00000003"), NOW)
    assert first == again
    assert [t.number for t in (first, second, third) if t] == lease.numbers
    assert store.issue("AP", _request("ref-00000004"), NOW) is None


def test_store_refuses_expired_leases(store: OfflineStore) -> None:
    store.add_lease(FakeBackend().lease(_lease_request("AP", 3)))
    assert store.issue("AP", _request("ref-00000001"), NOW + timedelta(days=1)) is None


def test_store_keeps_everything_across_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    with OfflineStore(path) as store:
        store.add_lease(FakeBackend().lease(_lease_request("AP", 3)))
        first = store.issue("AP", _request("ref-00000001"), NOW)
    with OfflineStore(path) as reopened:
        assert reopened.pending() == [first]
        second = reopened.issue("AP", _request("ref-00000002"), NOW)
        assert second is not None
        assert first is not None
        assert second.number != first.number
    with closing(sqlite3.connect(path)) as db:  # closed: Python 3.13 warns of one left open
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("SELECT COUNT(*) FROM offline_ticket").fetchone() == (2,)


def test_issuer_online_returns_the_server_ticket(issuer: TicketIssuer) -> None:
    result = issuer.issue(_request("ref-00000001"))
    assert isinstance(result, IssuedTicket)
    assert not result.offline
    assert result.status_url
    assert result.people_ahead == 2


def test_issuer_offline_issues_from_lease_then_hands_in_in_order(issuer: TicketIssuer) -> None:
    backend = _backend(issuer)
    backend.reachable = False
    tickets = [issuer.issue(_request(f"ref-0000000{i}")) for i in range(3)]
    assert all(isinstance(t, IssuedTicket) and t.offline for t in tickets)
    numbers = [t.number for t in tickets if isinstance(t, IssuedTicket)]
    assert len(set(numbers)) == 3
    assert issuer.sync().reachable is False
    backend.reachable = True
    report = issuer.sync()
    assert report.handed_in == 3
    assert backend.handed_in == numbers
    assert issuer.store.pending() == []


def test_issuer_issues_offline_while_the_servers_database_is_down(issuer: TicketIssuer) -> None:
    """A 503 says nothing was done and nothing can be now: as good as no server."""
    backend = _backend(issuer)
    backend.database_down = True
    ticket = issuer.issue(_request("ref-00000001"))
    assert isinstance(ticket, IssuedTicket)
    assert ticket.offline
    assert issuer.sync().reachable is False
    backend.database_down = False
    assert issuer.sync().handed_in == 1
    assert backend.handed_in == [ticket.number]


def test_issuer_offline_retry_gives_the_same_ticket(issuer: TicketIssuer) -> None:
    _backend(issuer).reachable = False
    first = issuer.issue(_request("ref-00000001"))
    second = issuer.issue(_request("ref-00000001"))
    assert isinstance(first, IssuedTicket)
    assert isinstance(second, IssuedTicket)
    assert first.number == second.number


def test_issuer_offline_booking_is_refused_plainly(issuer: TicketIssuer) -> None:
    _backend(issuer).reachable = False
    result = issuer.issue(
        _request("ref-00000001", None, source="booking", booking_code="1234567890123456")
    )
    assert isinstance(result, Failure)
    assert result.code == "offline_booking"


def test_issuer_offline_passport_expired_or_service_needed(issuer: TicketIssuer) -> None:
    _backend(issuer).reachable = False
    passports = SamplePassports.for_day(NOW.date())
    expired = issuer.issue(_request("ref-00000001", None, source="passport", mrz=passports.expired))
    assert isinstance(expired, Failure)
    assert expired.code == "passport_expired"
    assert "Passport Renewal" in expired.message.en
    adult = issuer.issue(_request("ref-00000002", None, source="passport", mrz=passports.adult))
    assert isinstance(adult, Failure)
    assert adult.code == "service_required"


def test_issuer_offline_without_numbers_says_so(issuer: TicketIssuer) -> None:
    _backend(issuer).reachable = False
    results = [issuer.issue(_request(f"ref-{i:08d}", "IN")) for i in range(6)]
    last = results[-1]
    assert isinstance(last, Failure)
    assert last.code == "no_lease"


def test_issuer_refresh_offline_uses_the_cached_services(issuer: TicketIssuer) -> None:
    _backend(issuer).reachable = False
    status = issuer.refresh()
    assert status.offline
    assert status.open_now
    assert len(status.services) == 5


def test_issuer_server_error_becomes_a_bilingual_failure(issuer: TicketIssuer) -> None:
    from queue_protocol.client import ApiError

    _backend(issuer).errors["HR"] = ApiError(409, "quota_full", "Kuota habis.", "Quota full.")
    result = issuer.issue(_request("ref-00000001", "HR"))
    assert isinstance(result, Failure)
    assert (result.code, result.message.id, result.message.en) == (
        "quota_full",
        "Kuota habis.",
        "Quota full.",
    )


def _lease_request(service: str, count: int) -> LeaseRequest:
    return LeaseRequest(service=service, count=count)


def test_offline_source_is_kept(issuer: TicketIssuer) -> None:
    _backend(issuer).reachable = False
    issuer.issue(_request("ref-00000001", "AP", source="passport", mrz="x"))
    (pending,) = issuer.store.pending()
    assert pending.source == TicketSource.PASSPORT
