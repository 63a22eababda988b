"""The kiosk's state: one frozen value, replaced on every transition."""

from dataclasses import dataclass
from enum import StrEnum

from kiosk_app.core.outcomes import Failure, IssuedTicket
from kiosk_app.core.passport import DEFAULT_SENIOR_AGE, PassportCheck
from queue_protocol import IssueTicketRequest, Language, LocalizedText, PriorityGroup, ServiceInfo


class Screen(StrEnum):
    """Every screen of the kiosk mode."""

    START = "start"
    BOOKING = "booking"
    PASSPORT = "passport"
    SENIOR = "senior"  # a passport holder of the office's senior age: priority service?
    PRIORITY = "priority"  # the Ramah HAM question
    SERVICES = "services"
    WORKING = "working"
    TICKET = "ticket"
    ERROR = "error"
    EXPIRED = "expired"
    CLOSED = "closed"


class Mode(StrEnum):
    """How the visitor came in."""

    BOOKING = "booking"
    PASSPORT = "passport"
    WALK_IN = "walk_in"


class PrintState(StrEnum):
    NONE = "none"
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"


@dataclass(frozen=True)
class KioskState:
    """Everything the screens show. Holds no name and no passport number."""

    screen: Screen
    language: Language
    mode: Mode | None = None
    passport: PassportCheck | None = None
    priority: PriorityGroup | None = None
    services: tuple[ServiceInfo, ...] = ()
    ticket: IssuedTicket | None = None
    print_state: PrintState = PrintState.NONE
    failure: Failure | None = None
    retry_screen: Screen | None = None
    closed: LocalizedText | None = None
    offline: bool = False
    untrusted: bool = False  # the server's certificate failed the pin (a technician's job)
    request: IssueTicketRequest | None = None
    request_id: int = 0
    # The office's priority groups (Ramah HAM) and senior age, as the server last said.
    priority_groups: tuple[PriorityGroup, ...] = tuple(PriorityGroup)
    minimum_age: int = DEFAULT_SENIOR_AGE

    def offers(self, group: PriorityGroup) -> bool:
        """The office serves ``group`` with priority."""
        return group in self.priority_groups

    @property
    def senior(self) -> bool:
        """The passport on the reader belongs to a senior the office gives priority."""
        passport = self.passport
        return (
            passport is not None
            and passport.senior(self.minimum_age)
            and self.offers(PriorityGroup.LANSIA)
        )

    @classmethod
    def initial(cls, language: Language | str) -> "KioskState":
        return cls(screen=Screen.START, language=Language(language))
