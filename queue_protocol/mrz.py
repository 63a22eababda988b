"""ICAO 9303 machine readable zone: parse and validate TD1, TD2, TD3, MRV-A and MRV-B.

Invariants:
- ``parse_mrz`` raises only ``MrzFormatError`` (text that is not an MRZ) and otherwise
  returns an ``MrzResult``; a damaged MRZ is a result with ``valid`` False and one
  human-readable sentence per problem in ``errors``.
- Text fields have ``<`` fillers turned into single spaces and are stripped.
- Two-digit years: a birth date is the latest one not after ``today``; an expiry date
  lies within 50 years before and 49 after ``today``.
"""

import re
from dataclasses import dataclass, field
from datetime import date

_MRZ_LINE = re.compile(r"[A-Z0-9<]+")
_WEIGHTS = (7, 3, 1)
_SHAPES = {(3, 30): "TD1", (2, 36): "TD2", (2, 44): "TD3"}
_SINGLE_LINE = {90: (3, 30), 72: (2, 36), 88: (2, 44)}


class MrzFormatError(ValueError):
    """The text is not a machine readable zone at all (wrong shape or characters)."""


@dataclass(frozen=True)
class MrzResult:
    """One parsed MRZ. Dates are None when the MRZ holds an impossible date."""

    format: str  # "TD1", "TD2", "TD3", "MRVA" or "MRVB"
    document_type: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: date | None
    sex: str  # "M", "F" or "X" (unspecified)
    expiry_date: date | None
    optional_data: str
    valid: bool
    errors: list[str] = field(default_factory=list)
    optional_data_2: str = ""
    lines: tuple[str, ...] = field(default=(), repr=False)

    def age_on(self, day: date) -> int:
        """Age in whole years on ``day``.

        Raises:
            ValueError: the birth date in the MRZ is not a real date.
        """
        if self.birth_date is None:
            raise ValueError("the MRZ has no valid birth date")
        born = self.birth_date
        before_birthday = (day.month, day.day) < (born.month, born.day)
        return day.year - born.year - int(before_birthday)

    def is_expired(self, on: date) -> bool:
        """True when the document is past its expiry date on ``on`` (or has none)."""
        return self.expiry_date is None or on > self.expiry_date


def check_digit(text: str) -> int:
    """The ICAO 9303 check digit of ``text`` (digits, A-Z and ``<`` only)."""
    total = 0
    for index, char in enumerate(text):
        if char.isdigit():
            value = int(char)
        elif "A" <= char <= "Z":
            value = ord(char) - ord("A") + 10
        else:
            value = 0
        total += value * _WEIGHTS[index % 3]
    return total % 10


def normalize_lines(text: str) -> list[str]:
    """Split raw reader text into MRZ lines: upper case, no padding, no blank lines."""
    lines: list[str] = []
    for raw in re.split(r"\r\n|\r|\n", text):
        line = raw.strip().strip("_").strip().upper()
        if line:
            lines.append(line)
    if len(lines) == 1 and len(lines[0]) in _SINGLE_LINE:
        count, width = _SINGLE_LINE[len(lines[0])]
        lines = [lines[0][i * width : (i + 1) * width] for i in range(count)]
    return lines


def parse_mrz(text: str, *, today: date | None = None) -> MrzResult:
    """Parse and validate one MRZ.

    Args:
        text: the MRZ lines as a reader sends them; CR, LF or CRLF between lines,
            surrounding whitespace, ``_`` padding and lower case are all accepted.
        today: the day two-digit years are resolved against (default: today).

    Raises:
        MrzFormatError: the text does not have the shape or alphabet of an MRZ.
    """
    if not isinstance(text, str):
        raise MrzFormatError(f"an MRZ is text, not {type(text).__name__}")
    lines = normalize_lines(text)
    shape = (len(lines), len(lines[0]) if lines else 0)
    kind = _SHAPES.get(shape)
    if kind is None or any(len(line) != shape[1] for line in lines):
        raise MrzFormatError(_shape_message(lines))
    for number, line in enumerate(lines, start=1):
        if not _MRZ_LINE.fullmatch(line):
            bad = next(char for char in line if not _MRZ_LINE.fullmatch(char))
            raise MrzFormatError(f"MRZ line {number} has a character that is not allowed: {bad!r}")
    if kind != "TD1" and lines[0][0] == "V":
        kind = "MRVA" if kind == "TD3" else "MRVB"
    reference = today or date.today()
    builder = _Builder(kind, tuple(lines), reference)
    return builder.build()


def _shape_message(lines: list[str]) -> str:
    if not lines:
        return "no MRZ: the text is empty"
    lengths = ", ".join(str(len(line)) for line in lines[:5])
    more = ", ..." if len(lines) > 5 else ""
    return (
        "not an MRZ: expected 2 lines of 44 characters (passport), 2 of 36 or 3 of 30; "
        f"got {len(lines)} line(s) of {lengths}{more} characters"
    )


class _Builder:
    """Collects fields and errors for one MRZ whose shape is already known."""

    def __init__(self, kind: str, lines: tuple[str, ...], today: date) -> None:
        self.kind = kind
        self.lines = lines
        self.today = today
        self.errors: list[str] = []

    def build(self) -> MrzResult:
        if self.kind == "TD1":
            return self._td1()
        return self._two_line()

    def _two_line(self) -> MrzResult:
        top, bottom = self.lines
        width = len(top)
        surname, given = self._names(top[5:])
        overflow = bottom[28:35] if self.kind == "TD2" else ""
        number = self._document_number(bottom[0:9], bottom[9], overflow)
        optional = bottom[28:42] if width == 44 else bottom[28:35]
        if self.kind == "TD3":
            self._check("personal number", optional, bottom[42], allow_filler=True)
        if self.kind in ("TD3", "TD2"):
            composite = bottom[0:10] + bottom[13:20] + bottom[21 : width - 1]
            self._check("composite", composite, bottom[width - 1])
        elif self.kind == "MRVA":
            optional = bottom[28:44]
        else:
            optional = bottom[28:36]
        return self._result(
            surname=surname,
            given_names=given,
            document_number=number,
            nationality=self._state("nationality", bottom[10:13]),
            birth=(bottom[13:19], bottom[19]),
            sex=bottom[20],
            expiry=(bottom[21:27], bottom[27]),
            optional_data=_text(optional),
        )

    def _td1(self) -> MrzResult:
        top, middle, bottom = self.lines
        surname, given = self._names(bottom)
        number = self._document_number(top[5:14], top[14], top[15:30])
        composite = top[5:30] + middle[0:7] + middle[8:15] + middle[18:29]
        self._check("composite", composite, middle[29])
        return self._result(
            surname=surname,
            given_names=given,
            document_number=number,
            nationality=self._state("nationality", middle[15:18]),
            birth=(middle[0:6], middle[6]),
            sex=middle[7],
            expiry=(middle[8:14], middle[14]),
            optional_data=_text(top[15:30]),
            optional_data_2=_text(middle[18:29]),
        )

    def _result(
        self,
        *,
        birth: tuple[str, str],
        expiry: tuple[str, str],
        sex: str,
        **fields: str,
    ) -> MrzResult:
        top = self.lines[0]
        self._check("birth date", birth[0], birth[1])
        self._check("expiry date", expiry[0], expiry[1])
        return MrzResult(
            format=self.kind,
            document_type=_text(top[0:2]),
            issuing_state=self._state("issuing state", top[2:5]),
            birth_date=self._date("birth date", birth[0], past=True),
            sex=self._sex(sex),
            expiry_date=self._date("expiry date", expiry[0], past=False),
            valid=not self.errors,
            errors=self.errors,
            lines=self.lines,
            **fields,
        )

    def _document_number(self, number: str, digit: str, overflow: str) -> str:
        """The document number, following ICAO's overflow into the optional data."""
        if digit == "<" and overflow[:1] not in ("", "<"):
            extension = overflow.split("<", 1)[0]
            full, digit = number + extension[:-1], extension[-1]
            self._check("document number", full, digit)
            return _text(full)
        self._check("document number", number, digit)
        return _text(number)

    def _check(self, name: str, data: str, digit: str, *, allow_filler: bool = False) -> None:
        if allow_filler and digit == "<" and set(data) <= {"<"}:
            return
        expected = check_digit(data)
        if digit != str(expected):
            shown = digit if digit.isdigit() else repr(digit)
            self.errors.append(f"{name} check digit is {shown}, expected {expected}")

    def _names(self, field_text: str) -> tuple[str, str]:
        surname, _, given = field_text.partition("<<")
        if not surname.strip("<"):
            self.errors.append("the name field has no surname")
        if any(char.isdigit() for char in field_text):
            self.errors.append("the name field contains digits")
        return _text(surname), _text(given)

    def _state(self, name: str, code: str) -> str:
        if not re.fullmatch(r"[A-Z]{1,3}<{0,2}", code):
            self.errors.append(f"{name} {code!r} is not a country code")
        return _text(code)

    def _sex(self, char: str) -> str:
        if char in ("M", "F"):
            return char
        if char in ("<", "X"):
            return "X"
        self.errors.append(f"sex {char!r} is not M, F, X or <")
        return "X"

    def _date(self, name: str, digits: str, *, past: bool) -> date | None:
        if not digits.isdigit():
            self.errors.append(f"{name} {digits!r} is not a date (YYMMDD)")
            return None
        yy, month, day = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
        this_year = self.today.year
        if past:
            year = this_year - (this_year - yy) % 100
        else:
            year = this_year - 50 + (yy - (this_year - 50)) % 100
        candidate = _make_date(year, month, day)
        if candidate is not None and past and candidate > self.today:
            candidate = _make_date(year - 100, month, day)
        if candidate is None:
            self.errors.append(f"{name} {digits} is not a possible date")
        return candidate


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _text(raw: str) -> str:
    """Field text with ``<`` fillers as single spaces."""
    return " ".join(raw.replace("<", " ").split())
