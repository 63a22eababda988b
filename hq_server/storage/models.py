"""Headquarters' tables. PostgreSQL only.

Invariants:
- a batch is kept once per (office, sequence), with the digest of its content;
- a visit or SKM record is kept once per (office, instance, key); its tables are
  partitioned by month of ``day`` (``partitions``), so their primary keys carry ``day``;
- ``hq_office_days`` is the roll-up of one office's day (counts, minute histograms per
  queue, SKM sums), rewritten from the records whenever a batch touches that day, and
  ``hq_office_months`` the merge of its month's days, rewritten with it;
- ``hq_live`` holds one row per office: the newest state by the office's ``at``.
"""

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

PARTITIONED = ("hq_visits", "hq_skm")


class HqBase(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: DateTime(timezone=True),
        dict[str, Any]: JSONB,
    }


class OfficeRow(HqBase):
    __tablename__ = "hq_offices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(200), index=True)
    public_key: Mapped[str | None] = mapped_column(String(64))
    secret_digest: Mapped[str | None] = mapped_column(String(64))
    secret_expires_at: Mapped[datetime | None]
    enrolled_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class BatchRow(HqBase):
    __tablename__ = "hq_batches"

    office_id: Mapped[int] = mapped_column(ForeignKey("hq_offices.id"), primary_key=True)
    sequence: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    instance: Mapped[str] = mapped_column(String(64))
    records: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime]
    received_at: Mapped[datetime]


class VisitRow(HqBase):
    __tablename__ = "hq_visits"
    __table_args__ = ({"postgresql_partition_by": "RANGE (day)"},)

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    instance: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    service: Mapped[str] = mapped_column(String(8))
    stage: Mapped[str | None] = mapped_column(String(32))
    ticket_class: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    issued_hour: Mapped[int] = mapped_column(SmallInteger)
    wait_s: Mapped[int | None] = mapped_column(Integer)
    service_s: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(16))
    counter: Mapped[int | None] = mapped_column(SmallInteger)
    sla_min: Mapped[int | None] = mapped_column(SmallInteger)


class SkmRow(HqBase):
    __tablename__ = "hq_skm"
    __table_args__ = ({"postgresql_partition_by": "RANGE (day)"},)

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    instance: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    service: Mapped[str] = mapped_column(String(8))
    counter: Mapped[int | None] = mapped_column(SmallInteger)
    answers: Mapped[dict[str, Any]]


class DayRow(HqBase):
    """A finished day as the office declared it (``DayRecord``)."""

    __tablename__ = "hq_days"

    office_id: Mapped[int] = mapped_column(ForeignKey("hq_offices.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    open: Mapped[bool] = mapped_column(Boolean)
    issued: Mapped[dict[str, Any]]


class OfficeDayRow(HqBase):
    """The roll-up of one office's day: per queue tallies and SKM sums (``figures``)."""

    __tablename__ = "hq_office_days"

    office_id: Mapped[int] = mapped_column(ForeignKey("hq_offices.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    queues: Mapped[dict[str, Any]]
    skm: Mapped[dict[str, Any]]
    issued: Mapped[int | None] = mapped_column(Integer)  # None until the day is reported
    open: Mapped[bool | None] = mapped_column(Boolean)
    rolled_at: Mapped[datetime]


class OfficeMonthRow(HqBase):
    """The roll-up of one office's month: its days' tallies merged (all queues together)."""

    __tablename__ = "hq_office_months"

    office_id: Mapped[int] = mapped_column(ForeignKey("hq_offices.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    tally: Mapped[dict[str, Any]]
    skm: Mapped[dict[str, Any]]
    issued: Mapped[int] = mapped_column(Integer)
    days_open: Mapped[int] = mapped_column(Integer)


class LiveRow(HqBase):
    __tablename__ = "hq_live"

    office_id: Mapped[int] = mapped_column(ForeignKey("hq_offices.id"), primary_key=True)
    at: Mapped[datetime]
    received_at: Mapped[datetime]
    state: Mapped[dict[str, Any]]


class NoticeRow(HqBase):
    __tablename__ = "hq_notices"

    office_id: Mapped[int] = mapped_column(ForeignKey("hq_offices.id"), primary_key=True)
    instance: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(Boolean)
    text_id: Mapped[str] = mapped_column(String(500))
    text_en: Mapped[str] = mapped_column(String(500))


class UserRow(HqBase):
    __tablename__ = "hq_users"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    region: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


class SessionRow(HqBase):
    __tablename__ = "hq_sessions"
    __table_args__ = (UniqueConstraint("token_digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_digest: Mapped[str] = mapped_column(String(64))
    user_name: Mapped[str] = mapped_column(ForeignKey("hq_users.name", ondelete="CASCADE"))
    expires_at: Mapped[datetime]
