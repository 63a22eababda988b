"""What offices send: greetings, batches of records, live state (``queue_protocol.upstream``).

Each message is admitted first (``admit``: enrolled office, signature, the office it
names, well-formed, fresh), then stored. A batch is stored once per (office, sequence):
the same content again is a duplicate, other content under a stored sequence a
conflict. Its records are kept once per (office, instance, key), and the days they touch
are rolled up again in the same transaction, so the figures never lag the records.
"""

from datetime import date
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from hq_server.domain.admission import check_fresh, check_names_office, check_record_day
from hq_server.domain.errors import (
    BadSignatureError,
    InvalidBatchError,
    SequenceConflictError,
    UnknownOfficeError,
)
from hq_server.services import rollup
from hq_server.services.context import HqContext
from hq_server.storage import Session, live_store, office_store, record_store
from hq_server.storage.office_store import Office
from queue_protocol.upstream import (
    Ack,
    Batch,
    Cursor,
    DayRecord,
    Hello,
    LiveReport,
    NoticeRecord,
    SignatureError,
    SkmRecord,
    VisitRecord,
    batch_digest,
    verify,
)

MessageT = TypeVar("MessageT", bound=BaseModel)


def admit(
    ctx: HqContext, office_code: str, body: bytes, signature: str, model: type[MessageT]
) -> tuple[Office, MessageT]:
    """The office and the message, once both check out; else the contract's refusal."""
    office = ctx.enrolled_office(office_code)
    if office is None or office.public_key is None:
        raise UnknownOfficeError(
            f"Kantor {office_code!r} tidak terdaftar di pusat.",
            f"Office {office_code!r} is not enrolled at headquarters: enrol it with a code "
            "from 'antrean hq office add'.",
        )
    try:
        verify(body, signature, office.public_key)
    except SignatureError:
        raise BadSignatureError(
            "Tanda tangan tidak cocok dengan kunci kantor yang terdaftar.",
            "The signature does not match the office's enrolled key: enrol the office again.",
        ) from None
    try:
        message = model.model_validate_json(body)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem.get("loc", ()))
        raise InvalidBatchError(
            f"Pesan tidak sesuai kontrak: {where}: {problem.get('msg')}",
            f"The message does not follow the contract: {where}: {problem.get('msg')}",
        ) from None
    check_names_office(office.code, getattr(message, "office", ""))
    check_fresh(getattr(message, "sent_at"), ctx.now())  # noqa: B009 - every signed model has it
    return office, message


def hello(ctx: HqContext, office_code: str, body: bytes, signature: str) -> Cursor:
    office, _ = admit(ctx, office_code, body, signature, Hello)
    with ctx.db.read() as session:
        return Cursor(highest_sequence=record_store.highest_sequence(session, office.id))


def live(ctx: HqContext, office_code: str, body: bytes, signature: str) -> Ack:
    office, report = admit(ctx, office_code, body, signature, LiveReport)
    state = report.state
    check_fresh(state.at, ctx.now())  # a state from the future would hide every later one
    with ctx.db.write(durable=False) as session:  # the next report replaces it anyway
        live_store.put(session, office.id, at=state.at, state=state.model_dump(mode="json"),
                       now=ctx.now())  # fmt: skip
    return Ack(acknowledged=1)


def batch(ctx: HqContext, office_code: str, body: bytes, signature: str) -> Ack:
    office, message = admit(ctx, office_code, body, signature, Batch)
    today = ctx.today()
    record_days = {r.day for r in message.records if isinstance(r, VisitRecord | SkmRecord)}
    for day in record_days | {r.day for r in message.records if isinstance(r, DayRecord)}:
        check_record_day(day, today)
    ctx.partitions.ensure(record_days)
    digest = batch_digest(message)
    with ctx.db.write() as session:
        office_store.lock(session, office.id)
        stored = record_store.batch(session, office.id, message.sequence)
        if stored is not None:
            if stored.digest != digest:
                raise SequenceConflictError(
                    f"Batch {message.sequence} sudah diterima dengan isi lain.",
                    f"Batch {message.sequence} was already received with other content.",
                )
            return Ack(acknowledged=message.sequence, duplicate=True)
        record_store.add_batch(
            session, office_id=office.id, sequence=message.sequence, digest=digest,
            instance=message.instance, records=len(message.records), sent_at=message.sent_at,
            now=ctx.now(),
        )  # fmt: skip
        touched = _store_records(session, office.id, message)
        rollup.roll_days(session, office.id, touched, now=ctx.now())
    return Ack(acknowledged=message.sequence)


def _store_records(session: Session, office_id: int, message: Batch) -> set[date]:
    """Write the batch's records; the days whose figures they change."""
    instance = message.instance
    visits, answers, touched = [], [], set()
    for record in message.records:
        if isinstance(record, VisitRecord):
            visits.append(_visit_row(office_id, instance, record))
        elif isinstance(record, SkmRecord):
            answers.append({
                "office_id": office_id, "instance": instance, "key": record.key,
                "day": record.day, "service": record.service, "counter": record.counter,
                "answers": {str(k): v for k, v in record.answers.items()},
            })  # fmt: skip
        elif isinstance(record, DayRecord):
            record_store.put_day(session, office_id, record.day, open_=record.open,
                                 issued=dict(record.issued))  # fmt: skip
        else:
            _store_notice(session, office_id, instance, record)
        if not isinstance(record, NoticeRecord):
            touched.add(record.day)
    record_store.add_visits(session, visits)
    record_store.add_skm(session, answers)
    return touched


def _visit_row(office_id: int, instance: str, record: VisitRecord) -> dict[str, object]:
    return {
        "office_id": office_id, "instance": instance, "key": record.key, "day": record.day,
        "service": record.service, "stage": record.stage,
        "ticket_class": record.ticket_class.value, "source": record.source.value,
        "issued_hour": record.issued_hour, "wait_s": record.wait_s,
        "service_s": record.service_s, "outcome": record.outcome, "counter": record.counter,
        "sla_min": record.sla_min,
    }  # fmt: skip


def _store_notice(session: Session, office_id: int, instance: str, record: NoticeRecord) -> None:
    record_store.put_notice(session, {
        "office_id": office_id, "instance": instance, "key": record.key, "at": record.at,
        "active": record.active, "text_id": record.text.id[:500], "text_en": record.text.en[:500],
    })  # fmt: skip
