"""Every kind of personal data is purged or anonymised once its period in ``[retention]``
has passed, and not a day before; what is not personal (numbers, times, outcomes,
ratings) stays."""

import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from queue_protocol import (
    DeviceKind,
    FeedbackRequest,
    IssueTicketRequest,
    Role,
    Ticket,
    TicketAction,
    TicketSource,
)
from queue_server.domain.errors import NotFoundError
from queue_server.domain.office import RetentionDef
from queue_server.services import (
    admin,
    auth,
    bookings,
    calling,
    devices,
    feedback,
    retention,
    ticket_actions,
    tickets,
)
from queue_server.services.context import Actor, ActorKind, ServerContext
from queue_server.storage import ticket_store
from queue_server.storage.models import BookingRow, EventRow, FeedbackRow, SessionRow
from tests.support.issuing import issue_walk_in

SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
)
KIOSK = Actor("kiosk-1", ActorKind.DEVICE)
FEEDBACK_SCREEN = Actor("feedback-1", ActorKind.DEVICE)
OFFICER = Actor("petugas", ActorKind.USER, role=Role.OFFICER)
APPLICATION = "2026120700042"
ADDRESS = "10.20.30.40"


@pytest.fixture
def later(ctx: ServerContext) -> Iterator[Callable[[int], dict[str, int]]]:
    """Runs the retention job as it would run ``days`` days from now."""
    real_clock = ctx.clock

    def run(days: int) -> dict[str, int]:
        ctx.clock = lambda: real_clock() + timedelta(days=days)
        return retention.purge(ctx)

    yield run
    ctx.clock = real_clock


def _kept(ctx: ServerContext) -> RetentionDef:
    return ctx.office.retention


def _ticket_events(ctx: ServerContext, ticket_id: int) -> list[dict[str, Any]]:
    with ctx.db.read() as session:
        rows = session.scalars(select(EventRow.data).where(EventRow.ticket_id == ticket_id))
        return [data["ticket"] for data in rows]


def _count(ctx: ServerContext, model: Any) -> int:
    with ctx.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _checked_in(ctx: ServerContext, tmp_path: Any) -> Ticket:
    csv = tmp_path / "bookings.csv"
    csv.write_text(
        "application_number,service,date,slot,passport_number\n"
        f"{APPLICATION},GP,{ctx.today().isoformat()},00:00-23:59,L898902C3\n"
    )
    hasher = lambda number: tickets.passport_hash(ctx, number)  # noqa: E731
    assert bookings.import_bookings(ctx, csv, hasher).added == 1
    request = IssueTicketRequest(
        service="GP",
        source=TicketSource.BOOKING,
        booking_code=APPLICATION,
        client_ref=uuid.uuid4().hex,
    )
    ticket, _ = tickets.issue_ticket(ctx, request, KIOSK)
    assert ticket.booking_ref == APPLICATION
    return ticket


def test_passport_hashes_are_forgotten_after_their_period(
    ctx: ServerContext, later: Callable[[int], dict[str, int]], tmp_path: Any
) -> None:
    booked = _checked_in(ctx, tmp_path)
    request = IssueTicketRequest(
        service="GP",
        source=TicketSource.PASSPORT,
        mrz=SPECIMEN,
        priority_group="ibu_hamil",
        client_ref=uuid.uuid4().hex,
    )
    ticket, _ = tickets.issue_ticket(ctx, request, KIOSK)
    with ctx.db.read() as session:
        assert ticket_store.by_id(session, ticket.id).passport_hash  # type: ignore[union-attr]
    days = _kept(ctx).passport_hashes
    assert later(days - 1)["passport hashes"] == 0
    assert later(days + 1)["passport hashes"] == 2  # the ticket's and the booking's
    with ctx.db.read() as session:
        row = ticket_store.by_id(session, ticket.id)
        assert row is not None
        assert row.passport_hash is None
        assert row.number == ticket.number
        assert ticket_store.by_id(session, booked.id) is not None


def test_application_numbers_are_forgotten_after_their_period(
    ctx: ServerContext, later: Callable[[int], dict[str, int]], tmp_path: Any
) -> None:
    ticket = _checked_in(ctx, tmp_path)
    assert any(event["booking_ref"] == APPLICATION for event in _ticket_events(ctx, ticket.id))
    days = _kept(ctx).application_numbers
    assert later(days - 1)["bookings"] == 0
    counts = later(days + 1)
    assert counts["bookings"] == 1
    assert counts["application numbers in the log"] >= 1
    assert _count(ctx, BookingRow) == 0
    assert all(event["booking_ref"] is None for event in _ticket_events(ctx, ticket.id))
    kept = tickets.ticket_by_id(ctx, ticket.id)
    assert (kept.number, kept.source, kept.booking_ref) == (ticket.number, ticket.source, None)
    assert later(days + 2)["bookings"] == 0  # nothing left to do


def test_status_tokens_stop_working_after_their_period(
    ctx: ServerContext, later: Callable[[int], dict[str, int]]
) -> None:
    ticket, _ = issue_walk_in(ctx)
    assert ticket.status_url is not None
    token = ticket.status_url.rsplit("/", 1)[1]
    days = _kept(ctx).status_tokens
    assert later(days - 1)["status tokens"] == 0
    assert tickets.ticket_by_token(ctx, token).id == ticket.id
    counts = later(days + 1)
    assert counts["status tokens"] == 1
    assert counts["status links in the log"] >= 1
    with pytest.raises(NotFoundError):
        tickets.ticket_by_token(ctx, token)
    assert tickets.ticket_by_id(ctx, ticket.id).status_url is None
    assert all(event["status_url"] is None for event in _ticket_events(ctx, ticket.id))


def _logins(ctx: ServerContext) -> list[admin.AuditLine]:
    return [line for line in admin.audit(ctx, event_type="account") if line.action == "login"]


def test_login_addresses_leave_the_audit_trail_after_their_period(
    ctx: ServerContext, later: Callable[[int], dict[str, int]]
) -> None:
    auth.add_user(ctx, "siti", Role.SUPERVISOR, "rahasia-sekali")
    auth.login(ctx, "siti", "rahasia-sekali", address=ADDRESS)
    days = _kept(ctx).login_addresses
    assert later(days - 1)["login addresses"] == 0
    (logged_in,) = _logins(ctx)
    assert logged_in.detail == ADDRESS
    assert later(days + 1)["login addresses"] == 1
    (logged_in,) = _logins(ctx)
    assert (logged_in.actor, logged_in.detail) == ("siti", None)


def test_sessions_are_deleted_after_their_period(
    ctx: ServerContext, later: Callable[[int], dict[str, int]]
) -> None:
    auth.add_user(ctx, "siti", Role.SUPERVISOR, "rahasia-sekali")
    auth.login(ctx, "siti", "rahasia-sekali", address=ADDRESS)
    days = _kept(ctx).sessions
    assert later(days - 1)["sessions"] == 0  # ended hours after the login, kept since
    assert _count(ctx, SessionRow) == 1
    assert later(days + 1)["sessions"] == 1
    assert _count(ctx, SessionRow) == 0


def test_a_rating_is_unlinked_from_its_ticket_after_its_period(
    ctx: ServerContext, later: Callable[[int], dict[str, int]]
) -> None:
    devices.issue_token(ctx, FEEDBACK_SCREEN.name, DeviceKind.FEEDBACK, counter=7)
    ticket, _ = issue_walk_in(ctx, "AP")
    called = calling.call_next(ctx, 7, OFFICER)
    assert called is not None
    ticket_actions.act(ctx, ticket.id, TicketAction.FINISH, OFFICER)
    rating = FeedbackRequest(
        ticket_id=ticket.id, counter=7, answers={1: 4, 2: 3}, client_ref=uuid.uuid4().hex
    )
    feedback.record_feedback(ctx, rating, FEEDBACK_SCREEN)
    days = _kept(ctx).feedback_links
    assert later(days - 1)["feedback links"] == 0
    assert later(days + 1)["feedback links"] == 1
    with ctx.db.read() as session:
        (row,) = session.scalars(select(FeedbackRow))
        assert (row.ticket_id, row.u1, row.u2, row.counter) == (None, 4, 3, 7)
    # the same rating sent again is still answered, not stored twice
    assert feedback.record_feedback(ctx, rating, FEEDBACK_SCREEN).ticket_id == ticket.id
    assert _count(ctx, FeedbackRow) == 1
