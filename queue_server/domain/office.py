"""The office's configuration as the rules see it: services, stages, counters, quotas.

Loaded from ``office.toml`` by ``queue_server.config``; everything regulations
change lives here, not in code. Invariants checked at load: service codes and
prefixes are unique, every counter serves only queues that exist, every quota
pool a service names is defined.
"""

import itertools
from datetime import date, time
from functools import cached_property
from typing import Any, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from queue_protocol import LocalizedText, PriorityGroup, TicketClass


class _Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StageDef(_Config):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    name_id: str
    name_en: str
    service_minutes: float = Field(default=8.0, gt=0, le=240)

    @cached_property
    def name(self) -> LocalizedText:
        return LocalizedText(id=self.name_id, en=self.name_en)


class ServiceDef(_Config):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9]{0,7}$")
    prefix: str = Field(pattern=r"^[A-Z]{1,2}$")
    name_id: str
    name_en: str
    walk_in: bool = True
    priority_walk_in: bool = True
    booking: bool = False
    quota_pool: str | None = None
    sla_minutes: int = Field(default=30, gt=0, le=480)
    service_minutes: float = Field(default=8.0, gt=0, le=240)
    stages: tuple[StageDef, ...] = ()

    @cached_property
    def name(self) -> LocalizedText:
        return LocalizedText(id=self.name_id, en=self.name_en)

    @property
    def admits_priority_walk_in(self) -> bool:
        """A priority visitor (Layanan Ramah HAM) may come without a booking: to every
        walk-in service, and to a booking service that says so."""
        return self.walk_in or self.priority_walk_in

    @property
    def first_stage(self) -> str | None:
        return self.stages[0].code if self.stages else None

    @property
    def stage_codes(self) -> tuple[str, ...]:
        return tuple(stage.code for stage in self.stages)

    def stage(self, code: str | None) -> StageDef | None:
        return next((stage for stage in self.stages if stage.code == code), None)

    def queue_keys(self) -> tuple[str, ...]:
        if not self.stages:
            return (self.code,)
        return tuple(f"{self.code}/{stage.code}" for stage in self.stages)

    def minutes_for(self, stage: str | None) -> float:
        found = self.stage(stage)
        return found.service_minutes if found else self.service_minutes


class BreakDef(_Config):
    """A break in a counter's day (istirahat): from ``start``, for ``minutes``."""

    start: time
    minutes: int = Field(gt=0, le=240)

    @property
    def end(self) -> time:
        total = self.start.hour * 60 + self.start.minute + self.minutes
        return time(min(total // 60, 23), total % 60 if total < 24 * 60 else 59)


class CounterDef(_Config):
    number: int = Field(ge=1, le=999)
    name_id: str | None = None
    name_en: str | None = None
    services: tuple[str, ...] = Field(min_length=1)
    # The roster's breaks: the wait estimate counts the counter away during them.
    breaks: tuple[BreakDef, ...] = ()
    # An information desk: its officer may issue tickets for visitors who cannot use a kiosk.
    information_desk: bool = False

    @model_validator(mode="after")
    def _breaks_apart(self) -> Self:
        ordered = sorted(self.breaks, key=lambda b: b.start)
        for first, second in itertools.pairwise(ordered):
            if first.end > second.start:
                raise ValueError(f"counter {self.number}: breaks overlap")
        return self

    @cached_property
    def name(self) -> LocalizedText:
        return LocalizedText(
            id=self.name_id or f"Loket {self.number}", en=self.name_en or f"Counter {self.number}"
        )


class HoursDef(_Config):
    open: time = time(8, 0)
    close: time = time(16, 0)
    last_ticket: time = time(15, 0)
    days: tuple[int, ...] = (1, 2, 3, 4, 5)  # ISO weekdays, Monday = 1
    holidays: tuple[date, ...] = ()

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.open < self.last_ticket <= self.close:
            raise ValueError("need open < last_ticket <= close")
        if any(day < 1 or day > 7 for day in self.days):
            raise ValueError("days are ISO weekdays 1 (Monday) to 7 (Sunday)")
        return self


class PolicyDef(_Config):
    strategy: Literal["fifo", "sla_aware", "ordered"] = "sla_aware"
    class_weights: dict[TicketClass, int] = Field(
        default_factory=lambda: {
            TicketClass.PRIORITY: 3,
            TicketClass.APPOINTMENT: 2,
            TicketClass.REGULAR: 1,
        }
    )
    transfer_keeps_place: bool = True
    # A no-show who comes back may be put back in line by an officer, within this many
    # minutes of being marked, at the back of the queue or at the place it had.
    no_show_requeue: bool = True
    no_show_requeue_minutes: int = Field(default=30, ge=1, le=480)
    no_show_requeue_place: Literal["back", "original"] = "back"

    @model_validator(mode="after")
    def _weights(self) -> Self:
        if any(weight < 1 for weight in self.class_weights.values()):
            raise ValueError("every class weight must be at least 1, or a class would starve")
        if set(self.class_weights) != set(TicketClass):
            raise ValueError("class_weights needs priority, appointment and regular")
        return self


class BookingDef(_Config):
    early_minutes: int = Field(default=60, ge=0, le=24 * 60)
    late_minutes: int = Field(default=30, ge=0, le=24 * 60)
    late_action: Literal["refuse", "walk_in"] = "walk_in"
    token_public_key: str | None = None  # base64 raw Ed25519 public key of the booking issuer
    require_signed: bool = False  # only signed booking codes check in, never a typed number
    pool: str = "booking"
    sessions: dict[str, tuple[time, time]] = Field(
        default_factory=lambda: {
            "pagi": (time(8, 0), time(12, 0)),
            "siang": (time(13, 0), time(15, 0)),
        }
    )

    @model_validator(mode="after")
    def _signed_codes_checkable(self) -> Self:
        if self.require_signed and not self.token_public_key:
            raise ValueError(
                "require_signed needs token_public_key: without it no code could be checked"
            )
        return self


class PriorityDef(_Config):
    groups: tuple[PriorityGroup, ...] = tuple(PriorityGroup)
    minimum_age: int = Field(default=60, ge=40, le=100)
    pool: str = "priority"


class SkmDef(_Config):
    weight_mode: Literal["exact", "rounded"] = "exact"


class DevicesDef(_Config):
    """How long a kiosk, board or feedback screen may stay silent before the admin page
    warns that it went dark (a board with its event stream open is never silent)."""

    silent_after_minutes: int = Field(default=10, ge=1, le=7 * 1440)


class RetentionDef(_Config):
    """Days each kind of personal data is kept (UU PDP 27/2022), then purged or anonymised
    by the retention job. What is not personal (ticket numbers, times, outcomes, ratings)
    stays for the reports."""

    passport_hashes: int = Field(default=90, ge=1, le=3650)  # tickets' and bookings'
    application_numbers: int = Field(default=90, ge=1, le=3650)  # bookings, after their day
    status_tokens: int = Field(default=7, ge=1, le=3650)  # a ticket's status link, after its day
    login_addresses: int = Field(default=90, ge=1, le=3650)  # where logins came from
    sessions: int = Field(default=30, ge=1, le=3650)  # login sessions, after they end
    feedback_links: int = Field(default=7, ge=1, le=3650)  # which ticket a rating was for


class OfficeDef(_Config):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")
    name: str
    timezone: str = "WIB"
    logo: str | None = None
    public_url: str = "http://127.0.0.1:8000"
    number_reading: Literal["words", "digits"] = "words"
    number_padding: int = Field(default=3, ge=1, le=6)
    retention_days: int = Field(
        default=90, ge=1, le=3650
    )  # older files: [retention] passport_hashes

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value in ("WIB", "WITA", "WIT"):
            return value
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r}: use WIB, WITA, WIT or a name like Asia/Makassar"
            ) from None
        return value


class StatusDef(_Config):
    """``[status]``: the visitor's status page. ``near_turn_ahead``: with this many people
    ahead or fewer, the page tells the visitor to come near (and buzzes the phone); 0 only
    when the ticket is next."""

    near_turn_ahead: int = Field(default=3, ge=0, le=50)


class SecurityDef(_Config):
    """``[security]``: ``admin_totp`` asks admins for a code from an authenticator app
    beside the password (set one up with ``antrean user totp NAME``)."""

    admin_totp: bool = False


class OfficeConfig(_Config):
    """The whole ``office.toml``."""

    office: OfficeDef
    hours: HoursDef = HoursDef()
    policy: PolicyDef = PolicyDef()
    bookings: BookingDef = BookingDef()
    priority: PriorityDef = PriorityDef()
    skm: SkmDef = SkmDef()
    devices: DevicesDef = DevicesDef()
    retention: RetentionDef = RetentionDef()
    security: SecurityDef = SecurityDef()
    status: StatusDef = StatusDef()
    quotas: dict[str, int] = Field(default_factory=dict)
    services: tuple[ServiceDef, ...] = Field(min_length=1)
    counters: tuple[CounterDef, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _retention_of_older_files(cls, raw: Any) -> Any:
        """An office file from before ``[retention]`` gave ``office.retention_days``,
        which kept passport hashes: it still does, unless ``[retention]`` says."""
        office, retention = (
            (raw.get("office"), raw.get("retention", {})) if isinstance(raw, dict) else (None, None)
        )
        if not (
            isinstance(office, dict) and "retention_days" in office and isinstance(retention, dict)
        ):
            return raw
        return {**raw, "retention": {"passport_hashes": office["retention_days"], **retention}}

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _unique("services", "code", [service.code for service in self.services])
        _unique("services", "prefix", [service.prefix for service in self.services])
        _unique("counters", "number", [counter.number for counter in self.counters])
        queues = {key for service in self.services for key in service.queue_keys()}
        for counter in self.counters:
            unknown = [key for key in counter.services if key not in queues]
            if unknown:
                raise ValueError(
                    f"counter {counter.number} serves unknown queue(s) {', '.join(unknown)};"
                    f" known: {', '.join(sorted(queues))}"
                )
        pools = {service.quota_pool for service in self.services if service.quota_pool}
        pools |= {self.bookings.pool, self.priority.pool}
        missing = sorted(pool for pool in pools if pool not in self.quotas)
        if missing:
            raise ValueError(f"[quotas] has no entry for pool(s) {', '.join(missing)}")
        return self

    def service(self, code: str) -> ServiceDef | None:
        return next((service for service in self.services if service.code == code), None)

    def counter(self, number: int) -> CounterDef | None:
        return next((counter for counter in self.counters if counter.number == number), None)

    def counters_serving(self, queue: str) -> tuple[CounterDef, ...]:
        return tuple(counter for counter in self.counters if queue in counter.services)


def _unique(section: str, key: str, values: list[object]) -> None:
    seen: set[object] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"[[{section}]] {key} {value!r} appears more than once")
        seen.add(value)
