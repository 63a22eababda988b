"""The ICAO 9303 parser: specimens, the negative vector, round trips and garbage."""

import string
from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from queue_protocol.mrz import MrzFormatError, MrzResult, check_digit, parse_mrz

TODAY = date(2025, 6, 1)
TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)
MRVA = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<"
MRVB = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<"


def parse(text: str) -> MrzResult:
    return parse_mrz(text, today=TODAY)


# --- a generator of valid MRZs, written independently of the parser -------------


def _cd(text: str) -> str:
    values = {c: i for i, c in enumerate(string.digits + string.ascii_uppercase)} | {"<": 0}
    return str(sum(values[c] * (7, 3, 1)[i % 3] for i, c in enumerate(text)) % 10)


@dataclass(frozen=True)
class Person:
    surname: str
    given: str
    number: str
    state: str
    nationality: str
    birth: date
    sex: str
    expiry: date
    optional: str


def _field(text: str, width: int) -> str:
    return text.replace(" ", "<").ljust(width, "<")[:width]


def _name(person: Person, width: int) -> str:
    return _field(f"{person.surname}<<{person.given}", width)


def build_td3(p: Person) -> str:
    number, optional = _field(p.number, 9), _field(p.optional, 14)
    birth, expiry = p.birth.strftime("%y%m%d"), p.expiry.strftime("%y%m%d")
    line2 = f"{number}{_cd(number)}{_field(p.nationality, 3)}{birth}{_cd(birth)}{p.sex}"
    line2 += f"{expiry}{_cd(expiry)}{optional}{_cd(optional)}"
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    return f"P<{_field(p.state, 3)}{_name(p, 39)}\n{line2}{_cd(composite)}"


def build_td2(p: Person) -> str:
    number, optional = _field(p.number, 9), _field(p.optional, 7)
    birth, expiry = p.birth.strftime("%y%m%d"), p.expiry.strftime("%y%m%d")
    line2 = f"{number}{_cd(number)}{_field(p.nationality, 3)}{birth}{_cd(birth)}{p.sex}"
    line2 += f"{expiry}{_cd(expiry)}{optional}"
    composite = line2[0:10] + line2[13:20] + line2[21:35]
    return f"I<{_field(p.state, 3)}{_name(p, 31)}\n{line2}{_cd(composite)}"


def build_td1(p: Person) -> str:
    number, optional = _field(p.number, 9), _field(p.optional, 15)
    birth, expiry = p.birth.strftime("%y%m%d"), p.expiry.strftime("%y%m%d")
    line1 = f"I<{_field(p.state, 3)}{number}{_cd(number)}{optional}"
    line2 = f"{birth}{_cd(birth)}{p.sex}{expiry}{_cd(expiry)}{_field(p.nationality, 3)}"
    line2 += "<" * 11
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    return f"{line1}\n{line2}{_cd(composite)}\n{_name(p, 30)}"


BUILDERS = {"TD3": build_td3, "TD2": build_td2, "TD1": build_td1}
_word = st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=8)
_alnum = st.text(alphabet=string.ascii_uppercase + string.digits, min_size=1, max_size=9)
_state = st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3)
people = st.builds(
    Person,
    surname=_word,
    given=st.lists(_word, min_size=1, max_size=2).map(" ".join),
    number=_alnum,
    state=_state,
    nationality=_state,
    birth=st.dates(date(1926, 1, 1), TODAY),
    sex=st.sampled_from("MF"),
    expiry=st.dates(date(1976, 1, 1), date(2074, 12, 31)),
    optional=st.text(alphabet=string.ascii_uppercase + string.digits, max_size=7),
)


# --- specimens -----------------------------------------------------------------


def test_parse_mrz_td3_specimen_all_fields() -> None:
    result = parse(TD3)
    assert result == MrzResult(
        format="TD3",
        document_type="P",
        issuing_state="UTO",
        surname="ERIKSSON",
        given_names="ANNA MARIA",
        document_number="L898902C3",
        nationality="UTO",
        birth_date=date(1974, 8, 12),
        sex="F",
        expiry_date=date(2012, 4, 15),
        optional_data="ZE184226B",
        valid=True,
        errors=[],
        lines=tuple(TD3.split("\n")),
    )


@pytest.mark.parametrize(
    ("text", "kind", "number"),
    [
        (TD2, "TD2", "D23145890"),
        (TD1, "TD1", "D23145890"),
        (MRVA, "MRVA", "L8988901C"),
        (MRVB, "MRVB", "L8988901C"),
    ],
)
def test_parse_mrz_specimens_valid(text: str, kind: str, number: str) -> None:
    result = parse(text)
    assert (result.format, result.valid, result.errors) == (kind, True, [])
    assert result.document_number == number
    assert (result.surname, result.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert result.sex == "F"


def test_parse_mrz_negative_vector_reports_both_check_digits() -> None:
    result = parse(TD3.replace("L898902C3", "L8989O2C3"))
    assert not result.valid
    assert result.errors == [
        "document number check digit is 6, expected 0",
        "composite check digit is 0, expected 4",
    ]


@pytest.mark.parametrize(
    "text",
    [
        TD3.replace("\n", "\r\n"),
        TD3.replace("\n", "\r"),
        f"  \n{TD3.lower()}\n\n ",
        "\n".join(line + "____" for line in TD3.split("\n")),
        TD3.replace("\n", ""),
    ],
)
def test_parse_mrz_tolerant_input_same_result(text: str) -> None:
    assert parse(text) == parse(TD3)


def test_check_digit_icao_example() -> None:
    assert check_digit("L898902C3") == 6
    assert check_digit("740812") == 2


# --- dates -----------------------------------------------------------------------


def test_parse_mrz_birth_year_in_the_future_goes_back_a_century() -> None:
    person = Person("A", "B", "X1", "UTO", "UTO", date(1930, 7, 1), "M", date(2030, 1, 1), "")
    assert parse(build_td3(person)).birth_date == date(1930, 7, 1)


def test_parse_mrz_impossible_dates_refused() -> None:
    text = TD3.replace("7408122", "7413312")  # month 13; check digit recomputed below
    result = parse(text)
    assert not result.valid
    assert result.birth_date is None
    assert "birth date 741331 is not a possible date" in result.errors


def test_parse_mrz_february_29_only_in_leap_years() -> None:
    ok = Person("A", "B", "X1", "UTO", "UTO", date(2000, 2, 29), "F", date(2030, 1, 1), "")
    assert parse(build_td3(ok)).birth_date == date(2000, 2, 29)
    bad = build_td3(ok).replace("000229", "010229")
    assert parse(bad).birth_date is None


def test_result_age_and_expiry_helpers() -> None:
    result = parse(TD3)
    assert result.age_on(date(2025, 8, 11)) == 50
    assert result.age_on(date(2025, 8, 12)) == 51
    assert result.is_expired(date(2012, 4, 16))
    assert not result.is_expired(date(2012, 4, 15))


def test_result_age_without_birth_date_raises_value_error() -> None:
    result = parse(TD3.replace("7408122", "7413312"))
    with pytest.raises(ValueError, match="birth date"):
        result.age_on(TODAY)


# --- not an MRZ ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("hello world", "expected 2 lines of 44"),
        (TD3.split("\n")[0], "got 1 line"),
        (TD3 + "<", "of 44, 45 characters"),
        (TD3.replace("ANNA", "AN?A"), "not allowed: '?'"),
    ],
)
def test_parse_mrz_not_an_mrz_raises_format_error(text: str, message: str) -> None:
    with pytest.raises(MrzFormatError, match=message.replace("?", r"\?")):
        parse(text)


@pytest.mark.parametrize("kind", sorted(BUILDERS))
@given(person=people)
@settings(max_examples=60, deadline=None)
def test_parse_mrz_round_trip(kind: str, person: Person) -> None:
    result = parse(BUILDERS[kind](person))
    assert result.valid, result.errors
    assert result.format == kind
    assert result.surname == person.surname
    assert result.given_names == person.given
    assert result.document_number == person.number
    assert (result.issuing_state, result.nationality) == (person.state, person.nationality)
    assert (result.birth_date, result.sex) == (person.birth, person.sex)
    assert result.expiry_date == person.expiry
    assert result.optional_data == person.optional


@given(text=st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_parse_mrz_random_text_only_format_error(text: str) -> None:
    try:
        result = parse(text)
    except MrzFormatError:
        return
    assert isinstance(result, MrzResult)


def _covered(kind: str) -> list[int]:
    """Offsets (in the newline-joined text) that a check digit protects."""
    if kind == "TD1":
        line2 = [31 + i for i in (*range(7), *range(8, 15), *range(18, 30))]
        return list(range(5, 30)) + line2
    width = 44 if kind == "TD3" else 36
    return [width + 1 + i for i in range(width) if i not in (10, 11, 12, 20)]


def _value(char: str) -> int:
    return 0 if char == "<" else int(char, 36)


@given(
    person=people,
    kind=st.sampled_from(sorted(BUILDERS)),
    pick=st.integers(0, 10_000),
    char=st.sampled_from(string.digits + string.ascii_uppercase + "<"),
)
@settings(max_examples=300, deadline=None)
def test_parse_mrz_protected_mutation_is_detected(
    person: Person, kind: str, pick: int, char: str
) -> None:
    original = BUILDERS[kind](person)
    covered = _covered(kind)
    position = covered[pick % len(covered)]
    if (_value(char) - _value(original[position])) % 10 == 0:
        return  # ICAO check digits cannot see this change (e.g. 0 for A)
    mutated = original[:position] + char + original[position + 1 :]
    try:
        result = parse(mutated)
    except MrzFormatError:
        return
    assert not result.valid


@given(
    person=people,
    kind=st.sampled_from(sorted(BUILDERS)),
    edits=st.lists(
        st.tuples(st.integers(0, 200), st.sampled_from("<0123456789ABCOXZ?_\n \r\x00é")),
        min_size=1,
        max_size=6,
    ),
)
@settings(max_examples=300, deadline=None)
def test_parse_mrz_random_mutations_never_crash(
    person: Person, kind: str, edits: list[tuple[int, str]]
) -> None:
    chars = list(BUILDERS[kind](person))
    for position, char in edits:
        chars[position % len(chars)] = char
    try:
        result = parse("".join(chars))
    except MrzFormatError:
        return
    assert result.valid == (result.errors == [])


_MRZ_ALPHABET = string.ascii_uppercase + string.digits + "<"


@given(
    lines=st.sampled_from([(3, 30), (2, 36), (2, 44)]).flatmap(
        lambda shape: st.lists(
            st.text(alphabet=_MRZ_ALPHABET, min_size=shape[1], max_size=shape[1]),
            min_size=shape[0],
            max_size=shape[0],
        )
    )
)
@settings(max_examples=400, deadline=None)
def test_parse_mrz_random_well_shaped_text_gives_result(lines: list[str]) -> None:
    result = parse("\n".join(lines))
    assert result.valid == (result.errors == [])
    assert all(error[0].islower() or error[0].isupper() for error in result.errors)
