"""Numbers are unique per service and day, whatever mix of issues and leases happens."""

import tempfile
import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queue_protocol import IssueTicketRequest, LeaseRequest, TicketSource
from queue_server.server import open_context
from queue_server.services import leases, tickets
from queue_server.services.context import Actor, ActorKind
from queue_server.settings import Settings
from tests.support.office import write_office

KIOSK = Actor("kiosk-1", ActorKind.DEVICE)
operations = st.lists(
    st.tuples(
        st.sampled_from(["issue", "lease"]), st.sampled_from(["AP", "IN", "IT"]), st.integers(1, 4)
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_numbers_unique_per_service_and_day(steps: list[tuple[str, str, int]]) -> None:
    with tempfile.TemporaryDirectory() as temp:
        directory = Path(temp)
        ctx = open_context(
            Settings(
                data_dir=directory,
                office_file=write_office(directory),
                database_url=f"sqlite:///{directory / 'p.sqlite3'}",
                advertise=False,
            )
        )
        seen: dict[str, set[str]] = {}
        try:
            for kind, service, count in steps:
                if kind == "issue":
                    request = IssueTicketRequest(
                        service=service, source=TicketSource.WALK_IN, client_ref=uuid.uuid4().hex
                    )
                    numbers = [tickets.issue_ticket(ctx, request, KIOSK)[0].number]
                else:
                    request_lease = LeaseRequest(service=service, count=count)
                    numbers = leases.grant_lease(ctx, request_lease, KIOSK).numbers
                for number in numbers:
                    assert number not in seen.setdefault(service, set())
                    seen[service].add(number)
        finally:
            ctx.db.dispose()
