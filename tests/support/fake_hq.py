"""Headquarters as the upstream contract describes it, in memory, behind an
``httpx.MockTransport``: it checks signatures, office and freshness, keeps batches once
per sequence and records once per (instance, key), and can be down or refuse."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import ValidationError

from queue_protocol.upstream import (
    FRESHNESS,
    OFFICE_HEADER,
    SIGNATURE_HEADER,
    Batch,
    DayRecord,
    Hello,
    LiveReport,
    SignatureError,
    SkmRecord,
    VisitRecord,
    batch_digest,
    public_key_text,
    verify,
)
from queue_server.upstream.credentials import UpstreamCredentials


@dataclass
class FakeHeadquarters:
    office: str
    key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    down: bool = False
    refuse_next: str | None = None  # the error code to answer the next batch with
    batches: dict[int, str] = field(default_factory=dict)  # sequence -> digest
    visits: dict[tuple[str, int], VisitRecord] = field(default_factory=dict)
    skm: dict[tuple[str, int], SkmRecord] = field(default_factory=dict)
    days: dict[Any, DayRecord] = field(default_factory=dict)
    live: list[LiveReport] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)

    def credentials(self) -> UpstreamCredentials:
        return UpstreamCredentials(
            hq_url="https://hq.test", ca_pem=None, office=self.office, name="Kanim",
            region="Kanwil DKI Jakarta", key=self.key,
        )  # fmt: skip

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("HQ is down", request=request)
        body = request.content
        try:
            verify(body, request.headers.get(SIGNATURE_HEADER, ""), public_key_text(self.key))
        except SignatureError:
            return self._refuse(401, "bad_signature")
        if request.headers.get(OFFICE_HEADER) != self.office:
            return self._refuse(401, "unknown_office")
        path = request.url.path
        messages: dict[str, type[Hello | Batch | LiveReport]] = {
            "/api/v1/hq/hello": Hello, "/api/v1/hq/batches": Batch, "/api/v1/hq/live": LiveReport,
        }  # fmt: skip
        message = messages[path]
        try:
            parsed = message.model_validate_json(body)
        except ValidationError:
            return self._refuse(422, "invalid_batch")
        if abs(parsed.sent_at - self.clock()) > FRESHNESS:
            return self._refuse(422, "clock_skew")
        if isinstance(parsed, Hello):
            return httpx.Response(200, json={"highest_sequence": max(self.batches, default=0)})
        if isinstance(parsed, LiveReport):
            self.live.append(parsed)
            return httpx.Response(200, json={"acknowledged": 1})
        assert isinstance(parsed, Batch)
        return self._batch(parsed)

    def _batch(self, batch: Batch) -> httpx.Response:
        if self.refuse_next is not None:
            code, self.refuse_next = self.refuse_next, None
            return self._refuse(422, code)
        content = batch_digest(batch)
        if batch.sequence in self.batches:
            if self.batches[batch.sequence] != content:
                return self._refuse(409, "sequence_conflict")
            return httpx.Response(200, json={"acknowledged": batch.sequence, "duplicate": True})
        self.batches[batch.sequence] = content
        for record in batch.records:
            if isinstance(record, VisitRecord):
                self.visits.setdefault((batch.instance, record.key), record)
            elif isinstance(record, SkmRecord):
                self.skm.setdefault((batch.instance, record.key), record)
            elif isinstance(record, DayRecord):
                self.days[record.day] = record
        return httpx.Response(200, json={"acknowledged": batch.sequence})

    def _refuse(self, status: int, code: str) -> httpx.Response:
        self.refusals.append(code)
        return httpx.Response(status, json={"error": code, "message": code, "message_en": code})
