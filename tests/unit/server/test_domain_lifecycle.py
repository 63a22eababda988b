"""The lifecycle table, numbering and the office day."""

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_protocol import TicketState
from queue_server.domain.errors import IllegalTransitionError, InvalidRequestError
from queue_server.domain.lifecycle import (
    TRANSITIONS,
    LifecycleAction,
    next_stage,
    next_state,
    queue_key,
    split_queue_key,
)
from queue_server.domain.numbering import format_number, office_zone, parse_number, service_day


@given(st.sampled_from(list(TicketState)), st.sampled_from(list(LifecycleAction)))
def test_next_state_matches_table_or_refuses(state: TicketState, action: LifecycleAction) -> None:
    if (state, action) in TRANSITIONS:
        assert next_state(state, action) == TRANSITIONS[(state, action)]
    else:
        with pytest.raises(IllegalTransitionError) as caught:
            next_state(state, action)
        assert caught.value.message_id
        assert caught.value.message_en


@given(st.lists(st.sampled_from(list(LifecycleAction)), max_size=30))
def test_lifecycle_final_states_only_leave_by_requeue(actions: list[LifecycleAction]) -> None:
    state = TicketState.WAITING
    for action in actions:
        try:
            following = next_state(state, action)
        except IllegalTransitionError:
            continue
        if state in (TicketState.DONE, TicketState.CANCELLED):
            pytest.fail(f"left {state} by {action}")
        if state == TicketState.NO_SHOW:
            assert action == LifecycleAction.REQUEUE
        state = following


def test_illegal_transition_message_is_bilingual() -> None:
    with pytest.raises(IllegalTransitionError) as caught:
        next_state(TicketState.DONE, LifecycleAction.RECALL)
    assert caught.value.message_en == "A ticket that is done cannot be recalled."
    assert caught.value.message_id == "Tiket berstatus 'selesai' tidak dapat dipanggil ulang."


def test_next_stage_walks_stages_then_ends() -> None:
    stages = ("berkas", "wawancara")
    assert next_stage(stages, "berkas") == "wawancara"
    assert next_stage(stages, "wawancara") is None
    assert next_stage((), None) is None
    assert split_queue_key(queue_key("PB", "berkas")) == ("PB", "berkas")
    assert split_queue_key(queue_key("AP", None)) == ("AP", None)


@given(st.from_regex(r"[A-Z]{1,2}", fullmatch=True), st.integers(1, 99999), st.integers(1, 5))
def test_number_format_parse_round_trip(prefix: str, sequence: int, padding: int) -> None:
    number = format_number(prefix, sequence, padding)
    assert parse_number(number) == (prefix, sequence)
    assert len(number) >= len(prefix) + padding


@given(st.sets(st.integers(1, 5000), min_size=2, max_size=50))
def test_numbers_unique_per_sequence(sequences: set[int]) -> None:
    numbers = {format_number("A", n) for n in sequences}
    assert len(numbers) == len(sequences)


def test_format_number_examples() -> None:
    assert format_number("A", 12) == "A012"
    assert format_number("A", 1000) == "A1000"
    with pytest.raises(InvalidRequestError):
        parse_number("12A")


@pytest.mark.parametrize(
    ("zone", "utc_hour", "expected_day"),
    [
        ("WIB", 16, 1),  # 23:00 WIB on the 1st
        ("WIB", 17, 2),  # 00:00 WIB on the 2nd
        ("WITA", 15, 1),
        ("WITA", 16, 2),
        ("WIT", 14, 1),
        ("WIT", 15, 2),
    ],
)
def test_service_day_turns_at_local_midnight(zone: str, utc_hour: int, expected_day: int) -> None:
    at = datetime(2026, 12, 1, utc_hour, 0, tzinfo=UTC)
    assert service_day(at, office_zone(zone)).day == expected_day


def test_office_zone_refuses_unknown() -> None:
    with pytest.raises(InvalidRequestError):
        office_zone("Mars/Olympus")
