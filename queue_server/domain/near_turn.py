"""When the visitor's status page says "almost your turn": a waiting ticket with
``near_turn_ahead`` people ahead of it or fewer (the page's script applies the same rule
to what it is sent)."""

from queue_protocol import TicketState


def is_near_turn(status: TicketState, ahead: int | None, near_turn_ahead: int) -> bool:
    return status == TicketState.WAITING and ahead is not None and ahead <= near_turn_ahead
