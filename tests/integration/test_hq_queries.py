"""Headquarters' query API on a real uvicorn and PostgreSQL: offices at a glance, an
office's days, trends over months; a regional head sees only the offices of the region.
The expected figures are computed here from the records the offices sent."""

import io
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from antrean.cli import main
from hq_server.domain.figures import whole_minutes
from hq_server.services import ingest
from hq_server.settings import HqSettings
from queue_protocol.upstream import DayRecord, Record, VisitRecord
from tests.support.databases import fresh_database, postgres_base_url
from tests.support.hq import HqThreadServer
from tests.support.hq_offices import SimulatedOffice, enrol_office, signed

pytestmark = pytest.mark.skipif(
    postgres_base_url() is None, reason="headquarters runs on PostgreSQL only"
)

NOW = datetime(2026, 12, 9, 3, 0, tzinfo=UTC)  # Wednesday 10:00 in Jakarta
FIRST_DAY = date(2026, 11, 2)
PASSWORD = "rahasia-pusat"
OFFICES = {"kanim-a": "Kanwil DKI Jakarta", "kanim-b": "Kanwil DKI Jakarta",
           "kanim-c": "Kanwil Bali"}  # fmt: skip


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


class Seeded:
    def __init__(self, server: HqThreadServer, records: dict[str, list[Record]]) -> None:
        self.server, self.records = server, records

    @contextmanager
    def login(self, name: str) -> Iterator[httpx.Client]:
        with httpx.Client(base_url=self.server.url) as client:
            login = {"username": name, "password": PASSWORD}
            reply = client.post("/api/v1/hq/auth/login", json=login)
            assert reply.status_code == 200, reply.text
            client.headers["Authorization"] = f"Bearer {reply.json()['token']}"
            yield client


def add_user(database_url: str, name: str, role: str, *region: str) -> None:
    where = ["--region", *region] if region else []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
        assert main(["hq", "user", "add", name, "--role", role, *where, "--password-stdin",
                     "--database-url", database_url]) == 0  # fmt: skip


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """Five weeks of three offices, sent as the offices send them; live state of two."""
    tmp: Path = tmp_path_factory.mktemp("hq")
    clock = Clock()
    with fresh_database("postgresql", tmp) as url:
        server = HqThreadServer(HqSettings(database_url=url, data_dir=tmp / "data"), clock=clock)
        server.start()
        try:
            yield Seeded(server, _seed(server, clock))
        finally:
            server.stop()


def _seed(server: HqThreadServer, clock: Clock) -> dict[str, list[Record]]:
    ctx = server.ctx
    sent: dict[str, list[Record]] = {}
    for seed, (code, region) in enumerate(OFFICES.items()):
        office = SimulatedOffice(code, enrol_office(ctx, code, name=code.upper(), region=region),
                                 seed=seed, size=0.3)  # fmt: skip
        records: list[Record] = []
        day = FIRST_DAY
        while day <= NOW.date():
            records += office.day_records(day)
            day += timedelta(days=1)
        for batch in office.batches(records, clock()):
            body, headers = signed(batch, office.key)
            ingest.batch(ctx, code, body, headers["X-Antrean-Signature"])
        sent[code] = records
        if code != "kanim-c":
            body, headers = signed(office.live(clock(), waiting=7, longest=42), office.key)
            ingest.live(ctx, code, body, headers["X-Antrean-Signature"])
        if code == "kanim-a":
            clock.now += timedelta(minutes=20)  # kanim-a last reported 20 minutes ago
    url = str(server.settings.database_url)
    add_user(url, "analis", "analyst")
    add_user(url, "kanwil-bali", "regional", "Kanwil Bali")
    return sent


def visits_of(records: list[Record], first: date, last: date) -> list[VisitRecord]:
    return [r for r in records if isinstance(r, VisitRecord) and first <= r.day <= last]


def test_offices_at_a_glance_with_live_state_and_silence(seeded: Seeded) -> None:
    with seeded.login("analis") as client:
        reply = client.get("/api/v1/hq/offices")
    assert reply.status_code == 200
    offices = {office["code"]: office for office in reply.json()}
    assert sorted(offices) == sorted(OFFICES)
    a = offices["kanim-a"]
    assert (a["waiting"], a["longest_wait_min"], a["counters_open"]) == (7, 42, 6)
    assert (a["issued_today"], a["served_today"], a["region"]) == (120, 95, "Kanwil DKI Jakarta")
    assert a["silent_min"] == 20  # stopped reporting twenty minutes ago
    assert offices["kanim-b"]["silent_min"] is None
    assert offices["kanim-c"]["last_report_at"] is None  # never sent its live state
    today = visits_of(seeded.records["kanim-a"], NOW.date(), NOW.date())
    within = sum(1 for v in today if v.wait_s is not None and v.wait_s <= (v.sla_min or 0) * 60)
    assert a["within_sla_share_today"] == pytest.approx(within / len(today))
    assert 25 <= a["skm_score_30d"] <= 100


def test_office_days_are_the_records_figures(seeded: Seeded) -> None:
    first, last = date(2026, 11, 9), date(2026, 11, 15)
    with seeded.login("analis") as client:
        reply = client.get(
            "/api/v1/hq/offices/kanim-b/days", params={"from": str(first), "to": str(last)}
        )
    assert reply.status_code == 200
    days = {day["day"]: day for day in reply.json()}
    records = seeded.records["kanim-b"]
    monday = visits_of(records, first, first)
    figures = days[str(first)]["figures"]
    assert figures["visits"] == len(monday)
    assert figures["served"] == sum(1 for v in monday if v.outcome == "done")
    waits = [whole_minutes(v.wait_s) for v in monday if v.wait_s is not None]
    assert figures["wait_median_min"] == statistics.median(waits)
    (declared,) = [r for r in records if isinstance(r, DayRecord) and r.day == first]
    assert days[str(first)]["issued"] == sum(declared.issued.values())
    stages = {stage["queue"] for stage in days[str(first)]["stages"]}
    assert {"PC/berkas", "PC/wawancara", "AP"} <= stages
    assert days[str(last)]["figures"]["visits"] == 0 or days[str(last)]["open"] is False


def test_trends_merge_the_visits_of_the_scope(seeded: Seeded) -> None:
    params = {"metric": "wait_median", "from": "2026-11-01", "to": "2026-12-31"}
    bali = {**params, "metric": "visitors", "region": "Kanwil Bali"}
    with seeded.login("analis") as client:
        nation = client.get("/api/v1/hq/trends", params=params).json()
        visitors = client.get("/api/v1/hq/trends", params=bali).json()
    november = [v for records in seeded.records.values()
                for v in visits_of(records, date(2026, 11, 1), date(2026, 11, 30))]  # fmt: skip
    waits = [whole_minutes(v.wait_s) for v in november if v.wait_s is not None]
    assert nation["scope"] == "nation"
    assert nation["points"][0] == {"month": "2026-11-01", "value": statistics.median(waits)}
    declared = [r for r in seeded.records["kanim-c"]
                if isinstance(r, DayRecord) and r.day.month == 11]  # fmt: skip
    assert visitors["scope"] == "Kanwil Bali"
    assert visitors["points"][0]["value"] == sum(sum(r.issued.values()) for r in declared)


def test_a_regional_head_sees_only_the_region(seeded: Seeded) -> None:
    months = {"metric": "skm", "from": "2026-11-01", "to": "2026-12-01"}
    with seeded.login("kanwil-bali") as client:
        offices = client.get("/api/v1/hq/offices").json()
        days = client.get(
            "/api/v1/hq/offices/kanim-a/days", params={"from": "2026-11-02", "to": "2026-11-03"}
        )
        other = client.get("/api/v1/hq/trends", params={**months, "region": "Kanwil DKI Jakarta"})
        own = client.get("/api/v1/hq/trends", params=months).json()
    assert [office["code"] for office in offices] == ["kanim-c"]
    assert (days.status_code, days.json()["error"]) == (404, "not_found")
    assert other.status_code == 404
    assert own["scope"] == "Kanwil Bali"


@pytest.mark.parametrize(
    ("path", "params", "status", "error"),
    [
        ("/api/v1/hq/trends", {"metric": "mood", "from": "2026-11-01", "to": "2026-12-01"},
         422, "invalid_request"),
        ("/api/v1/hq/trends", {"metric": "skm", "from": "2026-12-01", "to": "2026-11-01"},
         422, "invalid_range"),
        ("/api/v1/hq/trends", {"metric": "skm", "from": "9999-01-01", "to": "9999-12-31"},
         422, "invalid_range"),
        ("/api/v1/hq/offices/kanim-a/days", {"from": "2026-11-02", "to": "yesterday"},
         422, "invalid_request"),
        ("/api/v1/hq/offices/kanim-z/days", {"from": "2026-11-02", "to": "2026-11-03"},
         404, "not_found"),
    ],
)  # fmt: skip
def test_bad_questions_get_their_reason(
    seeded: Seeded, path: str, params: dict[str, str], status: int, error: str
) -> None:
    with seeded.login("analis") as client:
        reply = client.get(path, params=params)
    assert (reply.status_code, reply.json()["error"]) == (status, error)


def test_nothing_without_logging_in(seeded: Seeded) -> None:
    reply = httpx.get(f"{seeded.server.url}/api/v1/hq/offices")
    assert (reply.status_code, reply.json()["error"]) == (401, "unauthorized")
    wrong = httpx.post(f"{seeded.server.url}/api/v1/hq/auth/login",
                       json={"username": "analis", "password": "salah-sekali"})  # fmt: skip
    assert wrong.status_code == 401
