"""Passport hashes are forgotten after the retention period; ticket facts stay."""

import uuid
from datetime import timedelta

from queue_protocol import IssueTicketRequest, TicketSource
from queue_server.server import open_context
from queue_server.services import retention, tickets
from queue_server.services.context import Actor, ActorKind
from queue_server.settings import Settings
from queue_server.storage import ticket_store

SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
)


def test_purge_forgets_passport_hash_after_retention(server_settings: Settings) -> None:
    ctx = open_context(server_settings)
    kiosk = Actor("kiosk-1", ActorKind.DEVICE)
    try:
        request = IssueTicketRequest(
            service="GP",
            source=TicketSource.PASSPORT,
            mrz=SPECIMEN,
            priority_group="ibu_hamil",
            client_ref=uuid.uuid4().hex,
        )
        ticket, _ = tickets.issue_ticket(ctx, request, kiosk)
        with ctx.db.read() as session:
            assert ticket_store.by_id(session, ticket.id).passport_hash  # type: ignore[union-attr]
        assert retention.purge(ctx)["tickets"] == 0  # still within the retention period
        real_clock = ctx.clock
        ctx.clock = lambda: real_clock() + timedelta(days=ctx.office.office.retention_days + 1)
        assert retention.purge(ctx)["tickets"] == 1
        with ctx.db.read() as session:
            row = ticket_store.by_id(session, ticket.id)
            assert row is not None
            assert row.passport_hash is None
            assert row.number == ticket.number
    finally:
        ctx.db.dispose()
