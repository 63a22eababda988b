"""Headquarters end to end: a real HQ on PostgreSQL over TLS (its own CA, pinned by the
offices), and two real office servers (one on SQLite, one on PostgreSQL) enrolled with
the command line (``antrean hq office add``, ``antrean upstream enrol``) and pushing to
it. Figures at HQ equal the offices' own reports, through HQ down and back, an office
down over midnight and back, and an office whose clock runs an hour ahead: nothing
lost, nothing counted twice. Forged, replayed, stale and unenrolled batches are refused
with their reason."""

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from antrean.cli import main
from hq_server.services import enrolment
from hq_server.services.office_days import office_days
from queue_protocol import FeedbackRequest, Role, TicketAction
from queue_protocol.enrolment import EnrolmentCode
from queue_protocol.tls import fingerprint, pinned_context
from queue_protocol.upstream import (
    OFFICE_HEADER,
    SIGNATURE_HEADER,
    Batch,
    LiveReport,
    LiveState,
    VisitRecord,
    sign,
)
from queue_server.config import always_open_office_text
from queue_server.services import calling, feedback, reports, ticket_actions, upstream_status
from queue_server.services.context import Actor, ActorKind, ServerContext
from queue_server.upstream import credentials
from tests.support.databases import fresh_database, postgres_base_url
from tests.support.hq import HqThreadServer
from tests.support.issuing import issue_walk_in
from tests.support.live_server import ThreadServer, seed
from tests.support.office import office_settings

pytestmark = pytest.mark.skipif(
    postgres_base_url() is None, reason="headquarters runs on PostgreSQL only"
)

OFFICER = Actor("petugas", ActorKind.USER, role=Role.OFFICER)
FEEDBACK_SCREEN = Actor("feedback-1", ActorKind.DEVICE)
MONDAY = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # 08:00 in Jakarta
EXAMPLE_ID = 'id = "kanim-jakarta-selatan"'
REGIONS = {"kanim-a": "Kanwil DKI Jakarta", "kanim-b": "Kanwil Jawa Barat"}


class SharedClock:
    """The time of day everywhere (HQ and offices), moved by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class OfficeClock:
    """An office server's clock: the shared time, plus whatever it is off by."""

    def __init__(self, shared: SharedClock) -> None:
        self.shared = shared
        self.off_by = timedelta()

    def __call__(self) -> datetime:
        return self.shared() + self.off_by


@dataclass
class Office:
    code: str
    server: ThreadServer
    clock: OfficeClock

    @property
    def ctx(self) -> ServerContext:
        ctx: ServerContext = self.server.ctx
        return ctx


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.2)


@pytest.fixture
def clock() -> SharedClock:
    return SharedClock(MONDAY)


@pytest.fixture
def hq(tmp_path: Path, clock: SharedClock) -> Iterator[HqThreadServer]:
    with fresh_database("postgresql", tmp_path / "hq-db") as url:
        server = HqThreadServer.with_tls(tmp_path / "hq", url, clock=clock)
        server.start()
        yield server
        server.stop()


def enrol_with_the_command_line(
    hq: HqThreadServer, code: str, settings_dir: Path, office_file: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """``antrean hq office add`` at HQ, then ``antrean upstream enrol`` at the office."""
    hq_args = [
        "--database-url",
        str(hq.settings.database_url),
        "--data-dir",
        str(hq.settings.data_dir),
    ]
    name = f"Kantor Imigrasi {code[-1].upper()}"
    capsys.readouterr()
    assert main(["hq", "office", "add", code, "--name", name, "--region", REGIONS[code],
                 "--hq-url", hq.url, *hq_args]) == 0  # fmt: skip
    printed = capsys.readouterr().out
    enrolment_code = next(line.strip() for line in printed.splitlines() if "#ca=" in line)
    monkeypatch.setenv("ANTREAN_DATA_DIR", str(settings_dir))
    assert main(["upstream", "enrol", enrolment_code, "--config", str(office_file)]) == 0
    assert f"{name} ({code}, {REGIONS[code]}) enrolled" in capsys.readouterr().out


@pytest.fixture
def offices(
    tmp_path: Path, hq: HqThreadServer, clock: SharedClock,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> Iterator[dict[str, Office]]:  # fmt: skip
    with ExitStack() as stack:
        started: dict[str, Office] = {}
        for code, backend in (("kanim-a", "sqlite"), ("kanim-b", "postgresql")):
            folder = tmp_path / code
            folder.mkdir()
            url = stack.enter_context(fresh_database(backend, folder))
            text = always_open_office_text().replace(EXAMPLE_ID, f'id = "{code}"')
            settings = office_settings(folder, url, office_text=text)
            enrol_with_the_command_line(
                hq, code, settings.data_dir, settings.office_file, monkeypatch, capsys
            )
            office_clock = OfficeClock(clock)
            server = ThreadServer(settings=settings, tokens=seed(settings), clock=office_clock)
            server.start()
            stack.callback(server.stop)
            started[code] = Office(code, server, office_clock)
        yield started


def serve_visitors(office: Office, clock: SharedClock, waits: list[int]) -> None:
    """One visitor per entry of ``waits`` (minutes waited); the last one does not come
    when called (no-show), the others are served for three minutes each."""
    for _ in waits:
        issue_walk_in(office.ctx, "AP")
    for position, wait in enumerate(waits):
        clock.advance(minutes=wait)
        called = calling.call_next(office.ctx, 7, OFFICER)
        assert called is not None
        if position == len(waits) - 1:
            ticket_actions.act(office.ctx, called.id, TicketAction.NO_SHOW, OFFICER)
            continue
        ticket_actions.act(office.ctx, called.id, TicketAction.START, OFFICER)
        clock.advance(minutes=3)
        ticket_actions.act(office.ctx, called.id, TicketAction.FINISH, OFFICER)
        if position == 0:
            answers = {1: 4, 2: 3, 5: 2 + len(waits) % 3}
            request = FeedbackRequest(ticket_id=called.id, counter=7, answers=answers,
                                      client_ref=f"skm-{office.code}-{called.id}")  # fmt: skip
            feedback.record_feedback(office.ctx, request, FEEDBACK_SCREEN)


def visits_at_hq(hq: HqThreadServer, code: str, day: date) -> int:
    return sum(d.figures.visits for d in office_days(hq.ctx, code, day, day))


def office_visits(office: Office, day: date) -> int:
    return reports.period_report(office.ctx, day, day).total.queued


def wait_for_visits(hq: HqThreadServer, office: Office, day: date, what: str) -> None:
    """Until HQ holds as many visits of the office's ``day`` as the office itself."""
    wait_until(lambda: visits_at_hq(hq, office.code, day) == office_visits(office, day), what)


def wait_for_day(hq: HqThreadServer, code: str, day: date) -> None:
    """Until the office has reported its finished ``day`` (what it issued)."""

    def reported() -> bool:
        return any(d.issued is not None for d in office_days(hq.ctx, code, day, day))

    wait_until(reported, f"{code}'s {day} reported")


def assert_hq_has_the_office_figures(hq: HqThreadServer, office: Office, day: date) -> None:
    """HQ's figures of the office's day are the office's own report of it."""
    report = reports.period_report(office.ctx, day, day)
    skm = reports.skm_report(office.ctx, day, day).report
    (at_hq,) = office_days(hq.ctx, office.code, day, day)
    total, figures = report.total, at_hq.figures
    assert at_hq.issued == report.issued
    assert figures.visits == total.queued
    assert (figures.served, figures.no_show) == (total.outcomes["done"], total.outcomes["no_show"])
    assert (figures.wait_median_min, figures.wait_p90_min) == (total.wait.median, total.wait.p90)
    assert figures.within_sla_share == total.within_share
    assert figures.service_median_min == total.service.median
    assert (at_hq.skm_respondents, at_hq.skm_score) == (skm.respondents, skm.score)


def test_hq_holds_every_office_figure_through_outages_and_a_wrong_clock(
    hq: HqThreadServer, offices: dict[str, Office], clock: SharedClock
) -> None:
    a, b = offices["kanim-a"], offices["kanim-b"]
    serve_visitors(a, clock, [4, 9, 25])
    serve_visitors(b, clock, [2, 18])
    clock.advance(seconds=40)  # feedback settles before it is sent
    for office in (a, b):
        wait_for_visits(hq, office, MONDAY.date(), f"{office.code}'s visits at HQ")

    hq.stop()  # headquarters down for a while
    serve_visitors(a, clock, [7, 3])
    serve_visitors(b, clock, [12, 1, 30])
    wait_until(lambda: upstream_status.status(a.ctx).waiting_batches > 0, "a batch waiting")
    hq.start()
    clock.advance(minutes=6)  # past the senders' backoff
    for office in (a, b):
        wait_for_visits(hq, office, MONDAY.date(), f"{office.code}'s backlog at HQ")

    a.server.stop()  # office A switched off in the evening, on again the next morning
    clock.advance(days=1)
    a.server.start()
    tuesday = MONDAY.date() + timedelta(days=1)
    serve_visitors(a, clock, [5, 2])
    for office in (a, b):
        wait_for_day(hq, office.code, MONDAY.date())
        assert_hq_has_the_office_figures(hq, office, MONDAY.date())
    wait_for_visits(hq, a, tuesday, "A's Tuesday at HQ")

    b.clock.off_by = timedelta(hours=1)  # office B's clock runs an hour ahead
    serve_visitors(b, clock, [6, 4])
    wait_until(lambda: "clock_skew" in (upstream_status.status(b.ctx).last_error or ""),
               "B told its clock is wrong")  # fmt: skip
    assert visits_at_hq(hq, "kanim-b", tuesday) == 0
    b.clock.off_by = timedelta()  # the clock set right
    # The office scheduled its retry by the wrong clock: it comes once that hour has passed.
    clock.advance(hours=1, minutes=6)
    wait_for_visits(hq, b, tuesday, "B's hour-ahead visits at HQ once its clock is right")
    assert upstream_status.status(b.ctx).refused == []
    assert_hq_has_the_office_figures(hq, a, MONDAY.date())  # nothing counted twice
    assert_hq_has_the_office_figures(hq, b, MONDAY.date())


@dataclass
class PlayedOffice:
    """The test plays an enrolled office itself, to send what a real one never would."""

    code: str
    key: Ed25519PrivateKey
    client: httpx.Client
    clock: SharedClock

    def post(self, path: str, body: bytes, *, key: Ed25519PrivateKey | None = None,
             office: str | None = None) -> httpx.Response:  # fmt: skip
        headers = {"Content-Type": "application/json", OFFICE_HEADER: office or self.code,
                   SIGNATURE_HEADER: sign(body, key or self.key)}  # fmt: skip
        return self.client.post(f"/api/v1/hq/{path}", content=body, headers=headers)

    def batch(self, sequence: int, keys: list[int]) -> bytes:
        records = [
            VisitRecord(key=key, day=self.clock().date(), service="AP", ticket_class="regular",
                        source="walk_in", issued_hour=9, wait_s=60 * key, service_s=300,
                        outcome="done", sla_min=15)
            for key in keys
        ]  # fmt: skip
        batch = Batch(office=self.code, sent_at=self.clock(), sequence=sequence,
                      instance="played-office-1", records=records)  # fmt: skip
        return batch.model_dump_json(by_alias=True).encode()


@pytest.fixture
def played(hq: HqThreadServer, clock: SharedClock, tmp_path: Path) -> Iterator[PlayedOffice]:
    secret = enrolment.add_office(hq.ctx, "kanim-c", name="Kanim C", region="Kanwil Bali")
    code = EnrolmentCode(hq.url, fingerprint(hq.ca_pem), secret)
    enrolled = credentials.enrol(str(code), office="kanim-c", data_dir=tmp_path / "c")
    with httpx.Client(base_url=hq.url, verify=pinned_context(hq.ca_pem)) as client:
        yield PlayedOffice("kanim-c", enrolled.key, client, clock)


def refusal(reply: httpx.Response) -> tuple[int, str]:
    return reply.status_code, reply.json()["error"]


def test_hq_refuses_forged_stale_and_unknown_batches_and_counts_a_replay_once(
    hq: HqThreadServer, played: PlayedOffice, clock: SharedClock
) -> None:
    first = played.batch(1, [1, 2, 3])
    assert played.post("batches", first).json() == {"acknowledged": 1, "duplicate": False}
    replayed = played.post("batches", first)  # the same bytes again: a duplicate
    assert replayed.json() == {"acknowledged": 1, "duplicate": True}
    again = played.post("batches", played.batch(1, [1, 2, 3]))  # re-signed, same content
    assert again.json()["duplicate"] is True
    assert refusal(played.post("batches", played.batch(1, [4]))) == (409, "sequence_conflict")
    overlapping = played.post("batches", played.batch(2, [3, 4]))  # record 3 a second time
    assert overlapping.json() == {"acknowledged": 2, "duplicate": False}

    forged = played.batch(3, [5])
    stranger = Ed25519PrivateKey.generate()
    assert refusal(played.post("batches", forged, key=stranger)) == (401, "bad_signature")
    unknown = played.post("batches", forged, office="kanim-x")
    assert refusal(unknown) == (401, "unknown_office")
    enrolment.add_office(hq.ctx, "kanim-d", name="Kanim D", region="Kanwil Bali")
    assert refusal(played.post("batches", forged, office="kanim-d")) == (401, "unknown_office")
    assert refusal(played.post("batches", b"{}")) == (422, "invalid_batch")

    ahead = LiveState(at=clock() + timedelta(hours=1), open_now=True, queues=[], counters_open=1,
                      counters_total=2, issued_today=0, served_today=0)  # fmt: skip
    live = LiveReport(office="kanim-c", sent_at=clock(), state=ahead).model_dump_json().encode()
    assert refusal(played.post("live", live)) == (422, "clock_skew")

    clock.advance(hours=1)  # a batch sent an hour ago, replayed now
    assert refusal(played.post("batches", first)) == (422, "clock_skew")
    hello = played.post("hello", b'{"office": "kanim-c", "sent_at": "%s"}'
                        % clock().isoformat().encode())  # fmt: skip
    assert hello.json() == {"highest_sequence": 2}

    (day,) = office_days(hq.ctx, "kanim-c", MONDAY.date(), MONDAY.date())
    assert day.figures.visits == 4  # records 1-4, each once
    assert day.figures.wait_median_min == 2.5
