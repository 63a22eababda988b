"""ESC/POS real-time status (``DLE EOT n``): pure functions over the reply bytes.

Invariants:
- A reply is one byte of the shape ``0xx1xx10`` (mask ``0x93`` gives ``0x12``); an
  empty, late or malformed reply means "unknown", never "paper OK" (python-escpos 3.1
  reads an empty reply as plenty of paper).
- When a reply holds more than one byte, the last one counts: earlier bytes are stale
  answers to queries that timed out.

Bits used (Epson ESC/POS):
- ``DLE EOT 1`` printer status: bit 3 offline.
- ``DLE EOT 2`` offline cause: bit 2 cover open, bit 5 stopped by paper end, bit 6 error.
- ``DLE EOT 4`` roll paper sensor: bits 2-3 near end, bits 5-6 paper end.
"""

from hardware.printer.base import (
    PaperState,
    PrinterCoverOpenError,
    PrinterError,
    PrinterOfflineError,
    PrinterOutOfPaperError,
    PrinterStatus,
    PrinterUnreachableError,
)

DLE_EOT_PRINTER = b"\x10\x04\x01"
DLE_EOT_OFFLINE_CAUSE = b"\x10\x04\x02"
DLE_EOT_PAPER = b"\x10\x04\x04"

_SHAPE_MASK = 0x93
_SHAPE = 0x12
_OFFLINE = 0x08
_COVER_OPEN = 0x04
_STOPPED_BY_PAPER_END = 0x20
_ERROR = 0x40
_NEAR_END = 0x0C
_PAPER_END = 0x60


def status_byte(reply: bytes) -> int | None:
    """The reply's status byte, or None when it is empty or not of the shape ``0xx1xx10``."""
    if not reply:
        return None
    value = reply[-1]
    return value if value & _SHAPE_MASK == _SHAPE else None


def parse_online(reply: bytes) -> bool | None:
    """``DLE EOT 1``: True online, False offline, None unknown."""
    value = status_byte(reply)
    return None if value is None else not value & _OFFLINE


def parse_cover_open(reply: bytes) -> bool | None:
    """``DLE EOT 2``: True when the cover is open, None unknown."""
    value = status_byte(reply)
    return None if value is None else bool(value & _COVER_OPEN)


def parse_stopped_by_paper_end(reply: bytes) -> bool | None:
    """``DLE EOT 2``: True when printing stopped because the paper ran out."""
    value = status_byte(reply)
    return None if value is None else bool(value & _STOPPED_BY_PAPER_END)


def parse_paper(reply: bytes) -> PaperState:
    """``DLE EOT 4``: the roll paper sensor; ``UNKNOWN`` for an empty or malformed reply."""
    value = status_byte(reply)
    if value is None:
        return PaperState.UNKNOWN
    if value & _PAPER_END:
        return PaperState.OUT
    if value & _NEAR_END:
        return PaperState.NEAR_END
    return PaperState.OK


UNREACHABLE = PrinterStatus(reachable=False, online=None, paper=PaperState.UNKNOWN, cover_open=None)
"""No answer at all: not connected, or silent within the timeout."""

NO_STATUS = PrinterStatus(reachable=True, online=None, paper=PaperState.UNKNOWN, cover_open=None)
"""A write-only device (``file://``): it took the bytes but cannot say more."""


def status_from_replies(printer: bytes, offline_cause: bytes, paper: bytes) -> PrinterStatus:
    """Combine the replies to ``DLE EOT 1``, ``2`` and ``4`` into one ``PrinterStatus``.

    An empty reply to ``DLE EOT 1`` means nobody answered: ``reachable`` is False.
    """
    if not printer:
        return UNREACHABLE
    paper_state = parse_paper(paper)
    if parse_stopped_by_paper_end(offline_cause):
        paper_state = PaperState.OUT
    return PrinterStatus(
        reachable=True,
        online=parse_online(printer),
        paper=paper_state,
        cover_open=parse_cover_open(offline_cause),
    )


def error_for_status(url: str, status: PrinterStatus) -> PrinterError | None:
    """The fault to raise for ``status``, or None when a ticket can be printed.

    A near-end roll still prints; an unknown paper state prints when the printer says
    it is online (some printers have no roll sensor). The messages say what to do.
    """
    if not status.reachable:
        return PrinterUnreachableError(
            url, "no answer (check that it is switched on and the cable or network)"
        )
    if status.paper is PaperState.OUT:
        return PrinterOutOfPaperError(url, "out of paper (load a new roll)")
    if status.cover_open:
        return PrinterCoverOpenError(url, "cover open (close the printer cover)")
    if status.online is False:
        return PrinterOfflineError(url, "offline (check the printer's error light)")
    if status.online is None:
        return PrinterError(
            url, "status unknown: unexpected reply (check that the printer is in ESC/POS mode)"
        )
    return None


def describe(status: PrinterStatus) -> str:
    """A one-line summary for a technician: ``online, paper ok, cover closed``."""
    if not status.reachable:
        return "no answer"
    online = {True: "online", False: "offline", None: "online state unknown"}[status.online]
    cover = {True: "cover open", False: "cover closed", None: "cover unknown"}[status.cover_open]
    paper = {
        PaperState.OK: "paper ok",
        PaperState.NEAR_END: "paper near end (replace the roll soon)",
        PaperState.OUT: "out of paper",
        PaperState.UNKNOWN: "paper unknown",
    }[status.paper]
    return f"{online}, {paper}, {cover}"
