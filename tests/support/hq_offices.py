"""Offices as headquarters sees them, simulated: enrolled with a key of their own, and a
day's anonymous records generated (visitors over the hours, waits growing with the
morning rush, some no-shows, SKM answers), sent as signed contract messages. For the
dashboard's tests and ``bench/hq_ingest.py``."""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import BaseModel

from hq_server.services import enrolment
from hq_server.services.context import HqContext
from queue_protocol.upstream import (
    OFFICE_HEADER,
    SIGNATURE_HEADER,
    Batch,
    DayRecord,
    LiveQueue,
    LiveReport,
    LiveState,
    Record,
    SkmRecord,
    UpstreamEnrolRequest,
    VisitRecord,
    public_key_text,
    sign,
)

WIB = timezone(timedelta(hours=7))
SERVICES = (("AP", None, 15), ("PC", "berkas", 20), ("PC", "wawancara", 20), ("IN", None, 30))
REGIONS = ("Kanwil DKI Jakarta", "Kanwil Jawa Barat", "Kanwil Jawa Timur", "Kanwil Bali",
           "Kanwil Sumatera Utara")  # fmt: skip


def enrol_office(ctx: HqContext, code: str, *, name: str, region: str) -> Ed25519PrivateKey:
    """Enrol office ``code`` as ``antrean upstream enrol`` does; its signing key."""
    secret = enrolment.add_office(ctx, code, name=name, region=region)
    key = Ed25519PrivateKey.generate()
    request = UpstreamEnrolRequest(office=code, secret=secret, public_key=public_key_text(key))
    enrolment.enrol(ctx, request)
    return key


def signed(message: BaseModel, key: Ed25519PrivateKey) -> tuple[bytes, dict[str, str]]:
    """The body and the headers of ``message`` as an office's sender sends it."""
    body = message.model_dump_json(by_alias=True).encode()
    office = str(getattr(message, "office", ""))
    headers = {"Content-Type": "application/json", OFFICE_HEADER: office,
               SIGNATURE_HEADER: sign(body, key)}  # fmt: skip
    return body, headers


@dataclass
class SimulatedOffice:
    """One office's days of records, reproducible from ``seed``."""

    code: str
    key: Ed25519PrivateKey
    seed: int
    size: float = 1.0  # visitors relative to a mid-sized office (about 250 a day)
    instance: str = "simulated-1"
    sequence: int = 0
    _next_key: int = 1
    _rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def day_records(self, day: date) -> list[Record]:
        """Every visit of ``day`` (a staged service's visitors visit each stage), the SKM
        answers of some, and the finished day's issued counts."""
        records: list[Record] = []
        issued: dict[str, int] = {}
        visitors = int(self._rng.gauss(250, 40) * self.size) if day.weekday() < 5 else 0
        for _ in range(max(visitors, 0)):
            service = self._rng.choice(("AP", "AP", "PC", "IN"))
            issued[service] = issued.get(service, 0) + 1
            hour = min(int(self._rng.triangular(7.5, 15, 9)), 15)
            for code, stage, sla in SERVICES:
                if code == service:
                    records.append(self._visit(day, code, stage, sla, hour))
            if self._rng.random() < 0.15:
                records.append(self._skm(day, service))
        records.append(DayRecord(day=day, open=day.weekday() < 5, issued=issued))
        return records

    def _visit(
        self, day: date, service: str, stage: str | None, sla: int, hour: int
    ) -> VisitRecord:
        rush = 2.0 if hour < 11 else 1.0
        wait = int(self._rng.expovariate(1 / (sla * 40 * rush * self.size)))
        no_show = self._rng.random() < 0.06
        return VisitRecord(
            key=self._take_key(), day=day, service=service, stage=stage,
            ticket_class=self._rng.choice(("regular", "regular", "appointment", "priority")),
            source=self._rng.choice(("walk_in", "booking", "passport")), issued_hour=hour,
            wait_s=min(wait, 6 * 3600), service_s=None if no_show else self._rng.randint(120, 900),
            outcome="no_show" if no_show else "done", counter=self._rng.randint(1, 12), sla_min=sla,
        )  # fmt: skip

    def _skm(self, day: date, service: str) -> SkmRecord:
        answers = {e: self._rng.choice((2, 3, 3, 4, 4)) for e in range(1, 10)}
        counter = self._rng.randint(1, 12)
        return SkmRecord(
            key=self._take_key(), day=day, service=service, counter=counter, answers=answers
        )

    def _take_key(self) -> int:
        self._next_key += 1
        return self._next_key - 1

    def batches(
        self, records: list[Record], sent_at: datetime, size: int = 1000
    ) -> Iterator[Batch]:
        for start in range(0, len(records), size):
            self.sequence += 1
            yield Batch(office=self.code, sent_at=sent_at, sequence=self.sequence,
                        instance=self.instance, records=records[start : start + size])  # fmt: skip

    def live(self, at: datetime, *, waiting: int, longest: int) -> LiveReport:
        queues = [LiveQueue(service="AP", waiting=waiting, longest_wait_min=longest)]
        state = LiveState(at=at.astimezone(WIB), open_now=True, queues=queues, counters_open=6,
                          counters_total=12, issued_today=120, served_today=95)  # fmt: skip
        return LiveReport(office=self.code, sent_at=at, state=state)


def now_utc() -> datetime:
    return datetime.now(UTC)
