"""Call policy: which waiting ticket a counter calls next.

A pure function of the waiting tickets, the counter (its queues in order of
preference), the clock and the classes of the office's latest calls. First the
CLASS is chosen by weighted interleaving, then a ticket of that class by the
named strategy (``fifo``, ``sla_aware`` or ``ordered``).

Interleaving. Class ``c`` has weight ``w_c >= 1``; ``T`` is the sum of the
weights. Every ``T`` consecutive calls owe class ``c`` its ``w_c`` calls. The
class "lag" is how many calls ago its ``w_c``-th most recent call was (past the
history window counts as "longer ago than anything"); among the classes with an
eligible ticket, the one with the largest lag goes next. Ties go to the class
called least recently, then to priority, appointment, regular. With every
class waiting this serves exactly ``w_c`` of every ``T`` calls, interleaved
(``P A R P A P`` for 3:2:1).

No-starvation bound: a class with waiting tickets is passed over at most
``T - w_c`` consecutive calls (so never ``T``), whatever arrives. Proof: say
``c`` is passed over at calls ``1..k``. Its lag at call ``j`` is at least
``j + w_c``, so the class ``d`` served at call ``j`` has a lag at least that:
its ``w_d``-th latest call lies before call 1, i.e. ``d`` had fewer than
``w_d`` calls in ``1..j-1``. So each ``d != c`` is served at most ``w_d`` times
in ``1..k`` and ``k <= T - w_c``. This needs a history of at least ``T`` calls
(``history_window``) and holds for a run of calls that could all have served
``c`` (one counter, or counters sharing the same queues); the history is the
office's, so counters with other queues only make ``c`` look more overdue.
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
    """A ticket in state ``waiting``, as the policy sees it."""

    id: int
    queue: str
    ticket_class: TicketClass
    queued_at: datetime
    sla_minutes: int


@dataclass(frozen=True)
class CallContext:
    """The calling counter and the moment of the call."""

    queues: tuple[str, ...]  # the counter's queues in its order of preference
    now: datetime
    recent_classes: tuple[TicketClass, ...] = ()  # latest calls' classes, oldest first


@dataclass(frozen=True)
class PolicyConfig:
    """The office's call policy: a strategy name and the class weights (missing class = 1)."""

    strategy: str = "fifo"
    class_weights: Mapping[TicketClass, int] = field(default_factory=lambda: DEFAULT_WEIGHTS)

    def weight(self, ticket_class: TicketClass) -> int:
        """The weight of a class; refuses a weight under 1, which would starve it."""
        value = self.class_weights.get(ticket_class, 1)
        if value < 1:
            raise InvalidRequestError(
                message_en=f"The weight of class {ticket_class.value!r} must be at least 1, got "
                f"{value}.",
                message_id=f"Bobot kelas {ticket_class.value!r} harus minimal 1, bukan {value}.",
            )
        return value

    @property
    def total_weight(self) -> int:
        """``T``: the length of one interleaving round."""
        return sum(self.weight(c) for c in PRECEDENCE)


Strategy = Callable[[Sequence[WaitingTicket], CallContext], WaitingTicket]


def starvation_bound(config: PolicyConfig, ticket_class: TicketClass | None = None) -> int:
    """Most consecutive calls that pass over a class with waiting tickets: ``T - w_c``
    for one class, the largest of those without one (always under ``T``)."""
    classes = PRECEDENCE if ticket_class is None else (ticket_class,)
    return max(config.total_weight - config.weight(c) for c in classes)


def history_window(config: PolicyConfig) -> int:
    """How many of the latest call classes ``choose_next`` needs: one round of ``T`` calls
    is what the no-starvation proof uses; more would change nothing but the ties."""
    return config.total_weight


def choose_next(
    waiting: Sequence[WaitingTicket], context: CallContext, config: PolicyConfig
) -> WaitingTicket | None:
    """The ticket the counter calls next, or None when none of its queues has one.

    Raises:
        InvalidRequestError: unknown strategy or a class weight under 1.
    """
    strategy = STRATEGIES.get(config.strategy)
    if strategy is None:
        raise InvalidRequestError(
            message_en=f"Unknown call strategy {config.strategy!r}; use one of "
            f"{', '.join(STRATEGIES)}.",
            message_id=f"Strategi panggilan {config.strategy!r} tidak dikenal; gunakan salah satu "
            f"dari {', '.join(STRATEGIES)}.",
        )
    served = set(context.queues)
    eligible = [ticket for ticket in waiting if ticket.queue in served]
    if not eligible:
        return None
    classes = {ticket.ticket_class for ticket in eligible}
    chosen_class = choose_class(classes, context.recent_classes, config)
    return strategy([t for t in eligible if t.ticket_class == chosen_class], context)


def choose_class(
    classes: set[TicketClass], recent: Sequence[TicketClass], config: PolicyConfig
) -> TicketClass:
    """The class to serve among ``classes`` (non-empty), given the recent calls oldest first."""
    if not classes:
        raise ValueError("choose_class needs at least one class with waiting tickets")
    window = list(recent[-history_window(config) :])
    never = len(window) + 1  # older than any call in the window

    def rank(ticket_class: TicketClass) -> tuple[int, int, int]:
        # Ages (calls ago, 1 = the latest call) of this class's calls, newest first.
        ages = [len(window) - i for i, c in enumerate(window) if c == ticket_class][::-1]
        weight = config.weight(ticket_class)
        lag = ages[weight - 1] if len(ages) >= weight else never
        since_last = ages[0] if ages else never
        return lag, since_last, -PRECEDENCE.index(ticket_class)

    return max((c for c in PRECEDENCE if c in classes), key=rank)


def _fifo(tickets: Sequence[WaitingTicket], context: CallContext) -> WaitingTicket:
    """Oldest ``queued_at`` first; ties by the counter's queue preference, then id."""
    return min(tickets, key=lambda t: (t.queued_at, context.queues.index(t.queue), t.id))


def _sla_aware(tickets: Sequence[WaitingTicket], context: CallContext) -> WaitingTicket:
    """The ticket furthest into (or past) its SLA target, as waited / target; ties fifo."""

    def urgency(ticket: WaitingTicket) -> float:
        waited = (context.now - ticket.queued_at).total_seconds() / 60
        return waited / max(ticket.sla_minutes, 1)

    most = max(urgency(t) for t in tickets)
    # A tolerance so float noise between equal ratios falls to fifo, not to list order.
    return _fifo([t for t in tickets if urgency(t) >= most - 1e-9], context)


def _ordered(tickets: Sequence[WaitingTicket], context: CallContext) -> WaitingTicket:
    """The counter's first queue that has a ticket of the class, fifo within it."""
    first_queue = min(context.queues.index(t.queue) for t in tickets)
    return _fifo([t for t in tickets if context.queues.index(t.queue) == first_queue], context)


STRATEGIES: Mapping[str, Strategy] = MappingProxyType(
    {"fifo": _fifo, "sla_aware": _sla_aware, "ordered": _ordered}
)
