"""``antrean device test mrz URL``: read one passport and validate its MRZ."""

from typing import TextIO

from hardware.mrz.base import MrzReaderError
from hardware.mrz.serial_reader import SerialMrzReader
from queue_protocol.mrz import MrzFormatError, MrzResult, parse_mrz

EXIT_OK, EXIT_BAD_READ, EXIT_DEVICE = 0, 1, 2


def mask_document_number(number: str) -> str:
    """The document number with all but its first two and last character hidden."""
    if len(number) <= 3:
        return "*" * len(number)
    return number[:2] + "*" * (len(number) - 3) + number[-1]


def run_check(url: str, *, timeout: float, out: TextIO) -> int:
    """Open the reader at ``url``, read one document within ``timeout`` s, show its fields.

    Returns 0 for a valid MRZ, 1 when none came or it did not validate, 2 when the
    device is unusable. The document number is partly masked; names are shown
    because the technician holds the passport.
    """
    reader = SerialMrzReader(url)
    try:
        reader.open()
        out.write(f"MRZ reader at {url}: open, put a passport on it within {timeout:g} s\n")
        out.flush()
        text = reader.read_mrz(timeout)
    except MrzReaderError as error:
        out.write(f"{error}\n")
        return EXIT_DEVICE
    finally:
        reader.close()
    if text is None:
        out.write(f"MRZ reader at {url}: no document within {timeout:g} s\n")
        return EXIT_BAD_READ
    try:
        result = parse_mrz(text)
    except MrzFormatError as error:
        out.write(f"MRZ reader at {url}: the reader sent something that is not an MRZ: {error}\n")
        return EXIT_BAD_READ
    _show(result, out)
    if not result.valid:
        out.write(f"MRZ reader at {url}: read, but invalid: {'; '.join(result.errors)}\n")
        return EXIT_BAD_READ
    out.write(f"MRZ reader at {url}: OK, {result.format} read and all check digits correct\n")
    return EXIT_OK


def _show(result: MrzResult, out: TextIO) -> None:
    rows = (
        ("format", result.format),
        ("document type", result.document_type),
        ("issuing state", result.issuing_state),
        ("document number", mask_document_number(result.document_number)),
        ("surname", result.surname),
        ("given names", result.given_names),
        ("nationality", result.nationality),
        ("birth date", str(result.birth_date or "invalid")),
        ("sex", result.sex),
        ("expiry date", str(result.expiry_date or "invalid")),
    )
    for label, value in rows:
        out.write(f"  {label:<16} {value}\n")
