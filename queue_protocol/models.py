"""Request and reply models of the HTTP contract (``/api/v1``).

Every model is frozen; unknown fields in a request are refused so a typo in a
client is an error, not a silently ignored field. Times are timezone-aware and
carry the office's offset.
"""

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from queue_protocol.bounds import CounterNumber, RequestModel, RowId, clock_year, sane_year
from queue_protocol.states import (
    CounterState,
    DeviceKind,
    Language,
    PauseReason,
    PriorityGroup,
    Role,
    TicketClass,
    TicketSource,
    TicketState,
)

ClientRef = Annotated[str, Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
ServiceCode = Annotated[str, Field(min_length=1, max_length=32)]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


Moment = Annotated[datetime, AfterValidator(sane_year)]  # a time a client sends
# A device clock's own time, with its offset: a reading without one is no instant at all.
ClockReading = Annotated[AwareDatetime, AfterValidator(clock_year)]


class LocalizedText(RequestModel):
    """A text in Indonesian and English."""

    id: str
    en: str

    def get(self, language: Language | str) -> str:
        return self.en if language == Language.EN else self.id


class ErrorReply(Model):
    """Every 4xx: a stable machine code and a sentence a person can act on."""

    error: str
    message: str
    message_en: str | None = None


class HealthReply(Model):
    status: str
    version: str
    protocol: str
    database: str
    office_id: str


class LoginRequest(RequestModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    totp: str | None = Field(default=None, pattern=r"^[0-9]{6}$")  # an admin's second factor


class LoginReply(Model):
    token: str
    role: Role
    expires_at: datetime


class ServiceInfo(Model):
    """A service as a kiosk shows it: open or not, queue length, estimate."""

    code: ServiceCode
    prefix: str
    name: LocalizedText
    walk_in: bool
    booking: bool
    priority_walk_in: bool  # a priority visitor (Layanan Ramah HAM) needs no booking
    open: bool
    waiting: int
    estimated_wait_min: int
    quota_remaining: int | None = None
    closed_reason: LocalizedText | None = None
    sla_minutes: int


class IssueTicketRequest(RequestModel):
    """``POST /api/v1/tickets``. ``client_ref`` makes the call idempotent."""

    service: ServiceCode | None = None
    source: TicketSource
    booking_code: str | None = Field(default=None, max_length=2048)
    mrz: str | None = Field(default=None, max_length=200)
    priority_group: PriorityGroup | None = None
    language: Language = Language.ID
    client_ref: ClientRef


class Ticket(Model):
    """A ticket as every client sees it. Never carries a name or passport number."""

    id: int
    number: str
    service: ServiceCode
    service_name: LocalizedText
    stage: str | None = None
    stage_name: LocalizedText | None = None
    status: TicketState
    ticket_class: TicketClass = Field(alias="class")
    source: TicketSource
    priority_group: PriorityGroup | None = None
    language: Language
    issued_at: datetime
    called_at: datetime | None = None
    counter: int | None = None
    position: int | None = None
    estimated_wait_min: int | None = None
    # A range around the estimate when its error is wide: "15-25 menit".
    estimated_wait_low_min: int | None = None
    estimated_wait_high_min: int | None = None
    booking_ref: str | None = None
    status_url: str | None = None
    recalls: int = 0
    reprinted: bool = False


class TransferRequest(RequestModel):
    """Transfer to another service, or with no service to the next stage."""

    service: ServiceCode | None = None
    keep_place: bool | None = None


class DeskTicketRequest(RequestModel):
    """``POST /api/v1/console/{counter}/tickets``: an officer at an information desk issues
    a walk-in ticket for a visitor who cannot use the kiosk. ``client_ref`` as at a kiosk."""

    service: ServiceCode
    priority_group: PriorityGroup | None = None
    language: Language = Language.ID
    client_ref: ClientRef


class PauseRequest(RequestModel):
    """The body of ``POST /api/v1/counters/{counter}/pause``: why (optional)."""

    reason: PauseReason | None = None


class ServiceQueue(Model):
    code: ServiceCode
    stage: str | None = None
    name: LocalizedText
    waiting: int
    oldest_wait_min: int
    estimated_wait_min: int
    sla_minutes: int


class CounterInfo(Model):
    number: int
    name: LocalizedText
    state: CounterState
    services: list[str]
    current: Ticket | None = None
    officer: str | None = None
    pause_reason: PauseReason | None = None  # while paused, when the officer gave one


class QueueSnapshot(Model):
    """``GET /api/v1/queue``: what a display or a console needs to draw."""

    office_id: str
    office_name: str
    timezone: str
    seq: int
    at: datetime
    services: list[ServiceQueue]
    counters: list[CounterInfo]
    announcements: list[LocalizedText]


class FeedbackRequest(RequestModel):
    """SKM answers for a finished ticket: element number (1-9) to answer (1-4).

    Elements left out were skipped by the visitor.
    """

    ticket_id: RowId
    counter: CounterNumber | None = None
    answers: dict[Annotated[int, Field(ge=1, le=99)], Annotated[int, Field(ge=1, le=4)]]
    language: Language = Language.ID
    client_ref: ClientRef
    # When the visitor answered, by the screen's clock: a rating kept on the screen while
    # the server was away is sent later with it. None: now.
    answered_at: ClockReading | None = None


class FeedbackReply(Model):
    id: int
    ticket_id: int
    answered: int


class LeaseRequest(RequestModel):
    """A kiosk asks for numbers it may issue while the server is unreachable."""

    service: ServiceCode
    count: int = Field(default=20, ge=1, le=500)


class Lease(Model):
    id: int
    service: ServiceCode
    day: date
    numbers: list[str]
    expires_at: datetime


class OfflineTicket(RequestModel):
    """A ticket a kiosk issued from a lease while offline."""

    lease_id: RowId
    number: str = Field(max_length=16)
    service: ServiceCode
    source: TicketSource
    priority_group: PriorityGroup | None = None
    language: Language = Language.ID
    issued_at: ClockReading
    client_ref: ClientRef
    # A booking checked in offline: its signed code, verified by the kiosk and again here.
    booking_code: str | None = Field(default=None, max_length=2048)


class HandInRequest(RequestModel):
    tickets: list[OfflineTicket]


class HandInReply(Model):
    accepted: list[Ticket]
    refused: list[ErrorReply]


class DeviceFaultReport(RequestModel):
    """A kiosk's printer fault, shown to staff; ``ticket_id`` is the one left unprinted."""

    device: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    state: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.:-]+$")
    message: str = Field(max_length=500)
    ticket_id: RowId | None = None


class DeviceInfo(Model):
    """``GET /api/v1/devices/me``: the calling device, and when its token ends."""

    name: str
    kind: DeviceKind
    token_expires_at: datetime


class EnrolRequest(RequestModel):
    """``POST /api/v1/devices/enrol``: the one-time secret of an enrolment code, and the
    kind of device using it (a code for a board is refused by a kiosk, and kept)."""

    secret: str = Field(min_length=16, max_length=64, pattern=r"^[A-Z2-7]+$")
    kind: DeviceKind


class DeviceToken(Model):
    """A device's bearer token and its end; ``POST /api/v1/devices/token`` swaps it."""

    token: str
    expires_at: datetime


class EnrolReply(Model):
    """The enrolled device's name, kind and first token, and the office it belongs to."""

    name: str
    kind: DeviceKind
    office_id: str
    office_name: str
    token: DeviceToken


class SkmElement(Model):
    """One SKM question (unsur) with its four answer labels, answers 1..4 in order."""

    number: int
    name: LocalizedText
    question: LocalizedText
    answers: list[LocalizedText]


class PriorityGroupInfo(Model):
    code: PriorityGroup
    name: LocalizedText


class OfficeInfo(Model):
    """``GET /api/v1/office``: what a kiosk, display or feedback screen shows of the office."""

    id: str
    name: str
    timezone: str
    zone_abbreviation: str
    logo_url: str | None = None
    number_reading: str  # "words" or "digits"
    open_now: bool
    closed_message: LocalizedText | None = None
    priority_groups: list[PriorityGroupInfo]
    priority_minimum_age: int = 60  # a senior (lansia) from this age
    booking_public_key: str | None = None  # the booking issuer's Ed25519 key (base64url)
    skm_elements: list[SkmElement]
    protocol: str
