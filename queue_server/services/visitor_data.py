"""A visitor's rights under UU PDP 27/2022: to see what the office holds on them, and to
have it erased. A visitor is found by application number (their bookings and the tickets
they checked in with) or by passport number (its keyed hash, on bookings and tickets).

Export gives every row about them as JSON. Erasure deletes their bookings and leaves
their tickets as numbers, services and times only: no passport hash, status link or
booking, events without the visitor's fields, ratings without the link to them; the
reports stay right. Both are audited (type ``privacy``) by who asked and how much was
found, never by the number asked about.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from queue_server.domain import passport
from queue_server.domain.errors import InvalidRequestError
from queue_server.services.booking_codes import APPLICATION_NUMBER
from queue_server.services.context import Actor, ServerContext
from queue_server.services.ticket_view import status_url
from queue_server.storage import event_store, visitor_store
from queue_server.storage.models import BookingRow, EventRow, FeedbackRow, TicketRow
from queue_server.storage.record_store import PRIVACY_EVENT
from queue_server.storage.visitor_store import VisitorRows

PASSPORT_NUMBER = re.compile(r"^[0-9A-Z]{5,20}$")
ELEMENTS = range(1, 10)


@dataclass(frozen=True)
class VisitorQuery:
    """Who is asked about: ``kind`` is ``application`` or ``passport``; ``number`` as
    normalised."""

    kind: str
    number: str

    @classmethod
    def of(
        cls, *, application: str | None = None, passport_number: str | None = None
    ) -> "VisitorQuery":
        """Raises ``InvalidRequestError`` unless exactly one well-formed number is given."""
        if (application is None) == (passport_number is None):
            raise InvalidRequestError(
                message_en="Give an application number or a passport number (one of them).",
                message_id="Isi nomor permohonan atau nomor paspor (salah satu).",
            )
        if application is not None:
            number = re.sub(r"[\s-]", "", application).upper()
            if not APPLICATION_NUMBER.fullmatch(number):
                raise InvalidRequestError(
                    message_en="An application number has 6-32 letters and digits.",
                    message_id="Nomor permohonan terdiri dari 6-32 huruf dan angka.",
                )
            return cls("application", number)
        number = passport.normalized_number(passport_number or "")
        if not PASSPORT_NUMBER.fullmatch(number):
            raise InvalidRequestError(
                message_en="A passport number has 5-20 letters and digits.",
                message_id="Nomor paspor terdiri dari 5-20 huruf dan angka.",
            )
        return cls("passport", number)

    @property
    def subject(self) -> str:
        """What the audit trail says was asked about (never the number)."""
        return f"{self.kind} number"


@dataclass(frozen=True)
class Erasure:
    bookings: int
    tickets: int
    ratings: int

    def summary(self) -> str:
        return f"{self.bookings} bookings, {self.tickets} tickets, {self.ratings} ratings"


def _find(ctx: ServerContext, session: Any, query: VisitorQuery) -> VisitorRows:
    if query.kind == "application":
        return visitor_store.find(session, application_number=query.number)
    return visitor_store.find(
        session, passport_hash=passport.passport_hash(ctx.passport_key, query.number)
    )


def export(ctx: ServerContext, query: VisitorQuery, *, by: Actor) -> dict[str, Any]:
    """Everything the office holds on the visitor, as JSON-ready data."""
    with ctx.db.write() as session:
        rows = _find(ctx, session, query)
        document = _document(ctx, query, rows)
        summary = f"{len(rows.bookings)} bookings, {len(rows.tickets)} tickets"
        _audit(ctx, session, by, "visitor_data_exported", query, summary)
    return document


def erase(ctx: ServerContext, query: VisitorQuery, *, by: Actor) -> Erasure:
    """Removes what identifies the visitor (see the module's docstring)."""
    with ctx.db.write() as session:
        rows = _find(ctx, session, query)
        erased = Erasure(len(rows.bookings), len(rows.tickets), len(rows.feedback))
        visitor_store.erase(
            session,
            ticket_ids=[ticket.id for ticket in rows.tickets],
            booking_ids=[booking.id for booking in rows.bookings],
        )
        _audit(ctx, session, by, "visitor_data_erased", query, erased.summary())
    return erased


def _audit(
    ctx: ServerContext, session: Any, by: Actor, action: str, query: VisitorQuery, summary: str
) -> None:
    event_store.append(
        session,
        type=PRIVACY_EVENT,
        at=ctx.now(),
        actor=by.label,
        action=action,
        data={"subject": query.subject, "summary": summary},
    )


def _document(ctx: ServerContext, query: VisitorQuery, rows: VisitorRows) -> dict[str, Any]:
    numbers = {ticket.id: ticket.number for ticket in rows.tickets}
    return {
        "office": {"id": ctx.office.office.id, "name": ctx.office.office.name},
        "exported_at": _time(ctx, ctx.now()),
        "found_by": query.subject,
        "bookings": [_booking(ctx, booking, numbers) for booking in rows.bookings],
        "tickets": [_ticket(ctx, ticket, rows) for ticket in rows.tickets],
        "retention_days": ctx.office.retention.model_dump(),
    }


def _time(ctx: ServerContext, at: datetime | None) -> str | None:
    return ctx.local(at).isoformat() if at else None


def _booking(ctx: ServerContext, row: BookingRow, numbers: dict[int, str]) -> dict[str, Any]:
    return {
        "application_number": row.application_number,
        "service": row.service,
        "day": row.day.isoformat(),
        "session": row.session,
        "slot_start": _time(ctx, row.slot_start),
        "slot_end": _time(ctx, row.slot_end),
        "passport_number": "held as a keyed hash" if row.passport_hash else None,
        "ticket": numbers.get(row.ticket_id) if row.ticket_id else None,
        "imported_at": _time(ctx, row.imported_at),
    }


def _ticket(ctx: ServerContext, row: TicketRow, rows: VisitorRows) -> dict[str, Any]:
    return {
        "number": row.number,
        "day": row.day.isoformat(),
        "service": row.service,
        "stage": row.stage,
        "status": row.status,
        "class": row.ticket_class,
        "source": row.source,
        "priority_group": row.priority_group,
        "language": row.language,
        "issued_at": _time(ctx, row.issued_at),
        "called_at": _time(ctx, row.called_at),
        "started_at": _time(ctx, row.started_at),
        "finished_at": _time(ctx, row.finished_at),
        "counter": row.counter,
        "status_link": status_url(ctx, row),
        "passport_number": "held as a keyed hash" if row.passport_hash else None,
        "history": [_event(ctx, event) for event in rows.events if event.ticket_id == row.id],
        "rating": next(
            (_rating(rating) for rating in rows.feedback if rating.ticket_id == row.id), None
        ),
    }


def _event(ctx: ServerContext, row: EventRow) -> dict[str, Any]:
    return {
        "at": _time(ctx, row.at),
        "event": row.type,
        "action": row.action,
        "counter": row.counter,
    }


def _rating(row: FeedbackRow) -> dict[str, Any]:
    answers = {f"u{element}": getattr(row, f"u{element}") for element in ELEMENTS}
    return {"day": row.day.isoformat(), "answers": answers}
