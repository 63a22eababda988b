"""Fakes for the kiosk tests: an in-memory server port and a recording printer."""

import threading
from datetime import UTC, date, datetime, timedelta

from hardware.printer.base import (
    PaperState,
    PrinterError,
    PrinterStatus,
    TicketView,
)
from queue_protocol import (
    DeviceFaultReport,
    FeedbackReply,
    FeedbackRequest,
    HandInReply,
    HandInRequest,
    IssueTicketRequest,
    Lease,
    LeaseRequest,
    LocalizedText,
    OfficeInfo,
    PriorityGroup,
    PriorityGroupInfo,
    ServiceInfo,
    SkmElement,
    Ticket,
    TicketClass,
    TicketSource,
    TicketState,
)
from queue_protocol.client import ApiError, ServerUnavailableError, ServerUnreachableError

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def service(
    code: str,
    name: str,
    *,
    walk_in: bool = True,
    booking: bool = False,
    priority_walk_in: bool = True,
    open_: bool = True,
    waiting: int = 3,
    quota: int | None = None,
) -> ServiceInfo:
    return ServiceInfo(
        code=code,
        prefix=code[0],
        name=LocalizedText(id=f"{name} (id)", en=name),
        walk_in=walk_in,
        booking=booking,
        priority_walk_in=walk_in or priority_walk_in,
        open=open_,
        waiting=waiting,
        estimated_wait_min=waiting * 5,
        quota_remaining=quota,
        sla_minutes=30,
    )


SERVICES = [
    service("PB", "New Passport", walk_in=False, booking=True),
    service("GP", "Passport Renewal", walk_in=False, booking=True),
    service("HR", "Lost or Damaged Passport", quota=0),
    service("AP", "Passport Collection"),
    service("IN", "Information", waiting=0),
]

SKM = [
    SkmElement(
        number=n,
        name=LocalizedText(id=f"Unsur {n}", en=f"Element {n}"),
        question=LocalizedText(id=f"Pertanyaan {n}?", en=f"Question {n}?"),
        answers=[LocalizedText(id=f"J{a}", en=f"A{a}") for a in range(1, 5)],
    )
    for n in range(1, 10)
]


class FakeBackend:
    """``KioskBackend`` in memory. Set ``reachable`` False to simulate a network outage,
    ``errors[code_or_service]`` to make an issue fail with that ``ApiError``."""

    def __init__(self) -> None:
        self.reachable = True
        self.database_down = False  # the server answers 503, as when its database is down
        self.open_now = True
        self.office_read: threading.Event | None = None  # set: the office's state replies
        self.issue_reply: threading.Event | None = None  # set: an issued ticket's reply comes
        self.services_list = list(SERVICES)
        self.priority_groups = list(PriorityGroup)  # the office's, as the server says
        self.minimum_age = 60
        self.booking_public_key: str | None = None
        self.errors: dict[str, ApiError] = {}
        self.tickets: dict[str, Ticket] = {}  # by client_ref
        self.by_booking: dict[str, Ticket] = {}
        self.faults: list[DeviceFaultReport] = []
        self.feedbacks: list[FeedbackRequest] = []
        self.handed_in: list[str] = []
        self.requests: list[IssueTicketRequest] = []
        self._next = 1
        self._lock = threading.Lock()
        self._leased: dict[str, int] = {}

    def _check(self) -> None:
        if not self.reachable:
            raise ServerUnreachableError("connection refused")
        if self.database_down:
            raise ServerUnavailableError(
                503, "database_unavailable", "Basis data tidak dapat dipakai.", "Database down."
            )

    def office(self) -> OfficeInfo:
        self._check()
        info = OfficeInfo(
            id="kanim-test",
            name="Kantor Imigrasi Uji",
            timezone="Asia/Jakarta",
            zone_abbreviation="WIB",
            number_reading="words",
            open_now=self.open_now,
            closed_message=None
            if self.open_now
            else LocalizedText(id="Kantor tutup (uji).", en="The office is closed (test)."),
            priority_groups=[
                PriorityGroupInfo(code=group, name=LocalizedText(id=group.value, en=group.value))
                for group in self.priority_groups
            ],
            priority_minimum_age=self.minimum_age,
            booking_public_key=self.booking_public_key,
            skm_elements=SKM,
            protocol="1",
        )
        if self.office_read is not None:  # a test holds the reply, as a slow network would
            assert self.office_read.wait(10)
        return info

    def services(self) -> list[ServiceInfo]:
        self._check()
        return list(self.services_list)

    def issue_ticket(self, request: IssueTicketRequest) -> Ticket:
        ticket = self._issue(request)
        if self.issue_reply is not None:  # issued, and the reply is on its way
            assert self.issue_reply.wait(10)
        return ticket

    def _issue(self, request: IssueTicketRequest) -> Ticket:
        self._check()
        with self._lock:
            self.requests.append(request)
            key = request.booking_code or request.service or request.source.value
            if key in self.errors:
                raise self.errors[key]
            if request.client_ref in self.tickets:
                return self.tickets[request.client_ref]
            if request.booking_code and request.booking_code in self.by_booking:
                return self.by_booking[request.booking_code].model_copy(update={"reprinted": True})
            if request.source == TicketSource.PASSPORT and request.service is None:
                raise ApiError(422, "service_required", "Pilih layanan.", "Choose a service.")
            ticket = self._make(request)
            self.tickets[request.client_ref] = ticket
            if request.booking_code:
                self.by_booking[request.booking_code] = ticket
            return ticket

    def _make(self, request: IssueTicketRequest) -> Ticket:
        code = request.service or "PB"
        info = next(s for s in self.services_list if s.code == code)
        number = f"{info.prefix}{self._next:03d}"
        self._next += 1
        return Ticket(
            id=self._next,
            number=number,
            service=code,
            service_name=info.name,
            status=TicketState.WAITING,
            ticket_class=TicketClass.PRIORITY if request.priority_group else TicketClass.REGULAR,
            source=request.source,
            priority_group=request.priority_group,
            language=request.language,
            issued_at=NOW,
            position=2,
            estimated_wait_min=10,
            status_url=f"http://127.0.0.1:8000/status/tok{self._next}",
        )

    def lease(self, request: LeaseRequest) -> Lease:
        self._check()
        first = self._leased.get(request.service, 900)
        self._leased[request.service] = first + request.count
        prefix = next(s.prefix for s in self.services_list if s.code == request.service)
        return Lease(
            id=len(self._leased) * 1000 + first,
            service=request.service,
            day=date(2026, 12, 1),
            numbers=[f"{prefix}{n}" for n in range(first, first + request.count)],
            expires_at=NOW + timedelta(hours=12),
        )

    def hand_in(self, request: HandInRequest) -> HandInReply:
        self._check()
        accepted = []
        for offline in request.tickets:
            self.handed_in.append(offline.number)
            accepted.append(
                self._make(
                    IssueTicketRequest(
                        service=offline.service,
                        source=offline.source,
                        client_ref=offline.client_ref,
                    )
                ).model_copy(update={"number": offline.number})
            )
        return HandInReply(accepted=accepted, refused=[])

    def report_fault(self, report: DeviceFaultReport) -> None:
        self._check()
        self.faults.append(report)

    def feedback(self, request: FeedbackRequest) -> FeedbackReply:
        self._check()
        self.feedbacks.append(request)
        return FeedbackReply(
            id=len(self.feedbacks), ticket_id=request.ticket_id, answered=len(request.answers)
        )


class RecordingPrinter:
    """A ``TicketPrinter`` that keeps what it printed; ``fault`` makes the next prints fail."""

    url = "test://printer"

    def __init__(self) -> None:
        self.printed: list[TicketView] = []
        self.fault: PrinterError | None = None
        self.opened = 0

    def open(self) -> None:
        self.opened += 1

    def close(self) -> None:
        pass

    def status(self) -> PrinterStatus:
        return PrinterStatus(True, self.fault is None, PaperState.OK, False)

    def print_ticket(self, ticket: TicketView) -> None:
        if self.fault is not None:
            raise self.fault
        self.printed.append(ticket)

    def __enter__(self) -> "RecordingPrinter":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
