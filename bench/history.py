"""A busy office's history, made up and written with bulk inserts: tickets, their stage
visits, their events, SKM answers and printer faults, day after day.

Used by ``bench/reports.py`` (five years) and by the report screenshots (a few weeks).
Visits follow the office's services and stages; arrival peaks in the morning; waits grow
with the hour's load; 4 % no-show, 1.5 % cancelled while waiting. Officers are
``petugas01``..; there are no visitor names or passport numbers anywhere.
"""

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from queue_server.domain.office import OfficeConfig, ServiceDef
from queue_server.storage import Database, event_store

SERVICE_WEIGHTS = {"PB": 25, "GP": 25, "HR": 5, "PC": 5, "AP": 20, "IT": 8, "OA": 5, "IN": 7}
HOUR_WEIGHTS = {7: 4, 8: 16, 9: 20, 10: 18, 11: 14, 12: 6, 13: 10, 14: 9}
BATCH = 20_000


@dataclass
class Batch:
    """Rows waiting to be inserted, per table."""

    tickets: list[dict[str, Any]] = field(default_factory=list)
    stages: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    feedback: list[dict[str, Any]] = field(default_factory=list)
    faults: list[dict[str, Any]] = field(default_factory=list)

    def size(self) -> int:
        return len(self.tickets) + len(self.stages) + len(self.events)


@dataclass
class Ids:
    ticket: int = 0
    stage: int = 0
    event: int = 0


def working_days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


class OfficeSimulator:
    """Makes the rows of one office day; ``now`` cuts the last day short (tickets still
    waiting), so the live page has something to show."""

    def __init__(self, office: OfficeConfig, zone: ZoneInfo, seed: int = 1) -> None:
        self.office = office
        self.zone = zone
        self.rng = random.Random(seed)
        self.ids = Ids()
        self.services = [office.service(code) for code in SERVICE_WEIGHTS]
        self.weights = list(SERVICE_WEIGHTS.values())
        self.names: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}

    def day(self, day: date, per_day: int, batch: Batch, now: datetime | None = None) -> None:
        numbers: dict[str, int] = {}
        hours = self.rng.choices(list(HOUR_WEIGHTS), list(HOUR_WEIGHTS.values()), k=per_day)
        for hour in sorted(hours):
            arrival = datetime.combine(day, time(hour), tzinfo=self.zone) + timedelta(
                seconds=self.rng.randrange(3600)
            )
            if now is not None and arrival > now:
                continue
            service = self.rng.choices(self.services, self.weights)[0]
            assert service is not None
            numbers[service.code] = numbers.get(service.code, 0) + 1
            number = f"{service.prefix}{numbers[service.code]:03d}"
            self._ticket(day, service, number, arrival, HOUR_WEIGHTS[hour], batch, now)
        if self.rng.random() < 0.15:
            at = datetime.combine(day, time(10), tzinfo=self.zone).astimezone(UTC)
            state = self.rng.choice(["paper_out", "offline", "cover_open"])
            batch.faults.append(
                {
                    "device_name": f"kiosk-{self.rng.randint(1, 4)}",
                    "device": "printer",
                    "state": state,
                    "message": state,
                    "ticket_id": None,
                    "at": at,
                    "resolved_at": at,
                }
            )

    def _ticket(
        self,
        day: date,
        service: ServiceDef,
        number: str,
        arrival: datetime,
        load: int,
        batch: Batch,
        now: datetime | None,
    ) -> None:
        self.ids.ticket += 1
        tid = self.ids.ticket
        row = self._ticket_row(tid, day, service, number, arrival)
        self._event(batch, "ticket.issued", None, arrival, tid, number, service, "waiting", None)
        at, status = arrival, "done"
        for stage in service.stages or (None,):
            stage_code = stage.code if stage else None
            at, status = self._visit(batch, row, service, stage_code, at, load, now)
            if status != "done":
                break
        row["status"] = status
        batch.tickets.append(row)
        if status == "done" and self.rng.random() < 0.2:
            self._feedback(batch, row, at)

    def _ticket_row(
        self, tid: int, day: date, service: ServiceDef, number: str, arrival: datetime
    ) -> dict[str, Any]:
        booked = service.booking and self.rng.random() < 0.85
        priority = self.rng.random() < 0.08
        cls = "priority" if priority else "appointment" if booked else "regular"
        source = "booking" if booked else self.rng.choice(["walk_in", "walk_in", "passport"])
        return {
            "id": tid,
            "day": day,
            "service": service.code,
            "stage": None,
            "number": number,
            "ticket_class": cls,
            "source": source,
            "priority_group": None,
            "language": "id",
            "issued_at": arrival,
            "queued_at": arrival,
            "recalls": 0,
            "reprints": 0,
            "status_token": f"b{tid:011x}{self.rng.getrandbits(48):012x}",
            "quota_pool": None,
            "device": "kiosk-1",
        }

    def _outcome(
        self, service: ServiceDef, stage: str | None, queued: datetime, load: int,
        now: datetime | None,
    ) -> tuple[str, datetime | None, datetime | None]:  # fmt: skip
        """(outcome, called, finished) of one visit; ``open`` if ``now`` comes first."""
        rng = self.rng
        called = queued + timedelta(minutes=rng.expovariate(1 / (2 + load * 0.9)))
        minutes = service.minutes_for(stage)
        draw = rng.random()
        result: tuple[str, datetime | None, datetime | None]
        if draw < 0.015:
            result = ("cancelled", None, called)
        elif draw < 0.055:
            result = ("no_show", called, called + timedelta(minutes=3))
        else:
            result = ("done", called, called + timedelta(minutes=rng.gammavariate(3, minutes / 3)))
        if now is not None and (result[1] or result[2] or now) > now:
            return ("open", None, None)
        return result

    def _visit(
        self, batch: Batch, row: dict[str, Any], service: ServiceDef, stage: str | None,
        queued: datetime, load: int, now: datetime | None,
    ) -> tuple[datetime, str]:  # fmt: skip
        self.ids.stage += 1
        queue = service.code if stage is None else f"{service.code}/{stage}"
        if queue not in self.counters:
            self.counters[queue] = [c.number for c in self.office.counters_serving(queue)] or [1]
        counter = self.rng.choice(self.counters[queue])
        outcome, called_at, finished_at = self._outcome(service, stage, queued, load, now)
        served_by = {"counter": counter if called_at else None,
                     "officer": f"petugas{counter:02d}" if called_at else None}  # fmt: skip
        batch.stages.append(
            {"id": self.ids.stage, "ticket_id": row["id"], "day": row["day"],
             "service": service.code, "stage": stage, "ticket_class": row["ticket_class"],
             "source": row["source"], "queued_at": queued, "called_at": called_at,
             "started_at": called_at, "finished_at": finished_at, **served_by,
             "outcome": None if outcome == "open" else outcome}
        )  # fmt: skip
        row.update(stage=stage, called_at=called_at, started_at=called_at,
                   finished_at=finished_at, **served_by)  # fmt: skip
        tid, number = row["id"], row["number"]
        if called_at is not None:
            self._event(batch, "ticket.called", "call", called_at, tid, number, service,
                        "called", counter)  # fmt: skip
        if finished_at is not None:
            self._event(batch, "ticket.updated", "finish", finished_at, tid, number, service,
                        outcome, counter if called_at else None)  # fmt: skip
        if outcome == "open":
            return queued, "waiting"
        return finished_at or queued, outcome

    def _event(
        self,
        batch: Batch,
        type_: str,
        action: str | None,
        at: datetime,
        tid: int,
        number: str,
        service: ServiceDef,
        status: str,
        counter: int | None,
    ) -> None:
        """An event as the server writes it: the whole ticket as the contract shows it
        (serialised here by a template: json.dumps would dominate the seeding time)."""
        self.ids.event += 1
        local = at.astimezone(self.zone).isoformat()
        name = self.names.setdefault(
            service.code, json.dumps({"id": service.name_id, "en": service.name_en})
        )
        called = f'"{local}"' if counter else "null"
        data = (
            f'{{"ticket": {{"id": {tid}, "number": "{number}", "service": "{service.code}", '
            f'"service_name": {name}, "stage": null, "stage_name": null, "status": "{status}", '
            f'"class": "regular", "source": "walk_in", "priority_group": null, "language": "id", '
            f'"issued_at": "{local}", "called_at": {called}, "counter": {counter or "null"}, '
            f'"position": null, "estimated_wait_min": null, "booking_ref": null, '
            f'"status_url": "http://127.0.0.1:8000/status/b{tid:011x}000000000000", '
            f'"recalls": 0, "reprinted": false}}, "recall": false, '
            f'"counter": {counter or "null"}, "action": {json.dumps(action)}}}'
        )
        batch.events.append(
            {"seq": self.ids.event, "at": at, "type": type_, "action": action, "ticket_id": tid,
             "actor": "kiosk-1", "counter": counter, "data": data}
        )  # fmt: skip

    def _feedback(self, batch: Batch, row: dict[str, Any], at: datetime) -> None:
        answers: dict[str, int | None] = {
            f"u{i}": self.rng.choices([1, 2, 3, 4], [2, 6, 52, 40])[0] for i in range(1, 10)
        }
        if self.rng.random() < 0.1:
            answers["u9"] = None
        batch.feedback.append(
            {
                "ticket_id": row["id"],
                "day": row["day"],
                "service": row["service"],
                "counter": row["counter"],
                "officer": row["officer"],
                "language": "id",
                "client_ref": f"fb-{row['id']}",
                "created_at": at,
                **answers,
            }
        )


TABLES = (
    ("tickets", "tickets"),
    ("ticket_stages", "stages"),
    ("events", "events"),
    ("feedback", "feedback"),
    ("device_faults", "faults"),
)


def _sqlite_value(value: object) -> object:
    """What SQLAlchemy's SQLite types store: naive UTC text for times, ISO text for days."""
    if isinstance(value, datetime):
        v = value.astimezone(UTC)
        return (
            f"{v.year:04d}-{v.month:02d}-{v.day:02d} "
            f"{v.hour:02d}:{v.minute:02d}:{v.second:02d}.{v.microsecond:06d}"
        )
    if isinstance(value, date):
        return value.isoformat()
    return value


def flush(db: Database, batch: Batch) -> None:
    """Insert the batch in one transaction: ``executemany`` on SQLite, ``COPY`` on PostgreSQL
    (bulk paths that skip the ORM; the values are what the ORM would have written)."""
    with db.engine.begin() as connection:
        raw: Any = connection.connection.driver_connection
        cursor = raw.cursor()
        for table, name in TABLES:
            rows: list[dict[str, Any]] = getattr(batch, name)
            if not rows:
                continue
            columns = list(rows[0])
            if db.is_sqlite:
                marks = ", ".join("?" for _ in columns)
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                    [tuple(_sqlite_value(row[c]) for c in columns) for row in rows],
                )
            else:
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row([row[c] for c in columns])
        cursor.close()
    for rows in vars(batch).values():
        rows.clear()


def seed_history(
    db: Database,
    office: OfficeConfig,
    zone: ZoneInfo,
    first: date,
    last: date,
    *,
    per_day: int,
    now: datetime | None = None,
    seed: int = 1,
    events: bool = True,
) -> int:
    """Write every working day from ``first`` to ``last``; returns the number of tickets.
    Without ``events`` the event log stays empty (reports never read it; it is most of
    the seeding time and of the database)."""
    simulator = OfficeSimulator(office, zone, seed)
    with db.read() as session:  # after what is logged already (accounts made, say)
        simulator.ids.event = event_store.last_seq(session)
    batch = Batch()
    for day in working_days(first, last):
        simulator.day(day, per_day, batch, now if day == last else None)
        if not events:
            batch.events.clear()
        if batch.size() >= BATCH:
            flush(db, batch)
    flush(db, batch)
    if not db.is_sqlite:
        _advance_sequences(db)
    return simulator.ids.ticket


def _advance_sequences(db: Database) -> None:
    """COPY wrote the ids itself; the next row the server adds must come after them."""
    with db.engine.begin() as connection:
        for table, column in (("tickets", "id"), ("ticket_stages", "id"), ("events", "seq")):
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"  # noqa: S608
                f" (SELECT coalesce(max({column}), 0) + 1 FROM {table}), false)"
            )
