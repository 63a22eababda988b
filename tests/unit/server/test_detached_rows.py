"""Row objects built outside any session read and change as the ORM's constructor's do."""

from datetime import UTC, date, datetime

import pytest

from queue_server.storage.models import CounterRow, TicketRow, detached

VALUES = {
    "id": 7,
    "day": date(2026, 11, 29),
    "service": "AP",
    "stage": None,
    "number": "A-007",
    "status": "waiting",
    "ticket_class": "regular",
    "queued_at": datetime(2026, 11, 29, 1, 30, tzinfo=UTC),
}


def test_a_detached_row_reads_as_the_constructor_s() -> None:
    fast, built = detached(TicketRow, VALUES), TicketRow(**VALUES)
    for name in (*VALUES, "counter", "called_at"):  # given columns, and ones left out
        assert getattr(fast, name) == getattr(built, name)


def test_a_detached_row_can_be_changed() -> None:
    row = detached(CounterRow, {"number": 101, "state": "open", "current_ticket_id": None})
    row.current_ticket_id = 7
    assert row.current_ticket_id == 7


def test_a_misspelt_column_is_refused() -> None:
    with pytest.raises(TypeError, match="no column stauts"):
        detached(TicketRow, {**VALUES, "stauts": "called"})
