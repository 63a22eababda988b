"""The call policy: eligibility, order within a class, and no class starving."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from queue_protocol import TicketClass
from queue_server.domain.errors import InvalidRequestError
from queue_server.domain.policy import (
    CallContext,
    PolicyConfig,
    WaitingTicket,
    choose_next,
    history_window,
    starvation_bound,
)

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
QUEUES = ("PB/berkas", "GP/berkas")


def ticket(
    n: int, cls: TicketClass, minutes_ago: int, queue: str = "PB/berkas", sla: int = 30
) -> WaitingTicket:
    return WaitingTicket(n, queue, cls, NOW - timedelta(minutes=minutes_ago), sla)


def test_choose_next_only_counter_queues() -> None:
    waiting = [ticket(1, TicketClass.REGULAR, 50, queue="AP"), ticket(2, TicketClass.REGULAR, 5)]
    chosen = choose_next(waiting, CallContext(QUEUES, NOW), PolicyConfig())
    assert chosen is not None
    assert chosen.id == 2
    assert choose_next(waiting[:1], CallContext(QUEUES, NOW), PolicyConfig()) is None


def test_fifo_oldest_first_within_class() -> None:
    waiting = [ticket(1, TicketClass.REGULAR, 5), ticket(2, TicketClass.REGULAR, 9, "GP/berkas")]
    assert choose_next(waiting, CallContext(QUEUES, NOW), PolicyConfig()).id == 2  # type: ignore[union-attr]


def test_sla_aware_prefers_ticket_nearest_its_target() -> None:
    waiting = [
        ticket(1, TicketClass.REGULAR, 20, sla=60),
        ticket(2, TicketClass.REGULAR, 15, "GP/berkas", sla=15),
    ]
    config = PolicyConfig(strategy="sla_aware")
    assert choose_next(waiting, CallContext(QUEUES, NOW), config).id == 2  # type: ignore[union-attr]


def test_ordered_serves_first_queue_first() -> None:
    waiting = [ticket(1, TicketClass.REGULAR, 50, "GP/berkas"), ticket(2, TicketClass.REGULAR, 1)]
    config = PolicyConfig(strategy="ordered")
    assert choose_next(waiting, CallContext(QUEUES, NOW), config).id == 2  # type: ignore[union-attr]


def test_priority_first_when_history_empty() -> None:
    waiting = [ticket(1, TicketClass.REGULAR, 50), ticket(2, TicketClass.PRIORITY, 1)]
    assert choose_next(waiting, CallContext(QUEUES, NOW), PolicyConfig()).id == 2  # type: ignore[union-attr]


def test_unknown_strategy_refused() -> None:
    with pytest.raises(InvalidRequestError):
        choose_next(
            [ticket(1, TicketClass.REGULAR, 1)],
            CallContext(QUEUES, NOW),
            PolicyConfig(strategy="random"),
        )


weights = st.fixed_dictionaries({c: st.integers(1, 5) for c in TicketClass})


@settings(max_examples=200, deadline=None)
@given(
    weights,
    st.sampled_from(["fifo", "sla_aware", "ordered"]),
    st.lists(
        st.tuples(st.sampled_from(list(TicketClass)), st.sampled_from(QUEUES)),
        min_size=1,
        max_size=60,
    ),
)
def test_no_class_starves_under_any_arrival_order(
    class_weights: dict[TicketClass, int],
    strategy: str,
    arrivals: list[tuple[TicketClass, str]],
) -> None:
    """Every class that keeps waiting is served within the bound, calls are always eligible,
    and within a class and queue, fifo never skips an older ticket."""
    config = PolicyConfig(strategy=strategy, class_weights=class_weights)
    bound = starvation_bound(config)
    waiting = [ticket(i, cls, 200 - i, queue) for i, (cls, queue) in enumerate(arrivals)]
    history: list[TicketClass] = []
    since_served = dict.fromkeys(TicketClass, 0)
    while waiting:
        context = CallContext(QUEUES, NOW, tuple(history[-history_window(config) :]))
        chosen = choose_next(waiting, context, config)
        assert chosen is not None
        assert chosen in waiting
        if strategy == "fifo":
            same = [
                t
                for t in waiting
                if t.ticket_class == chosen.ticket_class and t.queue == chosen.queue
            ]
            assert chosen.queued_at == min(t.queued_at for t in same)
        waiting.remove(chosen)
        history.append(chosen.ticket_class)
        for cls in TicketClass:
            since_served[cls] = 0 if cls == chosen.ticket_class else since_served[cls] + 1
            if any(t.ticket_class == cls for t in waiting):
                assert since_served[cls] <= bound, (cls, history)
            else:
                since_served[cls] = 0


def test_weights_give_expected_share_when_all_wait() -> None:
    config = PolicyConfig(
        class_weights={TicketClass.PRIORITY: 3, TicketClass.APPOINTMENT: 2, TicketClass.REGULAR: 1}
    )
    waiting = [ticket(i, cls, 500 - i) for i in range(0, 300, 3) for cls in TicketClass]
    waiting = [
        WaitingTicket(n, t.queue, t.ticket_class, t.queued_at, 30) for n, t in enumerate(waiting)
    ]
    history: list[TicketClass] = []
    for _ in range(60):
        chosen = choose_next(
            waiting, CallContext(QUEUES, NOW, tuple(history[-history_window(config) :])), config
        )
        assert chosen is not None
        waiting.remove(chosen)
        history.append(chosen.ticket_class)
    # 3:2:1 of 60 calls, give or take one round's edge where the replayed window slides.
    assert abs(history.count(TicketClass.PRIORITY) - 30) <= 2
    assert abs(history.count(TicketClass.APPOINTMENT) - 20) <= 2
    assert abs(history.count(TicketClass.REGULAR) - 10) <= 2
    assert "".join(c.value[0] for c in history[:12]) == "paprappaprap"
