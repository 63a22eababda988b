"""Call policy: which waiting ticket a counter calls next.

A pure function of the waiting tickets, the counter (its queues), the clock
and the classes of the latest calls. First the CLASS is chosen by weighted
interleaving, then a ticket of that class by the named strategy.

Interleaving is smooth weighted round-robin (weights w_c, T = sum of weights),
its credits rebuilt by replaying the latest calls: each call adds w_c to every
class's credit and takes T from the class served; the class with waiting
tickets and the most credit goes next (ties: priority, appointment, regular).
With every class waiting, a round of T calls serves each class exactly w_c
times, interleaved (P A P R A P for 3:2:1). No-starvation bound, checked by a
property test: a class that keeps waiting tickets is served at least once every
T + (number of classes - 1) calls, whatever arrives.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from queue_protocol import TicketClass
from queue_server.domain.errors import InvalidRequestError

PRECEDENCE = (TicketClass.PRIORITY, TicketClass.APPOINTMENT, TicketClass.REGULAR)
DEFAULT_WEIGHTS: Mapping[TicketClass, int] = MappingProxyType(
    {TicketClass.PRIORITY: 3, TicketClass.APPOINTMENT: 2, TicketClass.REGULAR: 1}
)


@dataclass(frozen=True)
class WaitingTicket:
    id: int
    queue: str
    ticket_class: TicketClass
    queued_at: datetime
    sla_minutes: int


@dataclass(frozen=True)
class CallContext:
    queues: tuple[str, ...]  # the counter's queues in its order of preference
    now: datetime
    recent_classes: tuple[TicketClass, ...] = ()  # latest calls' classes, oldest first


@dataclass(frozen=True)
class PolicyConfig:
    strategy: str = "fifo"
    class_weights: Mapping[TicketClass, int] = field(default_factory=lambda: DEFAULT_WEIGHTS)

    @property
    def total_weight(self) -> int:
        return sum(self.class_weights.get(c, 1) for c in PRECEDENCE)


Strategy = Callable[[Sequence[WaitingTicket], CallContext], WaitingTicket]


def starvation_bound(config: PolicyConfig) -> int:
    """The most consecutive calls a class with waiting tickets can go without one."""
    return config.total_weight + len(PRECEDENCE) - 1


def history_window(config: PolicyConfig) -> int:
    """How many recent call classes ``choose_next`` replays: whole rounds of T calls, so
    a steady interleaving replays to zero credit and continues where it was."""
    return 4 * config.total_weight


def choose_next(
    waiting: Sequence[WaitingTicket], context: CallContext, config: PolicyConfig
) -> WaitingTicket | None:
    strategy = STRATEGIES.get(config.strategy)
    if strategy is None:
        raise InvalidRequestError(
            f"Unknown call strategy {config.strategy!r}; use one of {', '.join(STRATEGIES)}.",
            f"Strategi panggilan {config.strategy!r} tidak dikenal.",
        )
    eligible = [ticket for ticket in waiting if ticket.queue in context.queues]
    if not eligible:
        return None
    classes = {ticket.ticket_class for ticket in eligible}
    chosen_class = choose_class(classes, context.recent_classes, config)
    return strategy([t for t in eligible if t.ticket_class == chosen_class], context)


def choose_class(
    classes: set[TicketClass], recent: Sequence[TicketClass], config: PolicyConfig
) -> TicketClass:
    """The class to serve now among those with waiting tickets (see the module docstring)."""
    weight = {c: config.class_weights.get(c, 1) for c in PRECEDENCE}
    credit = class_credit(recent, weight)
    return max(
        (c for c in PRECEDENCE if c in classes),
        key=lambda c: (credit[c] + weight[c], -PRECEDENCE.index(c)),
    )


def class_credit(
    recent: Sequence[TicketClass], weight: Mapping[TicketClass, int]
) -> dict[TicketClass, int]:
    """Smooth weighted round-robin credit after replaying the recent calls: every call gives
    each class its weight and takes the total weight from the class served."""
    total = sum(weight.values())
    credit = dict.fromkeys(PRECEDENCE, 0)
    for served in recent:
        for c in PRECEDENCE:
            credit[c] += weight[c]
        credit[served] -= total
    return credit


def _fifo(tickets: Sequence[WaitingTicket], context: CallContext) -> WaitingTicket:
    return min(tickets, key=lambda t: (t.queued_at, context.queues.index(t.queue), t.id))


def _sla_aware(tickets: Sequence[WaitingTicket], context: CallContext) -> WaitingTicket:
    """The ticket furthest into (or past) its SLA target; ties go first in, first out."""

    def urgency(ticket: WaitingTicket) -> float:
        waited = (context.now - ticket.queued_at).total_seconds() / 60
        return waited / max(ticket.sla_minutes, 1)

    most = max(urgency(t) for t in tickets)
    return _fifo([t for t in tickets if urgency(t) >= most - 1e-9], context)


def _ordered(tickets: Sequence[WaitingTicket], context: CallContext) -> WaitingTicket:
    first_queue = min(context.queues.index(t.queue) for t in tickets)
    return _fifo([t for t in tickets if context.queues.index(t.queue) == first_queue], context)


STRATEGIES: Mapping[str, Strategy] = MappingProxyType(
    {"fifo": _fifo, "sla_aware": _sla_aware, "ordered": _ordered}
)
