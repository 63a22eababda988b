"""DLE EOT parsing: every fault, and empty, late or malformed replies as "unknown"."""

import pytest

from hardware.printer.base import (
    PaperState,
    PrinterCoverOpenError,
    PrinterError,
    PrinterOfflineError,
    PrinterOutOfPaperError,
    PrinterStatus,
    PrinterUnreachableError,
)
from hardware.printer.status import (
    NO_STATUS,
    UNREACHABLE,
    describe,
    error_for_status,
    parse_cover_open,
    parse_online,
    parse_paper,
    status_byte,
    status_from_replies,
)

URL = "tcp://10.0.0.7:9100"


@pytest.mark.parametrize(
    ("reply", "expected"),
    [(b"\x12", 0x12), (b"\x1a", 0x1A), (b"\x7e", 0x7E), (b"", None), (b"\x00", None),
     (b"\xff", None), (b"\x13", None), (b"0", None), (b"8", None), (b"\x1a\x12", 0x12)],
)  # fmt: skip
def test_status_byte_accepts_only_the_0xx1xx10_shape(reply: bytes, expected: int | None) -> None:
    assert status_byte(reply) == expected


@pytest.mark.parametrize(
    ("printer", "cause", "paper", "expected"),
    [
        (b"\x12", b"\x12", b"\x12", PrinterStatus(True, True, PaperState.OK, False)),
        (b"\x12", b"\x12", b"\x1e", PrinterStatus(True, True, PaperState.NEAR_END, False)),
        (b"\x1a", b"\x32", b"\x7e", PrinterStatus(True, False, PaperState.OUT, False)),
        (b"\x1a", b"\x16", b"\x12", PrinterStatus(True, False, PaperState.OK, True)),
        (b"\x1a", b"\x52", b"\x12", PrinterStatus(True, False, PaperState.OK, False)),
        # paper end reported only as the offline cause still counts as out
        (b"\x1a", b"\x32", b"", PrinterStatus(True, False, PaperState.OUT, False)),
        (b"", b"\x12", b"\x12", UNREACHABLE),
    ],
    ids=["normal", "near-end", "paper-out", "cover-open", "error", "cause-only", "silent"],
)
def test_status_from_replies_reads_each_condition(
    printer: bytes, cause: bytes, paper: bytes, expected: PrinterStatus
) -> None:
    assert status_from_replies(printer, cause, paper) == expected


@pytest.mark.parametrize("reply", [b"", b"\x00", b"\xff", b"0", b"garbage!"])
def test_parse_paper_empty_or_malformed_is_unknown_never_ok(reply: bytes) -> None:
    assert parse_paper(reply) is PaperState.UNKNOWN
    assert parse_online(reply) is None
    assert parse_cover_open(reply) is None


def test_status_from_replies_garbage_is_reachable_but_unknown() -> None:
    status = status_from_replies(b"\xff", b"\xff", b"\xff")

    assert status == PrinterStatus(True, None, PaperState.UNKNOWN, None)
    assert not status.ready


def test_status_from_replies_late_answer_uses_last_byte() -> None:
    # a late 0x1A (offline) from an earlier query, then the fresh 0x12
    assert status_from_replies(b"\x1a\x12", b"\x12", b"\x12").online is True


@pytest.mark.parametrize(
    ("status", "error_type", "message"),
    [
        (UNREACHABLE, PrinterUnreachableError, "no answer"),
        (PrinterStatus(True, False, PaperState.OUT, False), PrinterOutOfPaperError, "out of paper"),
        (PrinterStatus(True, False, PaperState.OK, True), PrinterCoverOpenError, "cover open"),
        (PrinterStatus(True, False, PaperState.OUT, True), PrinterOutOfPaperError, "new roll"),
        (PrinterStatus(True, False, PaperState.OK, False), PrinterOfflineError, "offline"),
        (PrinterStatus(True, None, PaperState.UNKNOWN, None), PrinterError, "ESC/POS mode"),
    ],
)
def test_error_for_status_gives_typed_error_with_actionable_message(
    status: PrinterStatus, error_type: type[PrinterError], message: str
) -> None:
    error = error_for_status(URL, status)

    assert type(error) is error_type
    assert message in str(error)
    assert str(error).startswith(f"printer at {URL}: ")


@pytest.mark.parametrize(
    "status",
    [
        PrinterStatus(True, True, PaperState.OK, False),
        PrinterStatus(True, True, PaperState.NEAR_END, False),
        PrinterStatus(True, True, PaperState.UNKNOWN, None),  # no roll sensor
    ],
)
def test_error_for_status_printable_states_give_none(status: PrinterStatus) -> None:
    assert error_for_status(URL, status) is None


def test_describe_summarises_for_a_technician() -> None:
    assert describe(PrinterStatus(True, True, PaperState.OK, False)) == (
        "online, paper ok, cover closed"
    )
    assert describe(UNREACHABLE) == "no answer"
    assert "unknown" in describe(NO_STATUS)
