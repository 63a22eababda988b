"""The people ahead and the wait printed on a ticket, projected from the queue and the
open counters as they are when it is issued, as the office's policy will call them
(AP: counter 7 alone, 3 minutes a visitor; the weights 3:2:1 call a waiting priority
ticket first when no call has been made yet)."""

from queue_protocol import (
    CounterAction,
    PriorityGroup,
    Ticket,
)
from queue_server.services import calling, tickets
from queue_server.services.context import Actor, ActorKind, ServerContext
from tests.support.issuing import issue_walk_in

OFFICER = Actor("petugas", ActorKind.USER)


def _issue(ctx: ServerContext, priority: PriorityGroup | None = None) -> Ticket:
    ticket, created = issue_walk_in(ctx, priority=priority)
    assert created
    return ticket


def _place(ticket: Ticket) -> tuple[int | None, int | None]:
    return ticket.position, ticket.estimated_wait_min


def test_the_people_ahead_include_priority_and_the_wait_follows_them(
    ctx: ServerContext,
) -> None:
    """No counter open yet: the wait assumes AP's one configured counter, free at opening."""
    assert _place(_issue(ctx)) == (0, 0)
    second = _issue(ctx)
    assert _place(second) == (1, 3)  # called when the first one's visit ends
    assert _place(_issue(ctx, PriorityGroup.LANSIA)) == (0, 0)  # called first
    assert _place(_issue(ctx)) == (3, 9)  # the priority ticket is ahead of it
    # Read again, the second ticket has two ahead: the priority ticket came later but goes first.
    assert _place(tickets.ticket_by_id(ctx, second.id)) == (2, 6)


def test_with_nobody_ahead_a_busy_counter_still_means_a_wait(ctx: ServerContext) -> None:
    calling.set_counter_state(ctx, 7, CounterAction.OPEN, OFFICER)
    first = _issue(ctx)
    assert _place(first) == (0, 0)  # counter 7 is open and free

    called = calling.call_next(ctx, 7, OFFICER)
    assert called is not None
    assert called.id == first.id
    assert _place(_issue(ctx)) == (0, 3)  # counter 7 is busy: its visit has just begun
    calling.set_counter_state(ctx, 8, CounterAction.OPEN, OFFICER)  # not an AP counter
    assert _place(_issue(ctx)) == (1, 6)
