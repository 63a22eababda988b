"""Playing simulated days through the server's own use cases, on a simulated clock.

Each visitor takes a ticket through ``issue_ticket`` (a booked one checks in
with the booking imported for the day), officers open and pause their
counters, press "call next", start, finish, transfer and mark no-shows, all
through the real services, the office's call policy, its wait estimate and its
storage, on a database of the run's own. Nothing sleeps: the clock the
services read is set to each event's moment before the event is played.

Rules of the simulated officers: a counter calls as soon as it is free and
staffed; it finishes its visitor before a break; after closing time it serves
until its queues are empty, then closes. A visitor who does not answer the
call is marked no-show after the workload's grace. Everyone who holds a ticket
is served the same day.
"""

import heapq
import json
import math
import tempfile
import time as clock
from collections import defaultdict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from queue_protocol import (
    CounterAction,
    IssueTicketRequest,
    Language,
    Role,
    Ticket,
    TicketAction,
    TicketSource,
    TransferRequest,
)
from queue_server.domain.errors import DomainError
from queue_server.domain.estimate import ServiceTimeModel, ServiceTimeSample
from queue_server.domain.lifecycle import queue_key
from queue_server.domain.office import OfficeConfig
from queue_server.services import bookings, calling, ticket_actions, tickets
from queue_server.services.context import Actor, ActorKind, ServerContext
from queue_server.services.estimates import default_minutes
from queue_server.simulation.plan import DayPlan, Visitor
from queue_server.simulation.workload import Workload
from queue_server.storage import Database, forecast_store, ticket_store
from queue_server.storage.database import sqlite_memory_copy
from queue_server.storage.migrate import upgrade
from queue_server.storage.ticket_store import Visit

KIOSK = Actor(name="sim-kiosk", kind=ActorKind.DEVICE)
SUPERVISOR = Actor(name="sim-supervisor", kind=ActorKind.USER, role=Role.SUPERVISOR)
PASSPORT_KEY = b"antrean-simulation-passport-key!"  # the run's own, for its own hashes
GLOBAL_WINDOW = 200  # finished visits the naive estimate's global mean is taken over


class SimulationTimeoutError(Exception):
    """A day played past its deadline: stopped between two events."""


class SimulatedClock:
    """The clock the services read: set by the simulator, never by the wall."""

    def __init__(self) -> None:
        self.at = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at


@dataclass(frozen=True)
class EstimateRecord:
    """What a visitor was told at the kiosk, and the naive estimates at that moment."""

    ticket_id: int
    queue: str
    ticket_class: str
    estimate_min: float
    naive_min: float
    naive_per_queue_min: float
    low_min: float | None = None
    high_min: float | None = None


@dataclass
class DayOutcome:
    """One played day: its visits as stored, what visitors were told, who was turned away."""

    day: date
    visits: list[Visit]
    estimates: list[EstimateRecord]
    turned_away: int
    unserved: int  # still waiting when the last counter closed (sent on too late)
    staffed_minutes: dict[int, float]


@dataclass
class _Counter:
    number: int
    queues: tuple[str, ...]
    staffed: bool = False
    leaving: bool = False  # finishes its visitor, then pauses
    current: int | None = None  # ticket id
    serving: bool = False
    idle_since: float = 0.0
    opened_at: float = 0.0
    staffed_minutes: float = 0.0


@dataclass
class _Visit:
    visitor: Visitor
    transferred: bool = False


@dataclass
class _State:
    plan: DayPlan
    counters: dict[int, _Counter]
    waiting: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    tickets: dict[int, _Visit] = field(default_factory=dict)
    estimates: list[EstimateRecord] = field(default_factory=list)
    turned_away: int = 0
    closing_min: float = 0.0


class OfficeSimulation:
    """An office of its own database and clock; ``play`` one day after another."""

    def __init__(
        self,
        office: OfficeConfig,
        workload: Workload,
        database: Database,
        *,
        deadline: float | None = None,  # time.monotonic() past which ``play`` stops
    ) -> None:
        self.clock = SimulatedClock()
        self.deadline = deadline
        self.office = office
        self.workload = workload
        self.ctx = ServerContext(
            db=database,
            office=office,
            passport_key=PASSPORT_KEY,
            clock=self.clock,
        )
        self._minute0 = datetime(2026, 1, 1, tzinfo=UTC)
        self._defaults = default_minutes(office)
        self._samples: dict[str, deque[ServiceTimeSample]] = defaultdict(lambda: deque(maxlen=30))
        self._recent: deque[float] = deque(maxlen=GLOBAL_WINDOW)
        self._queue_means: dict[str, float] = {}  # of ``_samples``, until a queue learns more
        self._pending: dict[int, tuple[str, float]] = {}  # ticket in service: queue, minutes
        self._seq = 0
        self._officers = {
            c.number: Actor(name=f"sim-officer-{c.number}", kind=ActorKind.USER, role=Role.OFFICER)
            for c in office.counters
        }

    def play(self, plan: DayPlan) -> DayOutcome:
        """Play one day; returns its visits as the storage holds them."""
        self._minute0 = datetime.combine(plan.day, time(0), self.ctx.zone).astimezone(UTC)
        self._set_clock(0.0)
        self._import_bookings(plan)
        state = _State(
            plan=plan,
            counters={
                c.number: _Counter(c.number, tuple(c.services)) for c in self.office.counters
            },
            closing_min=self._minutes(self.office.hours.close),
        )
        events: list[tuple[float, int, str, object]] = []
        self._schedule_day(state, events)
        while events:
            if self.deadline is not None and clock.monotonic() > self.deadline:
                raise SimulationTimeoutError(plan.day)
            at, _, kind, payload = heapq.heappop(events)
            self._set_clock(at)
            self._handle(state, events, kind, payload)
        unserved = self._send_home()
        with self.ctx.db.read() as session:
            visits = ticket_store.day_visits(session, plan.day)
        return DayOutcome(
            day=plan.day,
            visits=visits,
            estimates=state.estimates,
            turned_away=state.turned_away,
            unserved=unserved,
            staffed_minutes={n: c.staffed_minutes for n, c in state.counters.items()},
        )

    def _send_home(self) -> int:
        """Cancel what still waits after the last counter closed (a visitor sent on to a
        queue whose counters had all gone home); the count of them."""
        with self.ctx.db.read() as session:
            left = [row[0] for row in forecast_store.waiting_tickets(session)]
        for ticket_id in left:
            ticket_actions.act(self.ctx, ticket_id, TicketAction.CANCEL, SUPERVISOR)
        return len(left)

    # --- the day's events -------------------------------------------------------------

    def _schedule_day(self, state: _State, events: list[tuple[float, int, str, object]]) -> None:
        seq = 0
        for visitor in state.plan.visitors:
            events.append((visitor.arrives_min, seq, "arrive", visitor))
            seq += 1
        for number, periods in state.plan.counter_periods:
            if number not in state.counters:
                continue
            for start, end in periods:
                events.append((start, seq, "open", number))
                events.append((end, seq + 1, "leave", number))
                seq += 2
        heapq.heapify(events)
        self._seq = seq

    def _push(
        self, events: list[tuple[float, int, str, object]], at: float, kind: str, payload: object
    ) -> None:
        self._seq += 1
        heapq.heappush(events, (at, self._seq, kind, payload))

    def _handle(
        self,
        state: _State,
        events: list[tuple[float, int, str, object]],
        kind: str,
        payload: object,
    ) -> None:
        if kind == "arrive":
            assert isinstance(payload, Visitor)
            if self._arrive(state, payload):
                self._wake(state, events)
            return
        assert isinstance(payload, int)
        if kind == "open":
            self._open(state, events, state.counters[payload])
        elif kind == "leave":
            counter = state.counters[payload]
            counter.leaving = True
            if counter.current is None:
                self._pause(state, counter)
        elif kind == "walked_up":
            self._start(state, events, payload)
        elif kind == "no_show":
            self._no_show(state, events, payload)
        elif kind == "done":
            self._done(state, events, payload)

    def _arrive(self, state: _State, visitor: Visitor) -> bool:
        request = IssueTicketRequest(
            service=visitor.service,
            source=TicketSource.BOOKING if visitor.application_number else TicketSource.WALK_IN,
            booking_code=visitor.application_number,
            priority_group=visitor.priority,
            language=Language.ID,
            client_ref=f"sim-{state.plan.day}-{id(visitor)}",
        )
        try:
            ticket: Ticket | None = tickets.issue_ticket(self.ctx, request, KIOSK)[0]
        except DomainError as refused:
            ticket = self._after_refusal(request, refused)
        if ticket is None:
            state.turned_away += 1
            return False
        key = queue_key(ticket.service, ticket.stage)
        state.tickets[ticket.id] = _Visit(visitor)
        state.estimates.append(self._estimate_record(state, ticket, key))
        state.waiting[key] += 1
        return True

    def _after_refusal(self, request: IssueTicketRequest, refused: DomainError) -> Ticket | None:
        """A late booked visitor takes a walk-in ticket when the office allows it."""
        if refused.code != "booking_too_late" or self.office.bookings.late_action != "walk_in":
            return None
        walk_in = request.model_copy(
            update={"source": TicketSource.WALK_IN, "booking_code": None, "client_ref": None}
        )
        try:
            return tickets.issue_ticket(self.ctx, walk_in, KIOSK)[0]
        except DomainError:
            return None

    def _open(
        self, state: _State, events: list[tuple[float, int, str, object]], counter: _Counter
    ) -> None:
        counter.staffed, counter.leaving = True, False
        counter.opened_at = self._now_min()
        calling.set_counter_state(
            self.ctx, counter.number, CounterAction.OPEN, self._officers[counter.number]
        )
        if counter.current is None:
            self._call(state, events, counter)

    def _pause(self, state: _State, counter: _Counter) -> None:
        now = self._now_min()
        if now >= state.closing_min and self._has_waiting(state, counter):
            counter.leaving = False  # after closing time: serve until the queues are empty
            return
        counter.staffed = False
        counter.staffed_minutes += now - counter.opened_at
        action = CounterAction.CLOSE if now >= state.closing_min else CounterAction.PAUSE
        calling.set_counter_state(self.ctx, counter.number, action, self._officers[counter.number])

    def _has_waiting(self, state: _State, counter: _Counter) -> bool:
        return any(state.waiting[key] > 0 for key in counter.queues)

    def _call(
        self, state: _State, events: list[tuple[float, int, str, object]], counter: _Counter
    ) -> None:
        """Call next (which finishes the visitor being served); schedule what follows."""
        now = self._now_min()
        if counter.current is None and not self._has_waiting(state, counter):
            counter.idle_since = now
            if now >= state.closing_min:
                self._pause(state, counter)
            return
        ticket = calling.call_next(self.ctx, counter.number, self._officers[counter.number])
        counter.current, counter.serving = None, False
        if ticket is None:
            counter.idle_since = now
            if now >= state.closing_min:
                self._pause(state, counter)
            return
        state.waiting[queue_key(ticket.service, ticket.stage)] -= 1
        counter.current = ticket.id
        visit = state.tickets[ticket.id]
        if (
            visit.visitor.no_show
            and not visit.transferred
            and ticket.stage == _first_stage(self.office, ticket.service)
        ):
            self._push(events, now + self.workload.no_show_grace_min, "no_show", counter.number)
        else:
            self._push(events, now + self.workload.walk_up_min, "walked_up", counter.number)

    def _start(
        self, state: _State, events: list[tuple[float, int, str, object]], number: int
    ) -> None:
        counter = state.counters[number]
        if counter.current is None:
            return
        ticket = ticket_actions.act(
            self.ctx, counter.current, TicketAction.START, self._officers[number]
        )
        counter.serving = True
        minutes = self._service_minutes(state, ticket)
        self._pending[counter.current] = (queue_key(ticket.service, ticket.stage), minutes)
        self._push(events, self._now_min() + minutes, "done", number)

    def _no_show(
        self, state: _State, events: list[tuple[float, int, str, object]], number: int
    ) -> None:
        counter = state.counters[number]
        assert counter.current is not None
        ticket_actions.act(self.ctx, counter.current, TicketAction.NO_SHOW, self._officers[number])
        counter.current = None
        self._free(state, events, counter)

    def _done(
        self, state: _State, events: list[tuple[float, int, str, object]], number: int
    ) -> None:
        counter = state.counters[number]
        assert counter.current is not None
        ticket_id = counter.current
        key, minutes = self._pending.pop(ticket_id)
        self._learn(key, minutes)
        visit = state.tickets[ticket_id]
        next_key = self._next_queue(visit, key)
        if next_key is None and visit.visitor.transfer_to and not visit.transferred:
            visit.transferred = True
            ticket = ticket_actions.act(
                self.ctx,
                ticket_id,
                TicketAction.TRANSFER,
                self._officers[number],
                TransferRequest(service=visit.visitor.transfer_to, keep_place=False),
            )
            state.waiting[queue_key(ticket.service, ticket.stage)] += 1
            counter.current = None
        elif next_key is not None:
            state.waiting[next_key] += 1
        if counter.current is not None and (counter.leaving or not counter.staffed):
            ticket_actions.act(self.ctx, ticket_id, TicketAction.FINISH, self._officers[number])
            counter.current = None
        self._free(state, events, counter)

    def _free(
        self, state: _State, events: list[tuple[float, int, str, object]], counter: _Counter
    ) -> None:
        if counter.leaving:
            if counter.current is None:
                self._pause(state, counter)
            if not counter.staffed:
                self._wake(state, events)
                return
        self._call(state, events, counter)
        self._wake(state, events)

    def _wake(self, state: _State, events: list[tuple[float, int, str, object]]) -> None:
        """Idle staffed counters with someone waiting in their queues call, longest idle first."""
        idle = sorted(
            (c for c in state.counters.values() if c.staffed and c.current is None),
            key=lambda c: (c.idle_since, c.number),
        )
        for counter in idle:
            if self._has_waiting(state, counter):
                self._call(state, events, counter)

    # --- helpers ----------------------------------------------------------------------

    def _next_queue(self, visit: _Visit, key: str) -> str | None:
        service_code, _, stage = key.partition("/")
        service = self.office.service(service_code)
        if service is None or not stage:
            return None
        codes = service.stage_codes
        index = codes.index(stage)
        return f"{service_code}/{codes[index + 1]}" if index + 1 < len(codes) else None

    def _service_minutes(self, state: _State, ticket: Ticket) -> float:
        visit = state.tickets[ticket.id]
        service = self.office.service(ticket.service)
        index = service.stage_codes.index(ticket.stage) if service and ticket.stage else 0
        minutes = (
            visit.visitor.transfer_minutes if visit.transferred else visit.visitor.stage_minutes
        )
        return (
            minutes[min(index, len(minutes) - 1)]
            if minutes
            else self._defaults.get(ticket.service, 8.0)
        )

    def _learn(self, key: str, minutes: float) -> None:
        self._samples[key].append(ServiceTimeSample(key, minutes, self.clock.at))
        self._queue_means.pop(key, None)
        self._recent.append(minutes)

    def _estimate_record(self, state: _State, ticket: Ticket, key: str) -> EstimateRecord:
        """The ticket's estimate beside the naive ones: people in the queue x mean service
        time / counters open for it (mean over all queues, or the queue's own)."""
        ahead = state.waiting[key]
        serving = [c for c in state.counters.values() if key in c.queues]
        open_now = sum(1 for c in serving if c.staffed) or max(len(serving), 1)
        global_mean = (
            math.fsum(self._recent) / len(self._recent)
            if self._recent
            else math.fsum(self._defaults.values()) / len(self._defaults)
        )
        return EstimateRecord(
            ticket_id=ticket.id,
            queue=key,
            ticket_class=ticket.ticket_class.value,
            estimate_min=float(ticket.estimated_wait_min or 0),
            naive_min=ahead * global_mean / open_now,
            naive_per_queue_min=ahead * self._queue_mean(key) / open_now,
            low_min=_range_end(ticket, "low"),
            high_min=_range_end(ticket, "high"),
        )

    def _queue_mean(self, key: str) -> float:
        mean = self._queue_means.get(key)
        if mean is None:
            model = ServiceTimeModel.from_samples(self._samples[key], defaults=self._defaults)
            mean = self._queue_means[key] = model.mean_minutes(key)
        return mean

    def _import_bookings(self, plan: DayPlan) -> None:
        if not plan.bookings:
            return
        records = [
            {
                "application_number": b.application_number,
                "service": b.service,
                "date": plan.day.isoformat(),
                "session": b.session,
            }
            for b in plan.bookings
        ]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bookings.json"
            path.write_text(json.dumps(records), encoding="utf-8")
            result = bookings.import_bookings(self.ctx, path, lambda number: number)
        if result.errors:
            raise ValueError("; ".join(result.errors))

    def _set_clock(self, minutes: float) -> None:
        self.clock.at = self._minute0 + timedelta(minutes=minutes)

    def _now_min(self) -> float:
        return (self.clock.at - self._minute0).total_seconds() / 60

    def _minutes(self, at: time) -> float:
        return at.hour * 60 + at.minute


def _first_stage(office: OfficeConfig, service_code: str) -> str | None:
    service = office.service(service_code)
    return service.first_stage if service else None


def _range_end(ticket: Ticket, end: str) -> float | None:
    value = getattr(ticket, f"estimated_wait_{end}_min", None)
    return float(value) if value is not None else None


@contextmanager
def simulation_database() -> Iterator[Database]:
    """A database of the run's own: the schema made by the migrations in a file, then
    copied into memory, where the run's thousands of commits cost no disk write."""
    with tempfile.TemporaryDirectory(prefix="antrean-sim-") as folder:
        path = Path(folder) / "schema.sqlite3"
        upgrade(f"sqlite:///{path}")
        database = sqlite_memory_copy(path)
    try:
        yield database
    finally:
        database.dispose()
