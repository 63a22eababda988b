"""Sample inputs for the demo's simulated devices and the tests.

The passports are made up (ICAO's fictional state "UTO"), built with correct
check digits relative to ``today``: a holder aged 65, one aged 30, an expired
passport, and a garbled read. Their names are placeholders and are never shown.
"""

from dataclasses import dataclass
from datetime import date

from queue_protocol.mrz import check_digit


def _yymmdd(day: date) -> str:
    return f"{day:%y%m%d}"


def make_td3(*, number: str, birth: date, expiry: date, sex: str = "F") -> str:
    """A valid passport MRZ (TD3, 2 x 44) with the given dates."""
    top = "P<UTOSAMPLE<<VISITOR".ljust(44, "<")
    doc = number.ljust(9, "<")[:9]
    parts = [doc + str(check_digit(doc)), "UTO"]
    parts.append(_yymmdd(birth) + str(check_digit(_yymmdd(birth))))
    parts.append(sex)
    parts.append(_yymmdd(expiry) + str(check_digit(_yymmdd(expiry))))
    personal = "<" * 14
    parts.append(personal + "<")
    body = "".join(parts)
    composite = body[0:10] + body[13:20] + body[21:43]
    return f"{top}\n{body}{check_digit(composite)}"


def _years_before(today: date, years: int) -> date:
    return today.replace(year=today.year - years, day=min(today.day, 28))


@dataclass(frozen=True)
class SamplePassports:
    """The demo's passports for ``today``."""

    senior: str
    adult: str
    expired: str
    garbled: str

    @classmethod
    def for_day(cls, today: date) -> "SamplePassports":
        valid_until = today.replace(year=today.year + 5, day=min(today.day, 28))
        adult = make_td3(number="X1234567", birth=_years_before(today, 30), expiry=valid_until)
        garbled = adult.replace("X1234567", "X1Z34567", 1)  # a misread digit: check fails
        return cls(
            senior=make_td3(number="S6500001", birth=_years_before(today, 65), expiry=valid_until),
            adult=adult,
            expired=make_td3(
                number="E0000001",
                birth=_years_before(today, 40),
                expiry=_years_before(today, 1),
            ),
            garbled=garbled,
        )
