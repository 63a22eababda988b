"""The demo's live office: simulated visitors come to the kiosk and simulated officers
serve them at the counters, through the same paths real ones use, at ``speed`` times
the pace of a real day.

- Visitors are drawn by the office simulator's day plan (``plan_day``: the morning
  peak, bookings, priority groups), one simulated day after another. Each steps up to
  the kiosk window (written to the kiosk's visitor feed, which plays them through its
  screens, scanner and printer); one who comes while the kiosk is still busy with the
  last takes a ticket at the office's second kiosk, through the API.
- Each counter has an officer who logs in over HTTP, opens the counter, calls, waits for
  the visitor to walk up, starts, serves for a time drawn around the stage's configured
  minutes and finishes (the feedback screen of its counter then asks); a visitor who
  does not come is marked no-show after the workload's grace.
"""

import json
import logging
import math
import random
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from queue_protocol import (
    CounterAction,
    IssueTicketRequest,
    Language,
    Ticket,
    TicketAction,
    TicketSource,
)
from queue_protocol.client import ApiError, QueueClient
from queue_server.domain.office import OfficeConfig
from queue_server.simulation.plan import DayPlan, Visitor
from queue_server.simulation.workload import Workload

log = logging.getLogger("antrean.demo")

KIOSK_BUSY_SECONDS = 6.0  # a visitor at the kiosk window takes about this long
LONGEST_LULL_SECONDS = 20.0  # a quiet hour of the plan is cut to this, so it never stalls
IDLE_POLL_SECONDS = 1.0  # an officer with nobody waiting looks again this often
REQUEST_SECONDS = 30.0  # a busy machine hashes a password slowly: wait that long for a reply


@dataclass(frozen=True)
class Pace:
    """``speed`` simulated minutes pass in one real minute."""

    speed: float

    def seconds(self, minutes: float) -> float:
        return max(0.0, minutes) * 60.0 / self.speed


@dataclass
class VisitorStream:
    """Plays day plans' visitors: to the kiosk window's feed, or the second kiosk's API.

    ``plans(index)`` gives the ``index``-th simulated day (bookings already imported);
    ``kiosk_feed`` is None when no kiosk window runs."""

    server: str
    second_kiosk_token: str
    plans: Callable[[int], DayPlan]
    pace: Pace
    kiosk_feed: Path | None
    issued: int = 0  # tickets taken at the second kiosk
    fed: int = 0  # visitors sent to the kiosk window
    _last_fed: float = field(default=-math.inf, repr=False)

    def run(self, stop: threading.Event) -> None:
        with QueueClient(self.server, self.second_kiosk_token, timeout=REQUEST_SECONDS) as kiosk:
            day = 0
            while not stop.is_set():
                self._play(self.plans(day), kiosk, stop)
                day += 1

    def _play(self, plan: DayPlan, kiosk: QueueClient, stop: threading.Event) -> None:
        at = plan.visitors[0].arrives_min if plan.visitors else 0.0
        for visitor in plan.visitors:
            gap = min(self.pace.seconds(visitor.arrives_min - at), LONGEST_LULL_SECONDS)
            at = visitor.arrives_min
            if stop.wait(gap):
                return
            self.arrive(visitor, kiosk)
        stop.wait(LONGEST_LULL_SECONDS)  # the evening: the counters clear the queues

    def arrive(self, visitor: Visitor, kiosk: QueueClient) -> None:
        now = time.monotonic()
        if self.kiosk_feed is not None and now - self._last_fed >= KIOSK_BUSY_SECONDS:
            self._last_fed = now
            self._feed(visitor)
            return
        request = IssueTicketRequest(
            service=None if visitor.application_number else visitor.service,
            source=TicketSource.BOOKING if visitor.application_number else TicketSource.WALK_IN,
            booking_code=visitor.application_number,
            priority_group=visitor.priority,
            language=Language.ID,
            client_ref=uuid.uuid4().hex,
        )
        try:
            kiosk.issue_ticket(request)
            self.issued += 1
        except ApiError as error:  # a full quota, a late booking
            log.debug("simulated visitor at the second kiosk: %s", error)

    def _feed(self, visitor: Visitor) -> None:
        assert self.kiosk_feed is not None
        line: dict[str, object] = (
            {"booking": visitor.application_number}
            if visitor.application_number
            else {"service": visitor.service, "priority": visitor.priority}
        )
        with self.kiosk_feed.open("a", encoding="utf-8") as feed:
            feed.write(json.dumps(line) + "\n")
        self.fed += 1


@dataclass
class OfficerLogin:
    """One login of the officers' account, shared by every counter's officer: a password
    is hashed once, not once per counter (and again when the session ends)."""

    server: str
    username: str
    password: str
    _token: str | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def token(self) -> str:
        with self._lock:
            if self._token is None:
                with QueueClient(self.server, timeout=REQUEST_SECONDS) as client:
                    self._token = client.login(self.username, self.password).token
            return self._token

    def ended(self, token: str) -> None:
        """The server no longer takes ``token``: the next officer to ask logs in again."""
        with self._lock:
            if self._token == token:
                self._token = None


@dataclass
class CounterOfficer:
    """One counter's simulated officer, over the HTTP API as an officer account."""

    login: OfficerLogin
    counter: int
    office: OfficeConfig
    workload: Workload
    pace: Pace
    rng: random.Random
    served: int = 0

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            token = None
            try:
                token = self.login.token()
                with QueueClient(self.login.server, token, timeout=REQUEST_SECONDS) as officer:
                    officer.counter_action(self.counter, CounterAction.OPEN)
                    self._serve(officer, stop)
            except ApiError as error:
                log.debug("simulated officer at counter %s: %s", self.counter, error)
                if token is not None and error.status == 401:
                    self.login.ended(token)
                stop.wait(2.0)

    def _serve(self, officer: QueueClient, stop: threading.Event) -> None:
        while not stop.is_set():
            ticket = officer.call_next(self.counter)
            if ticket is None:
                stop.wait(IDLE_POLL_SECONDS)
                continue
            if self.rng.random() < self.workload.no_show_share:
                if stop.wait(self.pace.seconds(self.workload.no_show_grace_min)):
                    return
                officer.ticket_action(ticket.id, TicketAction.NO_SHOW)
                continue
            if stop.wait(self.pace.seconds(self.workload.walk_up_min)):
                return
            officer.ticket_action(ticket.id, TicketAction.START)
            if stop.wait(self.pace.seconds(self.service_minutes(ticket))):
                return
            officer.ticket_action(ticket.id, TicketAction.FINISH)
            self.served += 1

    def service_minutes(self, ticket: Ticket) -> float:
        """A draw around the configured minutes of the ticket's stage (or service),
        spread as the workload's service times are."""
        service = self.office.service(ticket.service)
        mean = service.minutes_for(ticket.stage) if service is not None else 8.0
        sigma = self.workload.service_time_spread
        return self.rng.lognormvariate(math.log(mean) - sigma**2 / 2, sigma)


def start_threads(
    workers: Sequence[Callable[[threading.Event], None]], stop: threading.Event
) -> None:
    for index, work in enumerate(workers):
        threading.Thread(target=work, args=(stop,), name=f"demo-{index}", daemon=True).start()
