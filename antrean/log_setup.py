"""Where log lines go and how they look.

On a terminal each line carries its own time. Under systemd, stderr is the journal
(``JOURNAL_STREAM`` names it), which stamps every line itself and keeps its priority: there
a line starts with the syslog priority (``<3>`` for an error), which journald reads and
strips, so ``journalctl -p warning`` finds the warnings, and no time is repeated.
"""

import logging
import os
import sys
from typing import TextIO

TERMINAL_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JOURNAL_FORMAT = "%(levelname)s %(name)s: %(message)s"
NOISY_LOGGERS = ("alembic", "httpx", "httpcore")

# syslog priorities (sd-daemon(3)): what journald makes of a "<N>" at the start of a line.
_PRIORITIES = ((logging.CRITICAL, 2), (logging.ERROR, 3), (logging.WARNING, 4), (logging.INFO, 6))
_DEBUG_PRIORITY = 7


class JournalFormatter(logging.Formatter):
    """No time stamp (journald adds one); the record's priority as journald reads it."""

    def __init__(self) -> None:
        super().__init__(JOURNAL_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        priority = next((p for level, p in _PRIORITIES if record.levelno >= level), _DEBUG_PRIORITY)
        return f"<{priority}>{super().format(record)}"


def writes_to_journal(stream: TextIO, journal_stream: str | None) -> bool:
    """``stream`` is the journal systemd connected: its device and inode are the
    ``JOURNAL_STREAM`` value (a redirected stderr keeps the variable, not the journal)."""
    if not journal_stream:
        return False
    try:
        info = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return journal_stream == f"{info.st_dev}:{info.st_ino}"


def configure_logging(*, verbose: bool) -> None:
    """Log INFO and up (DEBUG when ``verbose``) to stderr, in the journal's form there."""
    handler = logging.StreamHandler(sys.stderr)
    if writes_to_journal(sys.stderr, os.environ.get("JOURNAL_STREAM")):
        handler.setFormatter(JournalFormatter())
    else:
        handler.setFormatter(logging.Formatter(TERMINAL_FORMAT))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=[handler])
    if not verbose:
        for noisy in NOISY_LOGGERS:
            logging.getLogger(noisy).setLevel(logging.WARNING)
