"""Fixtures of the integration tests."""

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from antrean.cli import main
from queue_server.server import open_context
from queue_server.services.context import ServerContext
from queue_server.settings import Settings
from tests.support.booking_office import Clock, office_text_with_key
from tests.support.live_server import ThreadServer, seed
from tests.support.office import always_open_office_text, write_office


@pytest.fixture
def ctx(server_settings: Settings) -> Iterator[ServerContext]:
    """The server's context as a server process opens it, on every backend under test."""
    context = open_context(server_settings)
    yield context
    context.db.dispose()


@pytest.fixture
def booking_server(server_settings: Settings, tmp_path: Path, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """The server on 1 December 2026, 09:30 in Jakarta, with the day's bookings; with
    ``require_signed`` as the test's parameter says (default false)."""
    text = office_text_with_key(always_open_office_text())
    if getattr(request, "param", False):
        text = text.replace("require_signed = false", "require_signed = true")
    settings = replace(server_settings, office_file=write_office(tmp_path, text=text))
    jakarta = ZoneInfo("Asia/Jakarta")
    clock = Clock(datetime(2026, 12, 1, 9, 30, tzinfo=jakarta).astimezone(UTC))
    server = ThreadServer(settings=settings, tokens=seed(settings), clock=clock)
    csv = tmp_path / "bookings.csv"
    csv.write_text(
        "application_number,service,date,session,slot,passport_number\n"
        "1234567890123456,PB,2026-12-01,pagi,,X1234567\n"
        "2222333344445555,GP,2026-12-01,,13:00-14:00,\n"
        "3333444455556666,GP,2026-12-01,,09:00-10:00,L898902C3\n"
        "9999888877776666,PB,2026-12-02,pagi,,\n"
        "1111000011110000,PB,2026-11-28,pagi,,\n"
        "bad-row,ZZ,2026-12-01,pagi,,\n",
        encoding="utf-8",
    )
    code = main(
        [
            "bookings",
            "import",
            str(csv),
            "--config",
            str(settings.office_file),
            "--database-url",
            settings.resolved_database_url,
        ]
    )
    assert code == 1  # one row refused, the rest loaded
    server.start()
    yield server, clock
    server.stop()
