"""Ticket numbers and the office's service day."""

import string
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from queue_server.domain.errors import InvalidRequestError
from queue_server.domain.numbering import (
    OFFICE_ZONES,
    format_number,
    office_zone,
    parse_number,
    service_day,
)

prefixes = st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=2)


@pytest.mark.parametrize(
    ("prefix", "sequence", "padding", "number"),
    [("A", 12, 3, "A012"), ("A", 1000, 3, "A1000"), ("PB", 7, 4, "PB0007"), ("B", 5, 1, "B5")],
)
def test_format_number_examples_padded_and_growing(
    prefix: str, sequence: int, padding: int, number: str
) -> None:
    assert format_number(prefix, sequence, padding) == number


@settings(max_examples=50)
@given(prefixes, st.integers(1, 100_000), st.integers(1, 5))
def test_format_number_parse_round_trip(prefix: str, sequence: int, padding: int) -> None:
    assert parse_number(format_number(prefix, sequence, padding)) == (prefix, sequence)


@settings(max_examples=50)
@given(prefixes, st.lists(st.integers(1, 5000), min_size=2, max_size=50, unique=True))
def test_format_number_distinct_sequences_give_distinct_numbers(
    prefix: str, sequences: list[int]
) -> None:
    numbers = [format_number(prefix, n) for n in sequences]
    assert len(set(numbers)) == len(numbers)


@settings(max_examples=50)
@given(st.lists(st.tuples(prefixes, st.integers(1, 2000)), min_size=1, max_size=60, unique=True))
def test_format_number_unique_per_prefix_and_sequence(pairs: list[tuple[str, int]]) -> None:
    # Prefixes are unique per service, so this is uniqueness per (service, day).
    numbers = [format_number(prefix, n) for prefix, n in pairs]
    assert len(set(numbers)) == len(numbers)


@pytest.mark.parametrize(
    ("prefix", "sequence"), [("a", 1), ("ABC", 1), ("A1", 1), ("", 1), ("A", 0), ("A", -3)]
)
def test_format_number_invalid_input_raises(prefix: str, sequence: int) -> None:
    with pytest.raises(ValueError, match="ticket"):
        format_number(prefix, sequence)


def test_parse_number_lowercase_and_spaces_accepted() -> None:
    assert parse_number(" a012 ") == ("A", 12)


@pytest.mark.parametrize("text", ["", "012", "A", "ABC1", "A-12", "A12B"])
def test_parse_number_malformed_raises_invalid_request(text: str) -> None:
    with pytest.raises(InvalidRequestError):
        parse_number(text)


@pytest.mark.parametrize(
    ("name", "iana"), [*OFFICE_ZONES.items(), ("Asia/Pontianak", "Asia/Pontianak")]
)
def test_office_zone_abbreviation_or_iana_resolves(name: str, iana: str) -> None:
    assert office_zone(name).key == iana


@pytest.mark.parametrize("name", ["XYZ", "Asia/Nowhere", "", "../etc/passwd"])
def test_office_zone_unknown_raises_invalid_request(name: str) -> None:
    with pytest.raises(InvalidRequestError):
        office_zone(name)


# UTC+7, +8, +9: local midnight is 17:00, 16:00 and 15:00 UTC the day before.
@pytest.mark.parametrize(("zone", "offset"), [("WIB", 7), ("WITA", 8), ("WIT", 9)])
def test_service_day_local_midnight_not_utc_midnight(zone: str, offset: int) -> None:
    tz = office_zone(zone)
    midnight_utc = datetime(2026, 3, 2, 0, 0, tzinfo=UTC) - timedelta(hours=offset)
    assert service_day(midnight_utc - timedelta(minutes=1), tz) == date(2026, 3, 1)  # 23:59
    assert service_day(midnight_utc, tz) == date(2026, 3, 2)  # 00:00 local
    # Around UTC midnight it is already morning of the local day.
    assert service_day(datetime(2026, 3, 1, 23, 59, tzinfo=UTC), tz) == date(2026, 3, 2)
    assert service_day(datetime(2026, 3, 2, 0, 0, tzinfo=UTC), tz) == date(2026, 3, 2)


@given(st.datetimes(timezones=st.just(UTC)), st.sampled_from(sorted(OFFICE_ZONES)))
def test_service_day_equals_local_date(at: datetime, zone: str) -> None:
    tz = office_zone(zone)
    assert service_day(at, tz) == at.astimezone(tz).date()


def test_service_day_naive_datetime_raises() -> None:
    with pytest.raises(ValueError, match="aware"):
        service_day(datetime(2026, 3, 2, 8, 0), office_zone("WIB"))
