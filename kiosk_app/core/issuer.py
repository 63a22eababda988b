"""Issuing tickets online, or offline from leased numbers, and handing them in later.

``TicketIssuer`` is the one place that decides between the server and the
offline store. It never raises to the UI: every call answers with a ticket, a
``Failure`` or a ``StatusRefreshed``.

Invariants:
- the request's ``client_ref`` is the ticket's identity online and offline, so a
  retry or a hand-in never makes a second ticket for one visitor;
- offline tickets go to the server in issue order, and leave the store's
  hand-in list only once the server has answered for each;
- offline, only a signed booking code is checked in (its signature verified with the
  issuer's key, from ``kiosk.toml`` or as the server last gave it), from a lease of its
  service and once per booking on this kiosk; it goes to the server with its code,
  which checks it again and refuses a booking checked in twice. A typed application
  number cannot be checked offline: the visitor is told so plainly.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypedDict
from zoneinfo import ZoneInfoNotFoundError

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import TypeAdapter, ValidationError

from kiosk_app.core.backend import KioskBackend
from kiosk_app.core.booking_code import (
    TOKEN_PREFIX,
    SignedBooking,
    load_public_key,
    read_signed_booking,
)
from kiosk_app.core.events import StatusRefreshed
from kiosk_app.core.offline_store import OfflineStore
from kiosk_app.core.outcomes import Failure, IssuedTicket
from kiosk_app.core.passport import check_passport
from kiosk_app.core.texts import TEXTS
from queue_protocol import (
    HandInRequest,
    IssueTicketRequest,
    LeaseRequest,
    LocalizedText,
    OfficeInfo,
    OfflineTicket,
    PriorityGroup,
    ServiceInfo,
    TicketSource,
)
from queue_protocol.client import (
    ApiError,
    ServerUnavailableError,
    ServerUnreachableError,
    UntrustedServerError,
)
from queue_protocol.zones import office_zone

log = logging.getLogger(__name__)
# No answer, or an answer that nothing was done and nothing can be now (its database
# is down): for the kiosk both mean the server is not there, and it issues offline.
SERVER_AWAY = (ServerUnreachableError, ServerUnavailableError)
_SERVICES = TypeAdapter(list[ServiceInfo])
DEFAULT_MINUTES_PER_PERSON = 5


def _text(key: str, **values: object) -> LocalizedText:
    indonesian, english = TEXTS[key]
    return LocalizedText(id=indonesian.format(**values), en=english.format(**values))


class _PriorityFields(TypedDict, total=False):
    priority_groups: tuple[PriorityGroup, ...]
    minimum_age: int


def _priority_of(office: OfficeInfo | None) -> _PriorityFields:
    """The office's priority groups and senior age for a ``StatusRefreshed`` (nothing when
    the office was never seen: the kiosk keeps its defaults)."""
    if office is None:
        return {}
    return {
        "priority_groups": tuple(group.code for group in office.priority_groups),
        "minimum_age": office.priority_minimum_age,
    }


@dataclass(frozen=True)
class SyncReport:
    """What one ``sync`` did: tickets handed in or refused, leases taken."""

    handed_in: int = 0
    refused: int = 0
    leased: int = 0
    reachable: bool = True


class TicketIssuer:
    """Issues tickets through ``backend``, falling back to ``store`` when unreachable.

    Args:
        backend: the server port.
        store: the durable offline store (open).
        now: the current time, aware, in the office's zone.
        lease_size: how many numbers to lease per service at a time.
        low_water: lease more when fewer than this many numbers are left.
        replacement_service: the service that replaces an expired passport.
    """

    def __init__(
        self,
        backend: KioskBackend,
        store: OfflineStore,
        *,
        now: Callable[[], datetime],
        lease_size: int = 20,
        low_water: int = 5,
        replacement_service: str = "GP",
        booking_key: Ed25519PublicKey | None = None,
    ) -> None:
        self.backend = backend
        self.store = store
        self._now = now
        self._lease_size = lease_size
        self._low_water = low_water
        self._replacement = replacement_service
        self._booking_key = booking_key

    def today(self) -> date:
        """The office's day: by its time zone once the server has named it (a kiosk whose
        own clock runs in another zone still agrees with the office's bookings)."""
        now = self._now()
        office = self.cached_office()
        if office is not None:
            try:
                return now.astimezone(office_zone(office.timezone)).date()
            except (ZoneInfoNotFoundError, ValueError):
                log.warning("unknown office time zone %r", office.timezone)
        return now.date()

    def issue(self, request: IssueTicketRequest) -> IssuedTicket | Failure:
        """A ticket for ``request`` (the same one again for a known ``client_ref``)."""
        try:
            ticket = self.backend.issue_ticket(request)
        except SERVER_AWAY as error:
            log.warning("server unavailable, issuing offline: %s", error.message_en)
            return self._issue_offline(request)
        except ApiError as error:
            return Failure(error.error, LocalizedText(id=error.message, en=error.message_en))
        return IssuedTicket.from_ticket(ticket, request.client_ref)

    def _issue_offline(self, request: IssueTicketRequest) -> IssuedTicket | Failure:
        if request.source == TicketSource.BOOKING:
            return self._issue_offline_booking(request)
        if request.service is None:
            return self._passport_without_service(request)
        ticket = self.store.issue(request.service, request, self._now())
        return self._offline_ticket(request, ticket)

    def _issue_offline_booking(self, request: IssueTicketRequest) -> IssuedTicket | Failure:
        """A signed booking of today checked in from a lease of its service; the same
        booking again on this kiosk gets the same ticket."""
        code, key = request.booking_code or "", self.booking_key()
        booking = read_signed_booking(code, key)
        if booking is None and key is not None and code.startswith(TOKEN_PREFIX):
            return Failure("booking_forged", _text("error_code_forged"))
        service = self._booking_service(booking)
        if booking is None or service is None:
            return Failure("offline_booking", _text("error_offline_booking"))
        if booking.day != self.today():
            code = "booking_too_early" if booking.day > self.today() else "booking_too_late"
            return Failure(code, _text("error_offline_booking_day", date=f"{booking.day:%d-%m-%Y}"))
        once = f"{booking.day.isoformat()}:{booking.application_number}"
        ticket = self.store.issue(service, request, self._now(), booking=once)
        return self._offline_ticket(request, ticket)

    def booking_key(self) -> Ed25519PublicKey | None:
        """The booking issuer's key: the kiosk's own setting, else the server's."""
        if self._booking_key is not None:
            return self._booking_key
        office = self.cached_office()
        if office is None or not office.booking_public_key:
            return None
        try:
            return load_public_key(office.booking_public_key)
        except ValueError:
            return None

    def _booking_service(self, booking: SignedBooking | None) -> str | None:
        """The service of a booking: its token's, else the office's one booking service."""
        if booking is None:
            return None
        known = {s.code for s in self._cached_services()}
        if booking.service is not None:
            return booking.service if booking.service in known else None
        booked = [s.code for s in self._cached_services() if s.booking]
        return booked[0] if len(booked) == 1 else None

    def _offline_ticket(
        self, request: IssueTicketRequest, ticket: OfflineTicket | None
    ) -> IssuedTicket | Failure:
        if ticket is None:
            return Failure("no_lease", _text("error_no_lease"))
        info = self._cached_service(ticket.service)
        ahead = info.waiting + self._pending_of(ticket.service) - 1 if info else 0
        per_person = (
            info.estimated_wait_min / info.waiting
            if info and info.waiting
            else DEFAULT_MINUTES_PER_PERSON
        )
        name = info.name if info else LocalizedText(id=ticket.service, en=ticket.service)
        return IssuedTicket(
            client_ref=ticket.client_ref,
            number=ticket.number,
            service=ticket.service,
            service_name=name,
            people_ahead=max(0, ahead),
            estimated_wait_min=round(max(0, ahead) * per_person),
            issued_at=ticket.issued_at,
            priority=ticket.priority_group is not None,
            reprinted=ticket.client_ref != request.client_ref,  # this booking's, again
            offline=True,
        )

    def _passport_without_service(self, request: IssueTicketRequest) -> Failure:
        """Offline, a passport matches no booking: expired, or choose a service."""
        check = check_passport(request.mrz or "", self.today())
        if check.expired and check.expiry is not None:
            replacement = self._cached_service(self._replacement)
            code = self._replacement
            service = replacement.name if replacement else LocalizedText(id=code, en=code)
            indonesian, english = TEXTS["passport_expired"]
            day = f"{check.expiry:%d-%m-%Y}"
            return Failure(
                "passport_expired",
                LocalizedText(
                    id=indonesian.format(date=day, service=service.id),
                    en=english.format(date=day, service=service.en),
                ),
            )
        return Failure("service_required", _text("services_title"))

    def _pending_of(self, service: str) -> int:
        return sum(1 for ticket in self.store.pending() if ticket.service == service)

    def _cached_service(self, code: str) -> ServiceInfo | None:
        return next((s for s in self._cached_services() if s.code == code), None)

    def _cached_services(self) -> list[ServiceInfo]:
        body = self.store.load_cache("services")
        if body is None:
            return []
        try:
            return _SERVICES.validate_json(body)
        except ValidationError:
            return []

    def cached_office(self) -> OfficeInfo | None:
        """The office as last seen from the server (name, logo, SKM questions)."""
        body = self.store.load_cache("office")
        try:
            return OfficeInfo.model_validate_json(body) if body else None
        except ValidationError:
            return None

    def refresh(self) -> StatusRefreshed:
        """The office's state from the server, or the last one seen when it is unreachable."""
        try:
            office = self.backend.office()
            services = self.backend.services()
        except ApiError as error:
            untrusted = isinstance(error, UntrustedServerError)
            (log.error if untrusted else log.info)("office state unavailable: %s", error.message_en)
            cached = self.cached_office()
            return StatusRefreshed(
                open_now=True,
                services=tuple(self._cached_services()),
                offline=True,
                untrusted=untrusted,
                **_priority_of(cached),
            )
        self.store.save_cache("office", office.model_dump_json())
        self.store.save_cache("services", _SERVICES.dump_json(services).decode())
        return StatusRefreshed(
            open_now=office.open_now,
            services=tuple(services),
            closed_message=office.closed_message,
            **_priority_of(office),
        )

    def sync(self) -> SyncReport:
        """Hand in offline tickets (in issue order) and top up leases. Never raises."""
        try:
            handed_in, refused = self._hand_in()
            self.store.forget_bookings(before=self.today())
            leased = self._top_up_leases()
        except SERVER_AWAY:
            return SyncReport(reachable=False)
        except ApiError as error:
            log.warning("sync with the server failed: %s", error)
            return SyncReport(reachable=True)
        return SyncReport(handed_in=handed_in, refused=refused, leased=leased)

    def _hand_in(self) -> tuple[int, int]:
        """One ticket per call, oldest first, so each answer maps to its ticket."""
        handed_in = refused = 0
        for ticket in self.store.pending():
            reply = self.backend.hand_in(HandInRequest(tickets=[ticket]))
            if reply.accepted:
                self.store.mark_handed_in({ticket.client_ref: reply.accepted[0].id}, {})
                handed_in += 1
            else:
                why = reply.refused[0] if reply.refused else None
                note = f"{why.error}: {why.message_en or why.message}" if why else "refused"
                log.error("offline ticket %s refused at hand-in: %s", ticket.number, note)
                self.store.mark_handed_in({}, {ticket.client_ref: note})
                refused += 1
        if handed_in:
            log.info("handed in %d offline tickets", handed_in)
        return handed_in, refused

    def _top_up_leases(self) -> int:
        leased = 0
        now = self._now()
        for service in self._cached_services():
            # numbers for walk-ins, priority visitors and bookings checked in offline
            if not (service.priority_walk_in or service.booking):
                continue
            if self.store.numbers_left(service.code, now) >= self._low_water:
                continue
            lease = self.backend.lease(LeaseRequest(service=service.code, count=self._lease_size))
            self.store.add_lease(lease)
            leased += len(lease.numbers)
        return leased
