"""SKM answers from the feedback screen, and device faults raised to staff."""

from datetime import datetime

from queue_protocol import (
    DeviceFaultReport,
    EventType,
    FeedbackReply,
    FeedbackRequest,
    LocalizedText,
    TicketState,
)
from queue_server.domain.errors import DomainError, InvalidRequestError, NotFoundError
from queue_server.services.context import Actor, ServerContext
from queue_server.services.devices import counter_of
from queue_server.services.ticket_view import to_ticket
from queue_server.services.transaction import write
from queue_server.storage import record_store, ticket_store
from queue_server.storage.models import AnnouncementRow, DeviceFaultRow, FeedbackRow, TicketRow

ELEMENTS = range(1, 10)


def record_feedback(ctx: ServerContext, request: FeedbackRequest, actor: Actor) -> FeedbackReply:
    """Ratings for a ticket finished at the screen's own counter (the one it was added
    for; the counter in the request is not believed), once per ticket; the same
    ``client_ref`` again (a screen sending what it kept while the server was away)
    answers the rating recorded the first time."""
    unknown = sorted(set(request.answers) - set(ELEMENTS))
    if unknown:
        raise InvalidRequestError(
            message_en=f"SKM has elements 1-9, not {unknown}.",
            message_id=f"SKM memiliki unsur 1-9, bukan {unknown}.",
        )
    counter = counter_of(ctx, actor)
    if counter is None:
        raise DomainError(
            message_en="This feedback screen belongs to no counter: add it again with its counter "
            "('antrean device add NAME --kind feedback --counter N').",
            message_id="Layar survei ini tidak terpasang pada loket mana pun: daftarkan lagi "
            "dengan nomor loketnya ('antrean device add NAMA --kind feedback --counter N').",
            code="counter_required",
        )
    with write(ctx, actor) as tx:
        existing = record_store.feedback_by_ref(tx.session, request.client_ref)
        if existing is not None:
            return _reply(existing, request.ticket_id)
        ticket = ticket_store.by_id(tx.session, request.ticket_id)
        if ticket is None or (ticket.status, ticket.counter) != (TicketState.DONE, counter):
            # the same answer for a ticket that does not exist: no probing of ids
            raise NotFoundError(
                message_en=f"Ticket {request.ticket_id} was not finished at counter {counter}.",
                message_id=f"Tiket {request.ticket_id} tidak selesai dilayani di loket {counter}.",
                code="not_finished_here",
            )
        if record_store.feedback_for_ticket(tx.session, ticket.id) is not None:
            raise DomainError(
                message_en="This ticket has been rated already. Thank you!",
                message_id="Tiket ini sudah dinilai. Terima kasih!",
                code="already_rated",
            )
        row = FeedbackRow(
            ticket_id=ticket.id,
            day=ticket.day,
            service=ticket.service,
            counter=counter,
            officer=ticket.officer,
            language=request.language.value,
            client_ref=request.client_ref,
            created_at=_answered_at(ctx.now(), request, ticket),
            **{f"u{element}": request.answers.get(element) for element in ELEMENTS},
        )
        record_store.add(tx.session, row)
        return _reply(row, ticket.id)


def _answered_at(now: datetime, request: FeedbackRequest, ticket: TicketRow) -> datetime:
    """When the visitor answered: the screen's word (a rating kept on the screen while the
    server was away arrives later), held between the ticket's end and now, so a screen's
    wrong clock moves a rating no further than that."""
    if request.answered_at is None:
        return now
    finished = ticket.finished_at or now
    return min(max(request.answered_at, finished), now)


def _reply(row: FeedbackRow, ticket_id: int) -> FeedbackReply:
    """``ticket_id`` as asked: the row's link to its ticket may have been purged."""
    answered = sum(getattr(row, f"u{element}") is not None for element in ELEMENTS)
    return FeedbackReply(id=row.id, ticket_id=ticket_id, answered=answered)


def report_fault(ctx: ServerContext, report: DeviceFaultReport, actor: Actor) -> int:
    """Record a kiosk's printer fault; staff see it with a reprint button."""
    with write(ctx, actor) as tx:
        if report.state in ("ok", "ready"):
            record_store.resolve_faults(tx.session, actor.name, ctx.now())
            return 0
        row = DeviceFaultRow(
            device_name=actor.name,
            device=report.device,
            state=report.state,
            message=report.message,
            ticket_id=report.ticket_id,
            at=ctx.now(),
        )
        record_store.add(tx.session, row)
        ticket = ticket_store.by_id(tx.session, report.ticket_id) if report.ticket_id else None
        tx.emit(
            EventType.TICKET_UPDATED if ticket else EventType.ANNOUNCEMENT,
            ticket=to_ticket(ctx, tx.session, ticket) if ticket else None,
            action="print_failed",
            extra=None
            if ticket
            else {
                "text": {
                    "id": f"Gangguan {actor.name}: {report.state}",
                    "en": f"{actor.name} fault: {report.state}",
                }
            },
        )
        return row.id


def resolve_fault(ctx: ServerContext, fault_id: int, actor: Actor) -> None:
    with write(ctx, actor) as tx:
        row = record_store.fault(tx.session, fault_id)
        if row is None:
            raise NotFoundError(
                message_en=f"No fault {fault_id}.", message_id=f"Gangguan {fault_id} tidak ada."
            )
        row.resolved_at = ctx.now()


def announce(ctx: ServerContext, text: LocalizedText, actor: Actor) -> int:
    """A running-text line for the displays, pushed at once and kept until withdrawn."""
    with write(ctx, actor) as tx:
        row = AnnouncementRow(text_id=text.id, text_en=text.en, active=True, created_at=ctx.now())
        record_store.add(tx.session, row)
        tx.emit(EventType.ANNOUNCEMENT, extra={"text": text.model_dump()})
        tx.queue_touched = True
        return row.id


def active_announcements(ctx: ServerContext) -> list[tuple[int, LocalizedText, datetime]]:
    """The running-text lines the displays show now: (id, text, when posted), oldest first."""
    with ctx.db.read() as session:
        return [
            (row.id, LocalizedText(id=row.text_id, en=row.text_en), row.created_at)
            for row in record_store.active_announcements(session)
        ]


def withdraw_announcement(ctx: ServerContext, announcement_id: int, actor: Actor) -> None:
    with write(ctx, actor) as tx:
        row = record_store.announcement(tx.session, announcement_id)
        if row is None:
            raise NotFoundError(
                message_en=f"No announcement {announcement_id}.",
                message_id=f"Pengumuman {announcement_id} tidak ada.",
            )
        row.active = False
        tx.queue_touched = True
