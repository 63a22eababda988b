"""The ticket printer interface: a ticket view in, printed paper (or a typed fault) out."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol, Self


class PaperState(StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PrinterStatus:
    """What DLE EOT told us. ``reachable`` False means no answer at all."""

    reachable: bool
    online: bool | None
    paper: PaperState
    cover_open: bool | None

    @property
    def ready(self) -> bool:
        return (
            self.reachable
            and self.online is True
            and self.paper in (PaperState.OK, PaperState.NEAR_END)
            and self.cover_open is not True
        )


@dataclass(frozen=True)
class TicketView:
    """Everything printed on a ticket; no name, no passport number."""

    office_name: str
    number: str
    service_id: str
    service_en: str
    people_ahead: int
    estimated_wait_min: int
    issued_at: datetime  # aware, in the office's zone
    status_url: str
    stage_id: str | None = None
    stage_en: str | None = None
    priority: bool = False
    wait_range_min: tuple[int, int] | None = None  # printed instead of "±N" when wide
    footer_id: str = "Silakan menunggu nomor Anda dipanggil."
    footer_en: str = "Please wait until your number is called."
    training: bool = False  # a training office's ticket: marked at its top and bottom


class PrinterError(Exception):
    """A printer fault a kiosk shows to the visitor and reports to staff.

    ``state`` is a stable word (``out_of_paper``, ``cover_open``, ``offline``,
    ``unreachable``, ``unknown``) and ``message`` a sentence for a person.
    """

    state = "unknown"

    def __init__(self, url: str, message: str) -> None:
        super().__init__(f"printer at {url}: {message}")
        self.url = url
        self.message = message


class PrinterOutOfPaperError(PrinterError):
    state = "out_of_paper"


class PrinterCoverOpenError(PrinterError):
    state = "cover_open"


class PrinterOfflineError(PrinterError):
    state = "offline"


class PrinterUnreachableError(PrinterError):
    state = "unreachable"


class TicketPrinter(Protocol):
    """A ticket printer. ``open`` and ``close`` do I/O; nothing else is lazy."""

    url: str

    def open(self) -> None: ...

    def close(self) -> None: ...

    def status(self) -> PrinterStatus: ...

    def print_ticket(self, ticket: TicketView) -> None:
        """Check status, print, cut. Raises a ``PrinterError`` subclass on a fault."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc_info: object) -> None: ...
