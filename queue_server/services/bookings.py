"""M-Paspor bookings: importing the day's list, and finding a booking at check-in."""

import csv
import io
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from queue_server.domain.booking_window import CheckInWindow, check_in_decision
from queue_server.domain.errors import BookingRejectedError, InvalidRequestError
from queue_server.services.booking_codes import decode_booking_code, public_key_from_text
from queue_server.services.context import ServerContext
from queue_server.services.transaction import Tx
from queue_server.storage import booking_store
from queue_server.storage.models import BookingRow

REQUIRED = ("application_number", "service", "date")
REFUSED = "booking_refused"  # the one answer to a plain number that cannot check in

log = logging.getLogger(__name__)

PassportHasher = Callable[[str], str]
"""``hasher(document_number) -> keyed hash``; the number itself is never stored."""


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    errors: list[str]


def import_bookings(ctx: ServerContext, path: Path, hasher: PassportHasher) -> ImportResult:
    """Load a CSV or JSON file of bookings. Bad rows are reported by line; good ones kept."""
    text = path.read_text(encoding="utf-8-sig")
    records = _read_records(path, text)
    added = updated = 0
    errors: list[str] = []
    with ctx.db.write() as session:
        for line, record in records:
            try:
                row = _to_row(ctx, record, hasher)
            except (InvalidRequestError, ValueError) as error:
                errors.append(f"{path.name}: record {line}: {error}")
                continue
            if booking_store.upsert_booking(session, row):
                added += 1
            else:
                updated += 1
    return ImportResult(added=added, updated=updated, errors=errors)


def _read_records(path: Path, text: str) -> list[tuple[int, Mapping[str, object]]]:
    if path.suffix.lower() == ".json":
        data = json.loads(text)
        items = data.get("bookings", []) if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise InvalidRequestError(
                message_en=f"{path}: expected a list of bookings",
                message_id=f"{path}: seharusnya daftar booking",
            )
        return [(index + 1, item) for index, item in enumerate(items) if isinstance(item, dict)]
    reader = csv.DictReader(io.StringIO(text))
    return [(index + 2, row) for index, row in enumerate(reader)]


def _to_row(ctx: ServerContext, record: Mapping[str, object], hasher: PassportHasher) -> BookingRow:
    values = {key.strip().lower(): str(value).strip() for key, value in record.items() if value}
    missing = [key for key in REQUIRED if not values.get(key)]
    if missing:
        raise InvalidRequestError(
            message_en=f"missing {', '.join(missing)}",
            message_id=f"tidak ada {', '.join(missing)}",
        )
    service = ctx.office.service(values["service"].upper())
    if service is None or not service.booking:
        raise InvalidRequestError(
            message_en=f"service {values['service']!r} takes no bookings here",
            message_id=f"layanan {values['service']!r} tidak menerima booking di sini",
        )
    day = date.fromisoformat(values["date"])
    start, end = _slot(ctx, values)
    passport = values.get("passport_number")
    return BookingRow(
        application_number=values["application_number"].replace("-", "").upper(),
        service=service.code,
        day=day,
        slot_start=datetime.combine(day, start, ctx.zone),
        slot_end=datetime.combine(day, end, ctx.zone),
        session=values.get("session"),
        passport_hash=hasher(passport) if passport else None,
        imported_at=ctx.now(),
    )


def _slot(ctx: ServerContext, values: Mapping[str, str]) -> tuple[time, time]:
    if values.get("slot"):
        first, _, last = values["slot"].replace(".", ":").partition("-")
        return time.fromisoformat(first.strip()), time.fromisoformat(last.strip())
    session = values.get("session", "").lower()
    sessions = ctx.office.bookings.sessions
    if session not in sessions:
        known = ", ".join(sessions)
        raise InvalidRequestError(
            message_en=f"session {session!r} unknown; use a slot like 09:00-10:00 or one of "
            f"{known}",
            message_id=f"sesi {session!r} tidak dikenal; pakai jam seperti 09:00-10:00 atau salah "
            f"satu dari {known}",
        )
    return sessions[session]


def find_for_check_in(tx: Tx, code: str) -> BookingRow:
    """The booking behind a scanned or typed code, if today is its day and it is on time.

    Only a signed code proves that the booking is the visitor's own: it alone is told
    why it cannot check in (another day, too early, too late). A plain application
    number, which anyone can type, gets one refusal whether its booking is unknown, of
    another day or outside its window, so that the kiosk reveals nothing of other
    people's bookings; and none at all when the office requires signed codes."""
    rules = tx.ctx.office.bookings
    key_text = rules.token_public_key
    decoded = decode_booking_code(code, public_key_from_text(key_text) if key_text else None)
    if rules.require_signed and not decoded.signed:
        raise _refused("unsigned")
    today = tx.ctx.today()
    booking = booking_store.booking(tx.session, decoded.application_number, today, for_update=True)
    if booking is None:
        detailed = _not_today(tx, decoded.application_number, today)
        raise detailed if decoded.signed else _refused(detailed.code)
    if booking.ticket_id is None:
        try:
            _check_window(tx, booking)
        except BookingRejectedError as detailed:
            if decoded.signed:
                raise
            raise _refused(detailed.code) from None
    return booking


def _refused(reason: str) -> BookingRejectedError:
    """The one refusal of a plain application number (``reason`` goes to the log only)."""
    log.info("booking check-in refused: %s", reason)
    return BookingRejectedError(
        message_en="This booking code cannot be used to check in now. Please scan the QR code on "
        "your M-Paspor payment proof, or ask at the information desk.",
        message_id="Kode booking ini tidak dapat dipakai untuk check-in saat ini. Silakan pindai "
        "kode QR pada bukti pembayaran M-Paspor, atau tanyakan di meja informasi.",
        code=REFUSED,
    )


def find_for_offline_check_in(tx: Tx, code: str, *, day: date, at: datetime) -> BookingRow:
    """The booking a kiosk checked in while it could not reach this server, on ``day`` at
    ``at`` (the kiosk's issue time, already bounded by its lease).

    Only a signed code can have been checked offline: the kiosk verified its signature,
    and it is verified again here. The booking must be of ``day`` and on time at ``at``,
    as a live check-in then would have been. Whether it is checked in already is the
    caller's question (the booking's row is locked for it)."""
    rules = tx.ctx.office.bookings
    key_text = rules.token_public_key
    decoded = decode_booking_code(code, public_key_from_text(key_text) if key_text else None)
    if not decoded.signed:
        raise BookingRejectedError(
            message_en="A typed application number cannot be checked in offline.",
            message_id="Nomor permohonan yang diketik tidak dapat diproses saat luring.",
            code="offline_booking",
        )
    booking = booking_store.booking(tx.session, decoded.application_number, day, for_update=True)
    if booking is None:
        raise _not_today(tx, decoded.application_number, day)
    if booking.ticket_id is None:
        _check_window(tx, booking, at)
    return booking


def find_by_passport(tx: Tx, passport_hash: str) -> BookingRow | None:
    booking = booking_store.booking_by_passport(
        tx.session, passport_hash, tx.ctx.today(), for_update=True
    )
    if booking is not None and booking.ticket_id is None:
        _check_window(tx, booking)
    return booking


def _check_window(tx: Tx, booking: BookingRow, at: datetime | None = None) -> None:
    """On time at ``at`` (None: now), or refused with the window's reason."""
    rules = tx.ctx.office.bookings
    decision = check_in_decision(
        slot_start=tx.ctx.local(booking.slot_start),
        slot_end=tx.ctx.local(booking.slot_end),
        now=tx.ctx.local(tx.ctx.now() if at is None else at),
        window=CheckInWindow(
            early_minutes=rules.early_minutes,
            late_minutes=rules.late_minutes,
            late_action=rules.late_action,
        ),
    )
    if decision.outcome != "on_time":
        raise BookingRejectedError(
            message_en=decision.message_en,
            message_id=decision.message_id,
            code=f"booking_{decision.outcome}",
        )


def _not_today(tx: Tx, application_number: str, today: date) -> BookingRejectedError:
    others = booking_store.bookings_of(tx.session, application_number)
    later = [b for b in others if b.day > today]
    if later:
        day = later[0].day
        return BookingRejectedError(
            message_en=f"Your booking is for {day:%d %B %Y}. Please come back on that day.",
            message_id=f"Booking Anda untuk tanggal {day:%d-%m-%Y}. Silakan datang pada tanggal "
            "tersebut.",
            code="booking_too_early",
        )
    if others:
        return BookingRejectedError(
            message_en="Your booking date has passed. Please reschedule in the M-Paspor app.",
            message_id="Tanggal booking Anda sudah lewat. Silakan jadwalkan ulang di aplikasi "
            "M-Paspor.",
            code="booking_too_late",
        )
    return BookingRejectedError(
        message_en="This application number is not in today's bookings. Please check the number "
        "or ask at the information desk.",
        message_id="Nomor permohonan ini tidak ada dalam daftar booking hari ini. Periksa kembali "
        "nomornya atau tanyakan di meja informasi.",
        code="booking_not_found",
    )
