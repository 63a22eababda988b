"""The office reports to headquarters: finished visits, feedback, days and notices in
signed, numbered batches; nothing lost while HQ or the office is away, nothing twice.
HQ here is the contract's fake (``tests/support/fake_hq.py``); the real one is tested
end to end in ``test_upstream_headquarters.py``."""

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from queue_protocol import DeviceKind, FeedbackRequest, LocalizedText, Role, TicketAction
from queue_server.server import open_context
from queue_server.services import (
    admin,
    calling,
    devices,
    feedback,
    ticket_actions,
    upstream_export,
    upstream_status,
)
from queue_server.services.context import Actor, ActorKind, ServerContext
from queue_server.settings import Settings
from queue_server.upstream.sender import UpstreamSender
from tests.support.fake_hq import FakeHeadquarters
from tests.support.issuing import issue_walk_in

OFFICER = Actor("petugas", ActorKind.USER, role=Role.OFFICER)
SUPERVISOR = Actor("kepala", ActorKind.USER, role=Role.SUPERVISOR)
FEEDBACK_SCREEN = Actor("feedback-1", ActorKind.DEVICE)
MONDAY = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # 09:00 in Jakarta


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY)


@pytest.fixture
def office(server_settings: Settings, clock: Clock) -> Iterator[ServerContext]:
    ctx = open_context(server_settings, clock=clock)
    yield ctx
    ctx.db.dispose()


@pytest.fixture
def hq(clock: Clock) -> FakeHeadquarters:
    return FakeHeadquarters(office="kanim-jakarta-selatan", clock=clock)


def tick(office: ServerContext, hq: FakeHeadquarters) -> int:
    sender = UpstreamSender(office, hq.credentials(), transport=hq.transport)
    with hq.credentials().http_client(transport=hq.transport) as client:
        return sender.tick(client)


def serve(office: ServerContext, clock: Clock, *, counter: int = 7) -> int:
    """Call the next ticket at ``counter``, serve it for three minutes, finish it."""
    called = calling.call_next(office, counter, OFFICER)
    assert called is not None
    clock.advance(minutes=1)
    ticket_actions.act(office, called.id, TicketAction.START, OFFICER)
    clock.advance(minutes=3)
    ticket_actions.act(office, called.id, TicketAction.FINISH, OFFICER)
    return called.id


def test_finished_visits_reach_hq_once_as_anonymous_durations(
    office: ServerContext, hq: FakeHeadquarters, clock: Clock
) -> None:
    for _ in range(3):
        issue_walk_in(office, "AP")
    clock.advance(minutes=10)
    serve(office, clock)
    serve(office, clock)
    no_show = calling.call_next(office, 7, OFFICER)
    assert no_show is not None
    ticket_actions.act(office, no_show.id, TicketAction.NO_SHOW, OFFICER)

    assert tick(office, hq) == 1
    outcomes = sorted(visit.outcome for visit in hq.visits.values())
    assert outcomes == ["done", "done", "no_show"]
    first = min(hq.visits.values(), key=lambda visit: visit.key)
    assert (first.service, first.counter, first.sla_min, first.issued_hour) == ("AP", 7, 15, 9)
    assert first.wait_s == 600
    assert first.service_s == 180  # started to finished, as the office's own reports count it
    assert tick(office, hq) == 0  # nothing new: no batch, nothing twice
    assert len(hq.batches) == 1
    assert upstream_status.status(office).waiting_batches == 0


def test_each_stage_of_a_visit_reaches_hq_once(
    office: ServerContext, hq: FakeHeadquarters, clock: Clock
) -> None:
    """A same-day passport's first stage (berkas) ends when its second (wawancara) begins:
    HQ gets one visit per stage, though events name the ticket in both rounds."""
    issue_walk_in(office, "PC")
    serve(office, clock, counter=1)  # berkas, then on to wawancara
    tick(office, hq)
    serve(office, clock, counter=5)
    tick(office, hq)
    stages = sorted((visit.stage, visit.outcome) for visit in hq.visits.values())
    assert stages == [("berkas", "done"), ("wawancara", "done")]


def test_reports_wait_while_hq_is_down_then_go_after_a_restart(
    office: ServerContext, hq: FakeHeadquarters, clock: Clock, server_settings: Settings
) -> None:
    issue_walk_in(office, "AP")
    serve(office, clock)
    hq.down = True
    assert tick(office, hq) == 0
    assert upstream_status.status(office).waiting_batches == 1
    assert "down" in (upstream_status.status(office).last_error or "")
    office.db.dispose()

    restarted = open_context(server_settings, clock=clock)  # a new process, same database
    try:
        issue_walk_in(restarted, "AP")
        serve(restarted, clock)
        hq.down = False
        clock.advance(minutes=10)  # past the batch's backoff
        tick(restarted, hq)
        assert len(hq.visits) == 2
        assert upstream_status.status(restarted).waiting_batches == 0
    finally:
        restarted.db.dispose()


def test_days_the_server_was_off_are_still_reported(
    office: ServerContext, hq: FakeHeadquarters, clock: Clock
) -> None:
    for _ in range(4):
        issue_walk_in(office, "AP")
    issue_walk_in(office, "IN")
    clock.advance(days=4)  # switched off from Monday evening to Friday morning
    tick(office, hq)
    assert sorted(hq.days) == [date(2026, 12, 7), date(2026, 12, 8), date(2026, 12, 9),
                               date(2026, 12, 10)]  # fmt: skip
    assert hq.days[date(2026, 12, 7)].issued == {"AP": 4, "IN": 1}
    assert hq.days[date(2026, 12, 8)].issued == {}
    assert hq.days[date(2026, 12, 8)].open  # a Tuesday: nobody came
    clock.advance(days=1)
    tick(office, hq)
    assert max(hq.days) == date(2026, 12, 11)


def test_feedback_and_notices_reach_hq(
    office: ServerContext, hq: FakeHeadquarters, clock: Clock
) -> None:
    devices.issue_token(office, FEEDBACK_SCREEN.name, DeviceKind.FEEDBACK, counter=7)
    issue_walk_in(office, "AP")
    served = serve(office, clock)
    request = FeedbackRequest(
        ticket_id=served, counter=7, answers={1: 4, 2: 3, 9: 4}, client_ref=uuid.uuid4().hex
    )
    feedback.record_feedback(office, request, FEEDBACK_SCREEN)
    notice = feedback.announce(
        office, LocalizedText(id="Layanan paspor ditutup", en="Passport service closed"), SUPERVISOR
    )
    tick(office, hq)
    assert hq.skm == {}  # written just now: it waits until it has settled
    clock.advance(seconds=upstream_export.SETTLE.total_seconds() + 1)
    tick(office, hq)
    (answers,) = hq.skm.values()
    assert (answers.counter, answers.answers) == (7, {1: 4, 2: 3, 9: 4})
    feedback.withdraw_announcement(office, notice, SUPERVISOR)
    before = upstream_status.status(office).acknowledged
    tick(office, hq)
    assert upstream_status.status(office).acknowledged == before + 1


def test_batch_refused_as_invalid_is_put_aside_and_the_rest_goes_on(
    office: ServerContext, hq: FakeHeadquarters, clock: Clock
) -> None:
    issue_walk_in(office, "AP")
    serve(office, clock)
    hq.refuse_next = "invalid_batch"
    tick(office, hq)
    refused = upstream_status.status(office).refused
    assert [batch.sequence for batch in refused] == [1]
    assert "invalid_batch" in refused[0].error
    issue_walk_in(office, "AP")
    serve(office, clock)
    assert tick(office, hq) == 1
    assert list(hq.batches) == [2]
    audit = admin.audit(office, event_type="upstream")
    assert [line.action for line in audit] == ["batch_refused"]


@pytest.mark.parametrize("trouble", ["bad_signature", "clock_skew"])
def test_hq_refusing_the_office_itself_keeps_everything_until_it_is_fixed(
    office: ServerContext, hq: FakeHeadquarters, clock: Clock, trouble: str
) -> None:
    issue_walk_in(office, "AP")
    serve(office, clock)
    real_key = hq.key
    if trouble == "bad_signature":
        hq.key = Ed25519PrivateKey.generate()  # HQ has another key for the office
    else:
        hq.clock = lambda: clock.now - timedelta(hours=1)  # the office's clock is an hour ahead
    sender = UpstreamSender(office, FakeHeadquarters(office=hq.office, key=real_key).credentials(),
                            transport=hq.transport)  # fmt: skip
    with httpx.Client(base_url="https://hq.test", transport=hq.transport) as client:
        assert sender.tick(client) == 0
        assert trouble in (upstream_status.status(office).last_error or "")
        assert upstream_status.status(office).refused == []
        hq.key, hq.clock = real_key, clock  # the enrolment or the clock mended
        clock.advance(minutes=10)
        assert sender.tick(client) == 1
    assert len(hq.visits) == 1


def test_database_behind_hq_becomes_a_new_instance_and_numbers_on(
    office: ServerContext, hq: FakeHeadquarters, clock: Clock
) -> None:
    """HQ already holds batches 1-3 from this office (its database was rebuilt): the new
    database's batches go on from 4, under a new instance."""
    hq.batches.update({1: "a", 2: "b", 3: "c"})
    issue_walk_in(office, "AP")
    serve(office, clock)
    assert tick(office, hq) == 1
    assert sorted(hq.batches) == [1, 2, 3, 4]
    assert [line.action for line in admin.audit(office, event_type="upstream")] == [
        "instance_renewed"
    ]


def test_live_state_sent_when_it_changes_and_as_a_heartbeat(
    office: ServerContext, hq: FakeHeadquarters, clock: Clock
) -> None:
    sender = UpstreamSender(office, hq.credentials(), transport=hq.transport)
    with hq.credentials().http_client(transport=hq.transport) as client:
        sender.tick(client)
        issue_walk_in(office, "AP")
        sender.tick(client)  # changed, but less than 5 s later: not yet
        clock.advance(seconds=6)
        sender.tick(client)
        clock.advance(seconds=6)
        sender.tick(client)  # unchanged: no report until the heartbeat
        clock.advance(seconds=61)
        sender.tick(client)
    waiting = [sum(q.waiting for q in report.state.queues) for report in hq.live]
    assert waiting == [0, 1, 1]
    assert hq.live[-1].state.issued_today == 1


def test_first_export_of_a_long_history_goes_in_rounds(
    office: ServerContext, hq: FakeHeadquarters, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(upstream_export, "EVENTS_AT_ONCE", 7)
    for _ in range(6):
        issue_walk_in(office, "AP")
    for _ in range(6):
        serve(office, clock)
    tick(office, hq)
    assert len(hq.visits) == 6
