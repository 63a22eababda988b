"""Projected calls: the office's policy replayed forward on the waiting tickets."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from queue_protocol import TicketClass
from queue_server.domain.policy import PolicyConfig, WaitingTicket
from queue_server.domain.projection import (
    HORIZON_MIN,
    ProjectedCounter,
    busy_counter_free_in,
    project_calls,
)

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
R, P, A = TicketClass.REGULAR, TicketClass.PRIORITY, TicketClass.APPOINTMENT


def ticket(
    ticket_id: int, queue: str = "AP", cls: TicketClass = R, ago: float = 0
) -> WaitingTicket:
    return WaitingTicket(ticket_id, queue, cls, NOW - timedelta(minutes=ago), 30)


def project(
    waiting: list[WaitingTicket],
    counters: list[ProjectedCounter],
    *,
    strategy: str = "fifo",
    means: dict[str, float] | None = None,
    arrivals: dict[tuple[str, TicketClass], float] | None = None,
) -> dict[int, tuple[float, int]]:
    calls = project_calls(
        waiting,
        counters,
        PolicyConfig(strategy=strategy),
        now=NOW,
        recent_classes=(),
        mean_minutes=lambda queue: (means or {}).get(queue, 4.0),
        sla_minutes=lambda _queue: 30,
        arrivals_per_min=arrivals or {},
    )
    return {i: (round(c.minutes, 6), c.ahead) for i, c in calls.items()}


def test_projection_one_counter_calls_in_order_one_visit_apart() -> None:
    calls = project(
        [ticket(1, ago=3), ticket(2, ago=2), ticket(3)], [ProjectedCounter(7, ("AP",), 1.0)]
    )
    assert calls == {1: (1.0, 0), 2: (5.0, 1), 3: (9.0, 2)}


def test_projection_counters_shared_by_queues_count_the_other_queue() -> None:
    # Counter 1 serves both queues: the IN visitor who came first takes 10 minutes of it.
    calls = project(
        [ticket(1, "IN", ago=5), ticket(2, "AP")],
        [ProjectedCounter(1, ("AP", "IN"), 0.0)],
        means={"IN": 10.0},
    )
    assert calls == {1: (0.0, 0), 2: (10.0, 0)}


def test_projection_priority_goes_first_by_the_weights() -> None:
    calls = project([ticket(1, ago=5), ticket(2, cls=P)], [ProjectedCounter(7, ("AP",), 0.0)])
    assert calls == {2: (0.0, 0), 1: (4.0, 1)}


def test_projection_expected_priority_arrivals_go_ahead_of_a_regular_ticket() -> None:
    waiting = [ticket(1, ago=1), ticket(2)]
    counters = [ProjectedCounter(7, ("AP",), 4.0)]
    plain = project(waiting, counters)
    busy = project(waiting, counters, arrivals={("AP", P): 1 / 4})
    assert busy[2][0] > plain[2][0]
    assert busy[2][1] == plain[2][1] == 1  # people ahead: only tickets waiting now


def test_projection_counter_on_its_break_calls_when_back() -> None:
    calls = project(
        [ticket(1), ticket(2)], [ProjectedCounter(7, ("AP",), 2.0, away=((3.0, 60.0),))]
    )
    assert calls == {1: (2.0, 0), 2: (60.0, 1)}


def test_projection_no_counter_for_the_queue_reports_the_horizon() -> None:
    calls = project([ticket(1, "IT")], [ProjectedCounter(7, ("AP",), 0.0)])
    assert calls == {1: (HORIZON_MIN, 0)}


def test_busy_counter_over_its_mean_is_free_soon_not_now() -> None:
    assert busy_counter_free_in(10.0, 4.0) == 6.0
    assert busy_counter_free_in(10.0, 25.0) == 2.0


@given(
    st.lists(st.tuples(st.sampled_from(["AP", "IN"]), st.sampled_from([R, P, A])), max_size=30),
    st.integers(1, 4),
    st.sampled_from(["fifo", "sla_aware", "ordered"]),
)
def test_projection_everyone_placed_never_negative_ahead_within_queue(
    specs: list[tuple[str, TicketClass]], counters: int, strategy: str
) -> None:
    waiting = [ticket(i, q, c, ago=len(specs) - i) for i, (q, c) in enumerate(specs)]
    calls = project(
        waiting,
        [
            ProjectedCounter(n, ("AP", "IN") if n % 2 else ("IN", "AP"), 0.0)
            for n in range(counters)
        ],
        strategy=strategy,
    )
    assert set(calls) == {t.id for t in waiting}
    for t in waiting:
        minutes, ahead = calls[t.id]
        assert minutes >= 0
        assert 0 <= ahead < sum(1 for other in waiting if other.queue == t.queue)
