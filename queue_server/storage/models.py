"""Tables. ``events`` is append-only: the audit trail and the source of reports.

``ticket_stages`` is a projection of the events (one row per ticket per queue it
waited in) kept in the same transaction, so reports read one narrow table.
"""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from queue_server.storage.types import UtcDateTime

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets BIGINT identities.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        dict[str, Any]: JSON(),
    }


RowT = TypeVar("RowT", bound=Base)


def detached(model: type[RowT], values: Mapping[str, Any]) -> RowT:
    """A row object that stays out of every session, from column values: what
    ``model(**values)`` makes, without an attribute event per column (2.8 against 54 us
    for a ticket). Never to be added to a session: it has no pending changes to flush."""
    unknown = values.keys() - model.__table__.columns.keys()
    if unknown:
        raise TypeError(f"{model.__name__} has no column {', '.join(sorted(unknown))}")
    row: RowT = model.__mapper__.class_manager.new_instance()
    row.__dict__.update(values)
    return row


class TicketRow(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("day", "service", "number", name="uq_ticket_number_per_day"),
        # Covers every question asked of a queue (length, oldest, people ahead, the heads a
        # call chooses from) without reading a ticket row.
        Index("ix_tickets_queue", "status", "service", "stage", "ticket_class", "queued_at", "id"),
        Index("ix_tickets_day_pool", "day", "quota_pool"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    day: Mapped[date] = mapped_column(Date)
    service: Mapped[str] = mapped_column(String(8))
    stage: Mapped[str | None] = mapped_column(String(32))
    number: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    ticket_class: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    priority_group: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(2))
    issued_at: Mapped[datetime]
    queued_at: Mapped[datetime]
    called_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    counter: Mapped[int | None] = mapped_column(Integer)
    officer: Mapped[str | None] = mapped_column(String(64))
    recalls: Mapped[int] = mapped_column(Integer, default=0)
    reprints: Mapped[int] = mapped_column(Integer, default=0)
    client_ref: Mapped[str | None] = mapped_column(String(64), unique=True)
    status_token: Mapped[str | None] = mapped_column(String(64), unique=True)  # None: purged
    # indexed: deleting a booking (retention, erasure) checks the tickets that name it
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id"), index=True)
    passport_hash: Mapped[str | None] = mapped_column(String(64))
    quota_pool: Mapped[str | None] = mapped_column(String(32))
    device: Mapped[str | None] = mapped_column(String(64))
    lease_id: Mapped[int | None] = mapped_column(ForeignKey("leases.id"))


class TicketStageRow(Base):
    """One visit of a ticket to one queue: waited from queued_at to called_at, served until
    finished_at. ``outcome`` is done, no_show, cancelled, transferred or NULL while open."""

    __tablename__ = "ticket_stages"
    __table_args__ = (
        Index("ix_ticket_stages_day_service", "day", "service"),
        Index("ix_ticket_stages_ticket", "ticket_id"),
        # The latest calls (the call policy, every call-next) and the latest finished
        # visits (the service-time model): without these, a scan of years of visits.
        Index("ix_ticket_stages_called", "called_at"),
        Index("ix_ticket_stages_finished", "finished_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    day: Mapped[date] = mapped_column(Date)
    service: Mapped[str] = mapped_column(String(8))
    stage: Mapped[str | None] = mapped_column(String(32))
    ticket_class: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    queued_at: Mapped[datetime]
    called_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    counter: Mapped[int | None] = mapped_column(Integer)
    officer: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str | None] = mapped_column(String(16))


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_ticket", "ticket_id"), Index("ix_events_at", "at"))

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    type: Mapped[str] = mapped_column(String(32))
    action: Mapped[str | None] = mapped_column(String(32))
    ticket_id: Mapped[int | None] = mapped_column(BigId)
    actor: Mapped[str] = mapped_column(String(64))
    counter: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict[str, Any]]


class NumberSequenceRow(Base):
    __tablename__ = "number_sequences"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    service: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class CounterRow(Base):
    __tablename__ = "counters"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    state: Mapped[str] = mapped_column(String(16))
    officer: Mapped[str | None] = mapped_column(String(64))
    current_ticket_id: Mapped[int | None] = mapped_column(BigId)
    updated_at: Mapped[datetime]
    pause_reason: Mapped[str | None] = mapped_column(String(16), default=None)  # while paused


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    # an admin's TOTP secret (base32), when the office asks admins for a second factor
    totp_secret: Mapped[str | None] = mapped_column(String(64), default=None)


class DeviceRow(Base):
    """A kiosk, board or feedback screen. Its token and its one-time enrolment secret are
    stored as SHA-256 digests; a swapped token stays valid a few minutes as
    ``previous_token_hash``, for the requests already on their way."""

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_expires_at: Mapped[datetime | None]
    previous_token_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    previous_token_until: Mapped[datetime | None]
    enrol_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    enrol_expires_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]  # its last request or open event stream
    counter: Mapped[int | None] = mapped_column(Integer)  # a feedback screen's counter


class SessionRow(Base):
    """A login token (stored hashed) for an officer, supervisor or admin."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class BookingRow(Base):
    __tablename__ = "bookings"
    __table_args__ = (UniqueConstraint("application_number", "day", name="uq_booking_per_day"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    application_number: Mapped[str] = mapped_column(String(32))
    service: Mapped[str] = mapped_column(String(8))
    day: Mapped[date] = mapped_column(Date, index=True)  # retention reads bookings by day
    slot_start: Mapped[datetime]
    slot_end: Mapped[datetime]
    session: Mapped[str | None] = mapped_column(String(16))
    passport_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    ticket_id: Mapped[int | None] = mapped_column(BigId)
    imported_at: Mapped[datetime]


class LeaseRow(Base):
    __tablename__ = "leases"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    device: Mapped[str] = mapped_column(String(64))
    service: Mapped[str] = mapped_column(String(8))
    day: Mapped[date] = mapped_column(Date)
    first: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class FeedbackRow(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    # None once the rating is no longer linked to its ticket (retention): the rating stays
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), unique=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    service: Mapped[str] = mapped_column(String(8))
    counter: Mapped[int | None] = mapped_column(Integer)
    officer: Mapped[str | None] = mapped_column(String(64))
    u1: Mapped[int | None] = mapped_column(Integer)
    u2: Mapped[int | None] = mapped_column(Integer)
    u3: Mapped[int | None] = mapped_column(Integer)
    u4: Mapped[int | None] = mapped_column(Integer)
    u5: Mapped[int | None] = mapped_column(Integer)
    u6: Mapped[int | None] = mapped_column(Integer)
    u7: Mapped[int | None] = mapped_column(Integer)
    u8: Mapped[int | None] = mapped_column(Integer)
    u9: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(2))
    client_ref: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]


class DeviceFaultRow(Base):
    __tablename__ = "device_faults"
    __table_args__ = (Index("ix_device_faults_at", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    device_name: Mapped[str] = mapped_column(String(64))
    device: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    ticket_id: Mapped[int | None] = mapped_column(BigId)
    at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]


class AnnouncementRow(Base):
    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    text_id: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class OutboxRow(Base):
    """A batch of records for headquarters (``queue_protocol.upstream.Batch``), numbered in
    ``sequence``. Deleted once HQ acknowledges it; kept with ``refused_at`` when HQ refused
    it as invalid, for the admin to see. A batch once sent (``sent_at``, which says
    nothing of its arrival) is never changed: it goes again exactly as it was."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    sequence: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    payload: Mapped[dict[str, Any]]
    record_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    refused_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class UpstreamStateRow(Base):
    """Where the export to headquarters stands (one row): what this database is to HQ
    (``instance``), the next batch number, how far the log, the feedback and the days have
    been exported, and how the last exchange with HQ went."""

    __tablename__ = "upstream_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    instance: Mapped[str] = mapped_column(String(64))
    next_sequence: Mapped[int] = mapped_column(BigInteger)
    event_seq: Mapped[int] = mapped_column(BigInteger)
    feedback_at: Mapped[datetime | None]
    feedback_id: Mapped[int] = mapped_column(BigInteger)
    day_reported: Mapped[date | None] = mapped_column(Date)
    notices: Mapped[dict[str, Any]]
    acknowledged: Mapped[int] = mapped_column(BigInteger)
    acknowledged_at: Mapped[datetime | None]
    live_sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None]


class RetentionMarkRow(Base):
    """How far the retention job has scrubbed one kind of data from the event log: every
    event before ``before`` is clean of it, so a run reads only the events after."""

    __tablename__ = "retention_marks"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    before: Mapped[datetime]


class SecretRow(Base):
    """Server-side secrets that must survive restarts. Never the passport key: only its
    check value (``passport_key_check``), the key itself is kept apart."""

    __tablename__ = "secrets"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
