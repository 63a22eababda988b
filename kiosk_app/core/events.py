"""Events the kiosk flow accepts, and commands it asks the app to run.

Taps, device reads, timer ticks and worker results all become one of these
events; the flow answers with commands, which the app runs off the UI thread.
"""

from dataclasses import dataclass

from kiosk_app.core.outcomes import Failure, IssuedTicket
from kiosk_app.core.state import Mode
from kiosk_app.core.texts import TEXTS
from queue_protocol import IssueTicketRequest, Language, LocalizedText, PriorityGroup, ServiceInfo


@dataclass(frozen=True)
class LanguageChosen:
    language: Language


@dataclass(frozen=True)
class ModeChosen:
    mode: Mode


@dataclass(frozen=True)
class BookingCodeEntered:
    """A booking code from the camera, the scanner (serial or keyboard wedge) or the keypad."""

    text: str


@dataclass(frozen=True)
class MrzRead:
    """The raw MRZ text of a passport put on the reader."""

    text: str


@dataclass(frozen=True)
class SeniorAnswered:
    accept: bool


@dataclass(frozen=True)
class PriorityChosen:
    group: PriorityGroup | None


@dataclass(frozen=True)
class ServiceChosen:
    code: str


@dataclass(frozen=True)
class ReplacementChosen:
    """The holder of an expired passport takes the replacement service."""


@dataclass(frozen=True)
class IssueSucceeded:
    request_id: int
    ticket: IssuedTicket


@dataclass(frozen=True)
class IssueFailed:
    request_id: int
    failure: Failure


@dataclass(frozen=True)
class PrintFinished:
    client_ref: str
    ok: bool


@dataclass(frozen=True)
class StatusRefreshed:
    """The office's state: open or not, the services, whether the server answered."""

    open_now: bool
    services: tuple[ServiceInfo, ...]
    offline: bool = False
    untrusted: bool = False  # offline because the server's certificate failed the pin
    closed_message: LocalizedText | None = None
    # The office's priority groups and senior age; None: not known (kept as they were).
    priority_groups: tuple[PriorityGroup, ...] | None = None
    minimum_age: int | None = None

    def closed_reason(self) -> LocalizedText | None:
        """Why no ticket can be issued now, or None when some can."""
        if not self.open_now:
            indonesian, english = TEXTS["closed_hours"]
            return self.closed_message or LocalizedText(id=indonesian, en=english)
        issuable = [s for s in self.services if s.open and s.quota_remaining != 0]
        if self.services and not issuable:
            indonesian, english = TEXTS["closed_full"]
            return LocalizedText(id=indonesian, en=english)
        return None


@dataclass(frozen=True)
class RetryPressed:
    pass


@dataclass(frozen=True)
class PriorityOptionPressed:
    pass


@dataclass(frozen=True)
class HomePressed:
    pass


@dataclass(frozen=True)
class DonePressed:
    pass


@dataclass(frozen=True)
class TimedOut:
    """The visitor left: nobody touched the screen for the inactivity timeout."""


Event = (
    LanguageChosen
    | ModeChosen
    | BookingCodeEntered
    | MrzRead
    | SeniorAnswered
    | PriorityChosen
    | ServiceChosen
    | ReplacementChosen
    | IssueSucceeded
    | IssueFailed
    | PrintFinished
    | StatusRefreshed
    | RetryPressed
    | PriorityOptionPressed
    | HomePressed
    | DonePressed
    | TimedOut
)


@dataclass(frozen=True)
class IssueCommand:
    """Issue (online, or offline from a lease) and answer with IssueSucceeded/IssueFailed."""

    request_id: int
    request: IssueTicketRequest


@dataclass(frozen=True)
class PrintCommand:
    """Print the ticket; answer with PrintFinished. A fault is reported to the server."""

    ticket: IssuedTicket


@dataclass(frozen=True)
class RefreshCommand:
    """Fetch the office state and services; answer with StatusRefreshed."""


Command = IssueCommand | PrintCommand | RefreshCommand
