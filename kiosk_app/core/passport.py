"""What the kiosk learns from a passport's MRZ before it asks the server.

The MRZ is parsed on the kiosk (``queue_protocol.mrz.parse_mrz``, pure) to answer a
misread at once with what failed, and to know the holder's age (priority
service from the office's minimum age, ``DEFAULT_SENIOR_AGE`` until the server has
said it) and whether the passport has expired. Nothing from it is
shown, logged or kept: only the raw text goes to the server, which hashes the
document number.
"""

from dataclasses import dataclass, field
from datetime import date

from kiosk_app.core.outcomes import Failure
from kiosk_app.core.texts import TEXTS
from queue_protocol import LocalizedText
from queue_protocol.mrz import MrzFormatError, parse_mrz

DEFAULT_SENIOR_AGE = 60  # the usual minimum age of lansia; the office may set another

# Field names of the parser's error sentences, in Indonesian.
_FIELDS_ID = {
    "document number": "nomor paspor",
    "birth date": "tanggal lahir",
    "expiry date": "tanggal habis berlaku",
    "personal number": "nomor pribadi",
    "composite": "angka periksa gabungan",
    "nationality": "kewarganegaraan",
    "issuing state": "negara penerbit",
    "sex": "jenis kelamin",
    "the name field": "kolom nama",
}
_FIELDS_EN = {key: key for key in _FIELDS_ID} | {"composite": "overall check digit"}


@dataclass(frozen=True)
class PassportCheck:
    """A readable passport (``mrz`` set) or a misread (``failure`` set)."""

    mrz: str | None = field(repr=False)  # never in logs: it holds a name and a number
    age: int | None = None
    expiry: date | None = None
    expired: bool = False
    failure: Failure | None = None

    def senior(self, minimum_age: int = DEFAULT_SENIOR_AGE) -> bool:
        """The holder may have priority service as a senior (lansia) from ``minimum_age``."""
        return self.age is not None and self.age >= minimum_age


def check_passport(text: str, today: date) -> PassportCheck:
    """Parse and validate an MRZ read at the kiosk."""
    try:
        result = parse_mrz(text, today=today)
    except MrzFormatError:
        return _misread(["format"])
    if not result.valid:
        return _misread(result.errors)
    age = result.age_on(today) if result.birth_date else None
    return PassportCheck(
        mrz=text,
        age=age,
        expiry=result.expiry_date,
        expired=result.is_expired(today),
    )


def _misread(errors: list[str]) -> PassportCheck:
    names_id: list[str] = []
    names_en: list[str] = []
    for error in errors:
        field = next((name for name in _FIELDS_ID if error.startswith(name)), None)
        if field is None:
            names_id.append("bentuk baris MRZ")
            names_en.append("the shape of the MRZ lines")
        else:
            names_id.append(_FIELDS_ID[field])
            names_en.append(_FIELDS_EN[field])
    detail_id, detail_en = TEXTS["passport_misread_detail"]
    message_id, message_en = TEXTS["passport_misread"]
    unique_id = ", ".join(dict.fromkeys(names_id))
    unique_en = ", ".join(dict.fromkeys(names_en))
    return PassportCheck(
        mrz=None,
        failure=Failure(
            "mrz_misread",
            LocalizedText(id=message_id, en=message_en),
            LocalizedText(
                id=detail_id.format(detail=unique_id), en=detail_en.format(detail=unique_en)
            ),
        ),
    )
