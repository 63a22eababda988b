"""Rolling up an office's days and months from its records (``domain.figures``).

Called inside a batch's transaction for the days the batch touched: each day is
recomputed whole from its records (a few hundred rows), then its month from its days,
so a record arriving late, or twice, leaves the same figures.
"""

from collections.abc import Iterable
from datetime import date, datetime

from hq_server.domain.figures import SkmTally, Tally, Visit, merged, queue_key, tally_by_queue
from hq_server.storage import Session, record_store, rollup_store
from hq_server.storage.partitions import month_of, next_month


def roll_days(session: Session, office_id: int, days: Iterable[date], *, now: datetime) -> None:
    months = set()
    for day in sorted(set(days)):
        _roll_day(session, office_id, day, now)
        months.add(month_of(day))
    for month in sorted(months):
        roll_month(session, office_id, month)


def _roll_day(session: Session, office_id: int, day: date, now: datetime) -> None:
    visits = [
        Visit(queue_key(row.service, row.stage), row.outcome, row.wait_s, row.service_s,
              row.sla_min)
        for row in record_store.visits_of_day(session, office_id, day)
    ]  # fmt: skip
    skm = SkmTally()
    for answers in record_store.skm_of_day(session, office_id, day):
        skm.add({int(element): int(answer) for element, answer in answers.items()})
    queues = {queue: tally.to_json() for queue, tally in tally_by_queue(visits).items()}
    rollup_store.put_office_day(
        session, office_id=office_id, day=day, queues=queues, skm=skm.to_json(),
        facts=rollup_store.day_facts(session, office_id, day), now=now,
    )  # fmt: skip


def roll_month(session: Session, office_id: int, month: date) -> None:
    """Merge the office's days of ``month`` into its month row."""
    last = date.fromordinal(next_month(month).toordinal() - 1)
    total, skm = Tally(), SkmTally()
    issued = days_open = 0
    for row in rollup_store.office_days(session, [office_id], month, last):
        total.merge(merged(Tally.from_json(q) for q in row.queues.values()))
        skm.merge(SkmTally.from_json(row.skm))
        issued += row.issued or 0
        days_open += bool(row.open)
    rollup_store.put_office_month(
        session, office_id=office_id, month=month, tally=total.to_json(), skm=skm.to_json(),
        issued=issued, days_open=days_open,
    )  # fmt: skip
