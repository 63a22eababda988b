"""What every use case needs: the database, the office's rules, the clock, the event hub."""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from queue_protocol import DeviceKind, Event, Role
from queue_server.domain.numbering import office_zone, service_day
from queue_server.domain.office import OfficeConfig
from queue_server.services.device_contacts import DeviceContacts
from queue_server.services.estimates import ArrivalRates, ServiceTimes
from queue_server.services.login_throttle import LoginThrottle
from queue_server.services.password_hashing import PasswordHashing
from queue_server.services.token_cache import TokenCache
from queue_server.storage import Database

Clock = Callable[[], datetime]
Publisher = Callable[[Sequence[Event]], None]


def utc_now() -> datetime:
    return datetime.now(UTC)


def discard_events(_events: Sequence[Event]) -> None:
    """The publisher when nothing listens (command-line tools)."""


def _ignore(_actor: "Actor") -> None:
    """The queue-changed notifier before the server wires one."""


def _nobody_listens() -> None:
    """The tokens-changed notifier before the server wires one (command-line tools)."""


class ActorKind(StrEnum):
    USER = "user"
    DEVICE = "device"
    SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """Who asked: an officer, supervisor or admin by username, or an enrolled device."""

    name: str
    kind: ActorKind
    role: Role | None = None
    device_kind: DeviceKind | None = None

    @property
    def label(self) -> str:
        return self.name if self.kind == ActorKind.USER else f"{self.kind.value}:{self.name}"


@dataclass(frozen=True)
class Credential:
    """Who a token stands for, and when it ends (its session's or its device token's end)."""

    actor: Actor
    ends_at: datetime


SYSTEM = Actor(name="system", kind=ActorKind.SYSTEM)
COMMAND_LINE = Actor(name="command-line", kind=ActorKind.SYSTEM)  # `antrean user add`, ...


@dataclass
class ServerContext:
    db: Database
    office: OfficeConfig
    passport_key: bytes
    clock: Clock = utc_now
    # Seconds that only go forward, for what is kept a while (checked tokens, snapshots);
    # tests move it on instead of sleeping.
    monotonic: Callable[[], float] = time.monotonic
    publish: Publisher = discard_events
    # Called with the writer after a write that changed the queue: has the queue snapshot
    # published.
    queue_changed: Callable[[Actor], object] = _ignore
    # Called after a commit that may have ended a token (logout, revoke, rotate, ...): has
    # the open event streams check theirs again.
    tokens_changed: Callable[[], object] = _nobody_listens
    token_ttl: timedelta = timedelta(hours=12)  # an officer's login session
    device_token_ttl: timedelta = timedelta(days=30)  # swapped by the device well before
    zone: ZoneInfo = field(init=False)
    service_times: ServiceTimes = field(init=False)
    checked_tokens: TokenCache[Credential] = field(init=False)
    arrival_rates: ArrivalRates = field(default_factory=ArrivalRates)
    login_throttle: LoginThrottle = field(default_factory=LoginThrottle)
    device_contacts: DeviceContacts = field(default_factory=DeviceContacts)
    password_hashing: PasswordHashing = field(default_factory=PasswordHashing)
    # Several server processes serve the office: each follows the log (``event_relay``).
    follows_log: bool = False
    # A training office on an office's own configuration: every page carries a banner.
    training: bool = False

    def __post_init__(self) -> None:
        self.zone = office_zone(self.office.office.timezone)
        self.service_times = ServiceTimes(self.office)
        self.checked_tokens = TokenCache(lambda: self.monotonic())

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return service_day(self.clock(), self.zone)

    def local(self, at: datetime) -> datetime:
        return at.astimezone(self.zone)
