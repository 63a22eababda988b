"""The upstream contract: what an office's server sends headquarters, and what HQ answers.

Every message is signed: the HTTP body is the JSON of one model below, and the header
``X-Antrean-Signature`` carries the office's Ed25519 signature over those exact bytes
(base64url, no padding); ``X-Antrean-Office`` names the office. HQ checks, in order:
the office is enrolled (its public key), the signature, that the body names the same
office, and that ``sent_at`` is within ``FRESHNESS`` of its own clock (a replayed or
stale message is refused; an office whose clock is wrong is told so).

- ``POST /api/v1/hq/hello`` (``Hello``): HQ answers the highest batch sequence it holds
  for the office (``Cursor``); the office numbers its batches on from there, so a
  rebuilt office database never reuses a sequence.
- ``POST /api/v1/hq/batches`` (``Batch``): the durable records, in rising ``sequence``.
  HQ stores a batch once per (office, sequence): the same batch again is acknowledged
  as a duplicate; another batch under a stored sequence is refused
  (``sequence_conflict``). "The same" means the same ``instance`` and ``records``: a
  batch sent again is signed again with a new ``sent_at`` (``batch_digest``). Records
  are also kept once per (office, instance, key), so nothing is counted twice even
  across batches. Answer: ``Ack``.
- ``POST /api/v1/hq/live`` (``LiveReport``): the office's state now; HQ keeps the newest
  by ``state.at``. Not durable: while HQ is away only the latest matters.

Nothing personal leaves the office: no names, passport or application numbers, status
tokens, ticket numbers or officers; tickets only as anonymous durations and counts
(``PERSONAL_FIELDS`` lists what must never appear; a test holds every model to it).

Refusals are 4xx with the contract's error shape; ``error`` tells the office what to do:
``unknown_office``/``bad_signature`` (401: fix the enrolment, keep everything),
``clock_skew`` (422: fix the clock, keep everything), ``invalid_batch``/
``sequence_conflict`` (422/409: put that batch aside, go on with the next).
"""

import hashlib
from base64 import urlsafe_b64decode, urlsafe_b64encode
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pydantic import BaseModel, ConfigDict, Field

from queue_protocol.models import LocalizedText
from queue_protocol.states import TicketClass, TicketSource

UPSTREAM_VERSION = "1"
FRESHNESS = timedelta(minutes=10)
SIGNATURE_HEADER = "X-Antrean-Signature"
OFFICE_HEADER = "X-Antrean-Office"
MAX_RECORDS = 1000  # per batch
PERSONAL_FIELDS = frozenset(
    {
        "name",
        "passport",
        "passport_number",
        "passport_hash",
        "application_number",
        "booking_code",
        "booking_id",
        "status_token",
        "status_url",
        "number",
        "officer",
        "client_ref",
        "mrz",
        "birth_date",
        "device",
    }
)

OfficeCode = Annotated[str, Field(min_length=2, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")]
Count = Annotated[int, Field(ge=0, le=1_000_000)]
Seconds = Annotated[int, Field(ge=0, le=7 * 86400)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class _Signed(_Model):
    """What every signed message carries: its office and when it was sent."""

    version: Literal["1"] = "1"  # UPSTREAM_VERSION
    office: OfficeCode
    sent_at: datetime


class VisitRecord(_Model):
    """One ticket's visit to one queue (a stage), anonymous: when, how long, how it ended.

    ``key`` is the office's own id of the visit, unique within ``Batch.instance``."""

    type: Literal["visit"] = "visit"
    key: Annotated[int, Field(ge=1)]
    day: date
    service: Annotated[str, Field(min_length=1, max_length=8)]
    stage: Annotated[str, Field(max_length=32)] | None = None
    ticket_class: TicketClass = Field(alias="class")
    source: TicketSource
    issued_hour: Annotated[int, Field(ge=0, le=23)]  # office time
    wait_s: Seconds | None  # queued -> called; None: never called
    service_s: Seconds | None  # called (or started) -> finished, for a visit served
    outcome: Literal["done", "no_show", "cancelled", "transferred"]
    counter: Annotated[int, Field(ge=1, le=999)] | None = None
    sla_min: Annotated[int, Field(ge=1, le=1440)] | None = None  # the target then


class SkmRecord(_Model):
    """One visitor's answers to the SKM survey (element number -> answer 1..4)."""

    type: Literal["skm"] = "skm"
    key: Annotated[int, Field(ge=1)]
    day: date
    service: Annotated[str, Field(min_length=1, max_length=8)]
    counter: Annotated[int, Field(ge=1, le=999)] | None = None
    answers: dict[Annotated[int, Field(ge=1, le=9)], Annotated[int, Field(ge=1, le=4)]]


class DayRecord(_Model):
    """A finished office day: what was issued, per service, and whether the office was
    open. Sent once the day is over, also for a day the server was off (then it may be
    a day of nothing)."""

    type: Literal["day"] = "day"
    day: date
    open: bool
    issued: dict[Annotated[str, Field(max_length=8)], Count]


class NoticeRecord(_Model):
    """A notice the office posted on its boards (a closure, a service paused), or its end."""

    type: Literal["notice"] = "notice"
    key: Annotated[int, Field(ge=1)]
    at: datetime
    active: bool
    text: LocalizedText


Record = Annotated[VisitRecord | SkmRecord | DayRecord | NoticeRecord, Field(discriminator="type")]


class Batch(_Signed):
    """Durable records, numbered. ``instance`` identifies the office's database: a rebuilt
    database is a new instance, so its record keys never collide with the old ones."""

    sequence: Annotated[int, Field(ge=1)]
    instance: Annotated[str, Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
    records: Annotated[list[Record], Field(max_length=MAX_RECORDS)]


class LiveQueue(_Model):
    service: Annotated[str, Field(min_length=1, max_length=8)]
    stage: Annotated[str, Field(max_length=32)] | None = None
    waiting: Count
    longest_wait_min: Annotated[int, Field(ge=0, le=7 * 1440)]


class LiveState(_Model):
    """The office now: queues, counters open, today's totals."""

    at: datetime
    open_now: bool
    queues: list[LiveQueue]
    counters_open: Count
    counters_total: Count
    issued_today: Count
    served_today: Count


class LiveReport(_Signed):
    state: LiveState


class Hello(_Signed):
    """Asks HQ where to go on from (at start-up and after every outage)."""


class Cursor(_Model):
    highest_sequence: Annotated[int, Field(ge=0)]


class Ack(_Model):
    acknowledged: Annotated[int, Field(ge=1)]
    duplicate: bool = False


class UpstreamEnrolRequest(_Model):
    """``POST /api/v1/hq/enrol``: the office's one-time secret and its new public key."""

    office: OfficeCode
    secret: str = Field(min_length=16, max_length=64, pattern=r"^[A-Z2-7]+$")
    public_key: str = Field(min_length=43, max_length=44)  # Ed25519, base64url


class UpstreamEnrolReply(_Model):
    office: OfficeCode
    name: str
    region: str


class SignatureError(ValueError):
    """A signature or key that does not check out."""


def sign(body: bytes, private_key: Ed25519PrivateKey) -> str:
    """The ``X-Antrean-Signature`` of ``body``: Ed25519, base64url without padding."""
    return urlsafe_b64encode(private_key.sign(body)).decode().rstrip("=")


def verify(body: bytes, signature: str, public_key: str) -> None:
    """Raise ``SignatureError`` unless ``signature`` is ``public_key``'s over ``body``."""
    try:
        key = Ed25519PublicKey.from_public_bytes(_b64(public_key))
        key.verify(_b64(signature), body)
    except (InvalidSignature, ValueError) as error:
        raise SignatureError("the signature does not match the office's key") from error


def public_key_text(private_key: Ed25519PrivateKey) -> str:
    """The public half of ``private_key``, as enrolled at HQ (base64url)."""
    raw = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return urlsafe_b64encode(raw).decode().rstrip("=")


def batch_digest(batch: "Batch") -> str:
    """What makes a batch the same batch when it is sent again: its instance and records
    (not ``sent_at``, which is new at every sending). SHA-256, hex."""
    content = batch.model_dump_json(by_alias=True, include={"instance", "records"})
    return hashlib.sha256(content.encode()).hexdigest()


def _b64(text: str) -> bytes:
    return urlsafe_b64decode(text + "=" * (-len(text) % 4))
