"""A visitor's UU PDP rights: `antrean data export` gives everything the office holds on
them as JSON, `antrean data erase` leaves nothing that identifies them; both audited,
neither touching another visitor."""

import json
import stat
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from antrean.cli import main
from queue_protocol import (
    DeviceKind,
    FeedbackRequest,
    IssueTicketRequest,
    Role,
    TicketAction,
    TicketSource,
)
from queue_server.services import (
    admin,
    bookings,
    calling,
    devices,
    feedback,
    ticket_actions,
    tickets,
)
from queue_server.services.context import Actor, ActorKind, ServerContext
from queue_server.settings import Settings
from queue_server.storage.models import BookingRow, EventRow, FeedbackRow, TicketRow

SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
)
PASSPORT = "L898902C3"
APPLICATION = "2026120700042"
OTHER = "2026120700077"
KIOSK = Actor("kiosk-1", ActorKind.DEVICE)
OFFICER = Actor("petugas", ActorKind.USER, role=Role.OFFICER)


@pytest.fixture
def visitors(ctx: ServerContext, tmp_path: Path) -> dict[str, int]:
    """Today: our visitor booked (with their passport), checked in by passport, served at
    counters 1 and 5 and rated the last; another visitor checked in by application number."""
    csv = tmp_path / "bookings.csv"
    day = ctx.today().isoformat()
    csv.write_text(
        "application_number,service,date,slot,passport_number\n"
        f"{APPLICATION},GP,{day},00:00-23:59,{PASSPORT}\n"
        f"{OTHER},GP,{day},00:00-23:59,X7654321\n"
    )
    hasher = lambda number: tickets.passport_hash(ctx, number)  # noqa: E731
    assert bookings.import_bookings(ctx, csv, hasher).added == 2
    ours, _ = tickets.issue_ticket(
        ctx,
        IssueTicketRequest(
            service="GP", source=TicketSource.PASSPORT, mrz=SPECIMEN, client_ref=uuid.uuid4().hex
        ),
        KIOSK,
    )
    theirs, _ = tickets.issue_ticket(
        ctx,
        IssueTicketRequest(
            service="GP",
            source=TicketSource.BOOKING,
            booking_code=OTHER,
            client_ref=uuid.uuid4().hex,
        ),
        KIOSK,
    )
    assert ours.booking_ref == APPLICATION
    called = calling.call_next(ctx, 1, OFFICER)
    assert called is not None
    assert called.id == ours.id
    ticket_actions.act(ctx, ours.id, TicketAction.FINISH, OFFICER)
    interview = calling.call_next(ctx, 5, OFFICER)  # its second stage, photo and interview
    assert interview is not None
    assert interview.id == ours.id
    ticket_actions.act(ctx, ours.id, TicketAction.FINISH, OFFICER)
    devices.issue_token(ctx, "feedback-1", DeviceKind.FEEDBACK, counter=5)  # counter 5's screen
    rating = FeedbackRequest(ticket_id=ours.id, counter=5, answers={1: 4}, client_ref="rating-0001")
    feedback.record_feedback(ctx, rating, Actor("feedback-1", ActorKind.DEVICE))
    return {"ours": ours.id, "theirs": theirs.id}


def _where(settings: Settings) -> list[str]:
    return ["--config", str(settings.office_file), "--database-url", settings.resolved_database_url]


def _export(settings: Settings, tmp_path: Path, *which: str) -> dict[str, Any]:
    output = tmp_path / f"export-{uuid.uuid4().hex[:6]}.json"
    assert main(["data", "export", *which, "--output", str(output), *_where(settings)]) == 0
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    document: dict[str, Any] = json.loads(output.read_text())
    return document


def _privacy_audit(ctx: ServerContext) -> list[tuple[str, str | None, str | None]]:
    return [
        (line.actor, line.action, line.detail) for line in admin.audit(ctx, event_type="privacy")
    ]


def test_export_by_application_number_gives_the_visitor_s_booking_ticket_history_and_rating(
    ctx: ServerContext, visitors: dict[str, int], server_settings: Settings, tmp_path: Path
) -> None:
    document = _export(server_settings, tmp_path, "--application", "2026-1207-00042")
    (booking,) = document["bookings"]
    assert booking["application_number"] == APPLICATION
    assert booking["passport_number"] == "held as a keyed hash"
    (ticket,) = document["tickets"]
    assert booking["ticket"] == ticket["number"]
    assert ticket["stage"] == "wawancara"  # its first stage done, waiting for the second
    assert ticket["status_link"].startswith("http")
    assert ticket["passport_number"] == "held as a keyed hash"
    assert "advance" in [step["action"] for step in ticket["history"]]  # to its next stage
    assert ticket["rating"]["answers"]["u1"] == 4
    assert OTHER not in json.dumps(document)
    assert _privacy_audit(ctx) == [
        (
            "system:command-line",
            "visitor_data_exported",
            "application number · 1 bookings, 1 tickets",
        )
    ]


def test_export_by_passport_number_finds_its_bookings_and_tickets(
    visitors: dict[str, int], server_settings: Settings, tmp_path: Path
) -> None:
    document = _export(server_settings, tmp_path, "--passport", PASSPORT.lower())
    assert [b["application_number"] for b in document["bookings"]] == [APPLICATION]
    assert len(document["tickets"]) == 1
    assert document["found_by"] == "passport number"


def _rows(ctx: ServerContext, model: Any) -> list[Any]:
    with ctx.db.read() as session:
        return list(session.scalars(select(model)))


def test_erase_leaves_nothing_that_identifies_the_visitor_and_nothing_of_another_touched(
    ctx: ServerContext,
    visitors: dict[str, int],
    server_settings: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    where = ["--passport", PASSPORT, *_where(server_settings)]
    assert main(["data", "erase", *where]) == 1  # says what it found, erases nothing
    assert len(_rows(ctx, BookingRow)) == 2
    assert main(["data", "erase", "--yes", *where]) == 0
    assert "erased: 1 bookings, 1 tickets, 1 ratings" in capsys.readouterr().out

    assert [b.application_number for b in _rows(ctx, BookingRow)] == [OTHER]
    tickets_left = {row.id: row for row in _rows(ctx, TicketRow)}
    ours, theirs = tickets_left[visitors["ours"]], tickets_left[visitors["theirs"]]
    assert (ours.passport_hash, ours.status_token, ours.booking_id) == (None, None, None)
    assert ours.issued_at is not None  # still counted in the reports
    assert theirs.status_token is not None
    assert theirs.booking_id is not None
    for event in _rows(ctx, EventRow):
        ticket = event.data.get("ticket") if isinstance(event.data, dict) else None
        if event.ticket_id == ours.id and ticket:
            assert (ticket["booking_ref"], ticket["status_url"]) == (None, None)
    (rating,) = _rows(ctx, FeedbackRow)
    assert (rating.ticket_id, rating.u1) == (None, 4)

    again = _export(server_settings, tmp_path, "--passport", PASSPORT)
    assert (again["bookings"], again["tickets"]) == ([], [])
    assert _export(server_settings, tmp_path, "--application", OTHER)["tickets"]
    actions = [action for _, action, _ in _privacy_audit(ctx)]
    assert actions.count("visitor_data_erased") == 1


@pytest.mark.parametrize(
    ("which", "said"),
    [
        (["--application", "12<>"], "application number has 6-32"),
        (["--passport", "?"], "passport number has 5-20"),
    ],
)
def test_a_malformed_number_is_refused_with_its_reason(
    server_settings: Settings, which: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["data", "export", *which, *_where(server_settings)]) == 2
    assert said in capsys.readouterr().err
