"""What any value a client sends must hold to, whatever the field: the shared base of
request models, and the bounds of ids, counters, texts and dates.

Invariants:
- No text in a request holds a control character (NUL above all: PostgreSQL cannot
  store it); tab, line feed and carriage return are the only ones let through.
- An id or a counter fits a signed 64-bit column (SQLite's INTEGER, PostgreSQL's
  BIGINT), so no query overflows; an id is at least 1, a sequence or count at least 0.
- A date or a time lies in a year an office can have served in (``MIN_YEAR`` to
  ``MAX_YEAR``): arithmetic on it never leaves the calendar.

Each is refused at the edge with a reason (422), never by the database with a 500.
"""

import re
from datetime import date
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

MAX_ID = 2**63 - 1  # the largest value of a signed 64-bit column
MIN_YEAR = 2000
MAX_YEAR = 2100
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Day = TypeVar("Day", bound=date)  # a date or a datetime


def plain_text(text: str) -> str:
    """``text`` itself, or a ``ValueError`` when it holds a control character."""
    if _CONTROL.search(text):
        raise ValueError("control characters (such as NUL) are not allowed in text")
    return text


def sane_year(day: Day) -> Day:
    """``day`` (a date or a datetime) itself, or a ``ValueError`` outside the years an
    office serves in."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"the year must lie between {MIN_YEAR} and {MAX_YEAR}")
    return day


EPOCH_YEAR = 1970  # what a device's clock shows after its battery died


def clock_year(day: Day) -> Day:
    """A device's own clock reading: from 1970 (a clock reset) to ``MAX_YEAR``. Wider than
    ``sane_year``: a kiosk whose clock was reset hands in tickets the server refuses one
    by one, against their lease, never the whole batch with them."""
    if not EPOCH_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"the year must lie between {EPOCH_YEAR} and {MAX_YEAR}")
    return day


def has_control_characters(text: str) -> bool:
    return _CONTROL.search(text) is not None


PlainText = Annotated[str, AfterValidator(plain_text)]
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]  # a ticket, lease, fault, announcement
Seq = Annotated[int, Field(ge=0, le=MAX_ID)]  # an event sequence number
CounterNumber = Annotated[int, Field(ge=0, le=MAX_ID)]


def _check_texts(value: Any) -> Any:
    if isinstance(value, str):
        plain_text(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_texts(key)
            _check_texts(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _check_texts(item)
    return value


class RequestModel(BaseModel):
    """The base of every model a client sends: frozen, unknown fields refused, and no
    control character in any text field (nested models check their own)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        return _check_texts(value)
