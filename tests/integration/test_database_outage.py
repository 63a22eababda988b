"""The database fails under a running server: SQLite's disk is full, PostgreSQL refuses
every connection. Each request gets a clear 503 that a kiosk (issue from the lease)
and a console (show it) can act on, never a bare 500; nothing acknowledged is lost;
and the server serves again, by itself, once the database is back."""

import uuid

import httpx

from queue_protocol import IssueTicketRequest, TicketSource, TicketState
from queue_protocol.client import QueueClient, ServerUnavailableError
from tests.support.database_outages import database_down
from tests.support.live_server import ThreadServer

TRIES = 500  # issues until a full disk has no room left for one more


def _walk_in() -> IssueTicketRequest:
    return IssueTicketRequest(
        service="AP", source=TicketSource.WALK_IN, client_ref=uuid.uuid4().hex
    )


def test_a_failing_database_gets_a_clear_503_and_loses_nothing(api_server: ThreadServer) -> None:
    token = api_server.device_token("kiosk")
    with QueueClient(api_server.url, token) as kiosk:
        acknowledged = [kiosk.issue_ticket(_walk_in())]
        refused: ServerUnavailableError | None = None
        with database_down(api_server):
            for _ in range(TRIES):
                try:
                    acknowledged.append(kiosk.issue_ticket(_walk_in()))
                except ServerUnavailableError as error:
                    refused = error
                    break
            raw = httpx.post(
                f"{api_server.url}/api/v1/tickets",
                json=_walk_in().model_dump(mode="json", exclude_none=True),
                headers={"Authorization": f"Bearer {token}"},
            )

        assert refused is not None, f"{TRIES} tickets issued on a database that was down"
        assert (refused.status, refused.error) == (503, "database_unavailable")
        assert "petugas TI" in refused.message
        assert "call IT" in refused.message_en
        assert raw.status_code == 503
        assert raw.headers["Retry-After"] == "5"
        assert raw.json()["error"] == "database_unavailable"

        after = kiosk.issue_ticket(_walk_in())  # the database is back: served again
        assert after.status == TicketState.WAITING
        for ticket in acknowledged:
            assert kiosk.ticket(ticket.id).number == ticket.number
