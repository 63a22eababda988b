"""The ticket lifecycle table, stages and queue keys."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from queue_protocol import TicketState
from queue_server.domain.errors import IllegalTransitionError
from queue_server.domain.lifecycle import (
    TRANSITIONS,
    LifecycleAction,
    allowed_actions,
    next_stage,
    next_state,
    queue_key,
    split_queue_key,
)

S, A = TicketState, LifecycleAction

EXPECTED = {
    (S.WAITING, A.CALL): S.CALLED,
    (S.CALLED, A.RECALL): S.CALLED,
    (S.CALLED, A.START): S.SERVING,
    (S.CALLED, A.FINISH): S.DONE,
    (S.SERVING, A.FINISH): S.DONE,
    (S.CALLED, A.NO_SHOW): S.NO_SHOW,
    (S.CALLED, A.TRANSFER): S.WAITING,
    (S.SERVING, A.TRANSFER): S.WAITING,
    (S.WAITING, A.TRANSFER): S.WAITING,
    (S.WAITING, A.CANCEL): S.CANCELLED,
    (S.CALLED, A.CANCEL): S.CANCELLED,
    (S.SERVING, A.CANCEL): S.CANCELLED,
    (S.NO_SHOW, A.REQUEUE): S.WAITING,
}


def test_transitions_table_matches_specification() -> None:
    assert dict(TRANSITIONS) == EXPECTED


def test_action_values_are_the_wire_words() -> None:
    assert [a.value for a in LifecycleAction] == [
        "call", "recall", "start", "finish", "no_show", "transfer", "cancel", "requeue"
    ]  # fmt: skip


@given(st.sampled_from(list(TicketState)), st.sampled_from(list(LifecycleAction)))
def test_next_state_any_pair_matches_table_or_raises(
    state: TicketState, action: LifecycleAction
) -> None:
    if (state, action) in EXPECTED:
        assert next_state(state, action) == EXPECTED[(state, action)]
    else:
        with pytest.raises(IllegalTransitionError) as raised:
            next_state(state, action)
        assert raised.value.code == "illegal_transition"
        assert raised.value.message_id != raised.value.message_en


def test_next_state_recall_done_bilingual_message() -> None:
    with pytest.raises(IllegalTransitionError) as raised:
        next_state(S.DONE, A.RECALL)
    assert raised.value.message_id == "Tiket berstatus 'selesai' tidak dapat dipanggil ulang."
    assert raised.value.message_en == "A ticket that is done cannot be recalled."


@pytest.mark.parametrize("state", [S.DONE, S.CANCELLED, S.NO_SHOW])
def test_allowed_actions_final_states_only_requeue_from_no_show(state: TicketState) -> None:
    expected = {A.REQUEUE} if state == S.NO_SHOW else set()
    assert allowed_actions(state) == expected


def test_allowed_actions_waiting_call_transfer_cancel() -> None:
    assert allowed_actions(S.WAITING) == {A.CALL, A.TRANSFER, A.CANCEL}


@settings(max_examples=50)
@given(st.lists(st.sampled_from(list(LifecycleAction)), max_size=12))
def test_next_state_any_action_sequence_stays_in_table(actions: list[LifecycleAction]) -> None:
    state = S.WAITING
    for action in actions:
        try:
            following = next_state(state, action)
        except IllegalTransitionError:
            continue  # refused: the state is unchanged
        assert (state, action) in TRANSITIONS
        state = following
    assert state in TicketState


def test_next_stage_middle_stage_returns_following() -> None:
    assert next_stage(("berkas", "foto"), "berkas") == "foto"


@pytest.mark.parametrize(
    ("stages", "current"),
    [((), None), ((), "berkas"), (("berkas", "foto"), "foto"), (("berkas",), None)],
)
def test_next_stage_no_stages_or_last_returns_none(
    stages: tuple[str, ...], current: str | None
) -> None:
    assert next_stage(stages, current) is None


def test_next_stage_unknown_stage_returns_none() -> None:
    assert next_stage(("berkas", "foto"), "wawancara") is None


@pytest.mark.parametrize(
    ("service", "stage", "key"), [("PB", None, "PB"), ("PB", "berkas", "PB/berkas")]
)
def test_queue_key_round_trips_through_split(service: str, stage: str | None, key: str) -> None:
    assert queue_key(service, stage) == key
    assert split_queue_key(key) == (service, stage)
