"""The call policy: eligibility, the strategies, and no class starving under any arrivals."""

import itertools
from collections import deque
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from queue_protocol import TicketClass
from queue_server.domain.errors import InvalidRequestError
from queue_server.domain.policy import (
    PRECEDENCE,
    STRATEGIES,
    CallContext,
    PolicyConfig,
    WaitingTicket,
    choose_class,
    choose_next,
    history_window,
    starvation_bound,
)

P, A, R = TicketClass.PRIORITY, TicketClass.APPOINTMENT, TicketClass.REGULAR
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
QUEUES = ("PB/berkas", "GP/berkas")
OTHER_QUEUE = "AP"  # waiting tickets another counter serves


def ticket(
    n: int, cls: TicketClass, minutes_ago: float, queue: str = "PB/berkas", sla: int = 30
) -> WaitingTicket:
    return WaitingTicket(n, queue, cls, NOW - timedelta(minutes=minutes_ago), sla)


def call(waiting: list[WaitingTicket], config: PolicyConfig | None = None) -> int | None:
    chosen = choose_next(waiting, CallContext(QUEUES, NOW), config or PolicyConfig())
    return None if chosen is None else chosen.id


def test_choose_next_other_queues_only_returns_none() -> None:
    assert call([ticket(1, R, 50, queue=OTHER_QUEUE)]) is None
    assert call([]) is None


def test_choose_next_skips_tickets_of_other_queues() -> None:
    assert call([ticket(1, P, 50, queue=OTHER_QUEUE), ticket(2, R, 5)]) == 2


def test_fifo_oldest_across_counter_queues_first() -> None:
    assert call([ticket(1, R, 5), ticket(2, R, 9, "GP/berkas")]) == 2


def test_fifo_same_time_ties_by_queue_preference_then_id() -> None:
    assert call([ticket(3, R, 5, "GP/berkas"), ticket(4, R, 5), ticket(2, R, 5)]) == 2


def test_sla_aware_ticket_furthest_into_target_first() -> None:
    # 20 of 60 minutes (0.33) against 15 of 15 (1.0).
    waiting = [ticket(1, R, 20, sla=60), ticket(2, R, 15, "GP/berkas", sla=15)]
    assert call(waiting, PolicyConfig(strategy="sla_aware")) == 2
    assert call(waiting, PolicyConfig(strategy="fifo")) == 1


def test_sla_aware_equal_urgency_falls_back_to_fifo() -> None:
    waiting = [ticket(1, R, 10, sla=20), ticket(2, R, 30, "GP/berkas", sla=60)]
    assert call(waiting, PolicyConfig(strategy="sla_aware")) == 2


def test_ordered_first_queue_before_older_second_queue() -> None:
    waiting = [ticket(1, R, 50, "GP/berkas"), ticket(2, R, 1), ticket(3, R, 2)]
    assert call(waiting, PolicyConfig(strategy="ordered")) == 3


def test_choose_next_empty_history_calls_priority_first() -> None:
    assert call([ticket(1, R, 50), ticket(2, A, 40), ticket(3, P, 1)]) == 3


def test_choose_next_unknown_strategy_raises_invalid_request() -> None:
    with pytest.raises(InvalidRequestError, match="random"):
        call([ticket(1, R, 1)], PolicyConfig(strategy="random"))


def test_choose_next_zero_weight_raises_invalid_request() -> None:
    config = PolicyConfig(class_weights={P: 3, A: 0, R: 1})
    with pytest.raises(InvalidRequestError, match="at least 1"):
        call([ticket(1, R, 1)], config)


def test_history_window_is_one_round() -> None:
    assert history_window(PolicyConfig()) == 6
    assert starvation_bound(PolicyConfig()) == 5  # T - w_regular
    assert starvation_bound(PolicyConfig(), P) == 3


def test_choose_class_all_waiting_serves_exact_weights_interleaved() -> None:
    config = PolicyConfig(class_weights={P: 3, A: 2, R: 1})
    history: list[TicketClass] = []
    for _ in range(60):
        history.append(choose_class({P, A, R}, history[-history_window(config) :], config))
    assert (history.count(P), history.count(A), history.count(R)) == (30, 20, 10)
    assert "".join(c.value[0] for c in history[:12]) == "parpapparpap"


def test_choose_class_returning_class_gets_at_most_its_weight_in_a_row() -> None:
    # Regular was alone for a while; priority arrives and must not lock regular out.
    config = PolicyConfig(class_weights={P: 3, A: 2, R: 1})
    history = [R] * 6
    for _ in range(4):
        history.append(choose_class({P, R}, history[-6:], config))
    assert history[6:] == [P, P, P, R]


def _skip_runs(config: PolicyConfig) -> dict[TicketClass, int]:
    """Exhaustive: every sequence of "which classes have waiting tickets" at each call.

    The policy sees only the last ``history_window`` calls, so (that history, the current
    skip run of each class) is the whole state; search all states reachable from an empty
    history and return the longest run of calls each class was passed over while waiting.
    """
    window = history_window(config)
    presences = [frozenset(s) for k in (1, 2, 3) for s in itertools.combinations(PRECEDENCE, k)]
    start: tuple[tuple[TicketClass, ...], tuple[int, ...]] = ((), (0, 0, 0))
    seen, todo = {start}, deque([start])
    worst = dict.fromkeys(PRECEDENCE, 0)
    while todo:
        history, runs = todo.popleft()
        for present in presences:
            chosen = choose_class(set(present), history, config)
            assert chosen in present
            new_runs = tuple(
                run + 1 if c in present and c != chosen else 0
                for c, run in zip(PRECEDENCE, runs, strict=True)
            )
            for c, run in zip(PRECEDENCE, new_runs, strict=True):
                worst[c] = max(worst[c], run)
            state = ((*history, chosen)[-window:], new_runs)
            if state not in seen:
                seen.add(state)
                todo.append(state)
    return worst


@pytest.mark.parametrize("weights", [(1, 1, 1), (2, 1, 1), (1, 1, 2), (2, 2, 1), (3, 2, 1)])
def test_choose_class_every_presence_sequence_meets_starvation_bound_exactly(
    weights: tuple[int, int, int],
) -> None:
    config = PolicyConfig(class_weights=dict(zip(PRECEDENCE, weights, strict=True)))
    worst = _skip_runs(config)
    # The bound T - w_c is reached (it is tight) and never passed; T itself never is.
    assert worst == {c: starvation_bound(config, c) for c in PRECEDENCE}
    assert max(worst.values()) < config.total_weight


weights_strategy = st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5)).map(
    lambda w: dict(zip(PRECEDENCE, w, strict=True))
)
# Each step: tickets arriving (class, queue) before the next call.
arrival_steps = st.lists(
    st.lists(
        st.tuples(st.sampled_from(PRECEDENCE), st.sampled_from((*QUEUES, OTHER_QUEUE))),
        max_size=3,
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=100, deadline=None)
@given(weights_strategy, st.sampled_from(sorted(STRATEGIES)), arrival_steps, st.integers(1, 120))
def test_choose_next_simulated_arrivals_keep_policy_invariants(
    class_weights: dict[TicketClass, int],
    strategy: str,
    steps: list[list[tuple[TicketClass, str]]],
    sla: int,
) -> None:
    """Over many calls with tickets arriving in any order: the call is eligible and
    waiting, deterministic, fifo never skips an older ticket of its class in its queue,
    and no waiting class is passed over more than ``T - w_c`` (< ``T``) calls in a row."""
    config = PolicyConfig(strategy=strategy, class_weights=class_weights)
    waiting: list[WaitingTicket] = []
    history: list[TicketClass] = []
    passed_over = dict.fromkeys(PRECEDENCE, 0)
    next_id = 1
    for minute, arrivals in enumerate(steps):
        for cls, queue in arrivals:
            waiting.append(ticket(next_id, cls, -minute, queue, sla))
            next_id += 1
        context = CallContext(QUEUES, NOW + timedelta(minutes=minute), tuple(history[-50:]))
        chosen = choose_next(waiting, context, config)
        present = {t.ticket_class for t in waiting if t.queue in QUEUES}
        if chosen is None:
            assert not present
            continue
        assert chosen in waiting
        assert chosen.queue in QUEUES
        assert choose_next(list(reversed(waiting)), context, config) == chosen
        if strategy == "fifo":
            same = [
                t
                for t in waiting
                if (t.ticket_class, t.queue) == (chosen.ticket_class, chosen.queue)
            ]
            assert chosen.queued_at == min(t.queued_at for t in same)
        waiting.remove(chosen)
        history.append(chosen.ticket_class)
        for c in PRECEDENCE:
            passed_over[c] = passed_over[c] + 1 if c in present and c != chosen.ticket_class else 0
            assert passed_over[c] <= starvation_bound(config, c) < config.total_weight
