"""The upstream contract: signed, and with nothing personal in it."""

import typing
from datetime import UTC, date, datetime
from types import UnionType
from typing import Any, get_args, get_origin

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import BaseModel, ValidationError

from queue_protocol import upstream
from queue_protocol.upstream import (
    PERSONAL_FIELDS,
    Batch,
    LiveReport,
    SignatureError,
    VisitRecord,
    public_key_text,
    sign,
    verify,
)

MESSAGES: list[type[BaseModel]] = [
    upstream.Batch,
    upstream.LiveReport,
    upstream.Hello,
    upstream.Cursor,
    upstream.Ack,
]


def _models(annotation: Any) -> typing.Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models(field.annotation)
        return
    if get_origin(annotation) is not None or isinstance(annotation, UnionType):
        for argument in get_args(annotation):
            yield from _models(argument)


def test_no_message_to_headquarters_has_a_personal_field() -> None:
    seen: dict[str, set[str]] = {}
    for message in MESSAGES:
        for model in _models(message):
            names = set(model.model_fields) | {
                f.alias for f in model.model_fields.values() if f.alias
            }
            seen[model.__name__] = names
    assert {"VisitRecord", "SkmRecord", "DayRecord", "NoticeRecord", "LiveState"} <= set(seen)
    leaks = {
        model: names & PERSONAL_FIELDS for model, names in seen.items() if names & PERSONAL_FIELDS
    }
    assert leaks == {}


def _visit(**changes: Any) -> dict[str, Any]:
    return {
        "type": "visit", "key": 7, "day": "2026-12-07", "service": "PB", "stage": "berkas",
        "class": "regular", "source": "walk_in", "issued_hour": 9, "wait_s": 600,
        "service_s": 420, "outcome": "done", "counter": 3, "sla_min": 30, **changes,
    }  # fmt: skip


def test_batch_reads_every_record_kind() -> None:
    batch = Batch.model_validate(
        {
            "office": "kanim-jaksel",
            "sent_at": "2026-12-07T10:00:00+07:00",
            "sequence": 1,
            "instance": "Zm9vYmFyYmF6",
            "records": [
                _visit(),
                {
                    "type": "skm",
                    "key": 1,
                    "day": "2026-12-07",
                    "service": "PB",
                    "counter": 3,
                    "answers": {"1": 4, "9": 3},
                },
                {"type": "day", "day": "2026-12-06", "open": True, "issued": {"PB": 120}},
                {
                    "type": "notice",
                    "key": 2,
                    "at": "2026-12-07T08:00:00+07:00",
                    "active": True,
                    "text": {"id": "Layanan paspor ditutup", "en": "Passport service closed"},
                },
            ],
        }
    )
    assert [record.type for record in batch.records] == ["visit", "skm", "day", "notice"]
    visit = batch.records[0]
    assert isinstance(visit, VisitRecord)
    assert visit.day == date(2026, 12, 7)


@pytest.mark.parametrize(
    "change",
    [{"number": "A012"}, {"issued_hour": 24}, {"wait_s": -1}, {"outcome": "lost"}],
)
def test_visit_with_an_unknown_field_or_value_out_of_range_refused(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        VisitRecord.model_validate(_visit(**change))


def test_signature_checks_the_exact_bytes() -> None:
    key = Ed25519PrivateKey.generate()
    report = LiveReport(
        office="kanim-jaksel",
        sent_at=datetime(2026, 12, 7, 3, tzinfo=UTC),
        state={
            "at": "2026-12-07T10:00:00+07:00",
            "open_now": True,
            "queues": [],
            "counters_open": 3,
            "counters_total": 8,
            "issued_today": 40,
            "served_today": 31,
        },
    )
    body = report.model_dump_json(by_alias=True).encode()
    signature = sign(body, key)
    verify(body, signature, public_key_text(key))
    with pytest.raises(SignatureError):
        verify(body.replace(b"40", b"41"), signature, public_key_text(key))
    with pytest.raises(SignatureError):
        verify(body, signature, public_key_text(Ed25519PrivateKey.generate()))
    with pytest.raises(SignatureError):
        verify(body, "not base64!", public_key_text(key))
