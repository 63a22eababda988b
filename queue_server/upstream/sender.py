"""Reports the office to headquarters: its records in numbered, signed batches, and its
state now. One background thread; nothing is lost while HQ or this server is away.

Every ``interval`` seconds it:

1. greets HQ once after each start or outage (``Hello``), and numbers batches on from
   the highest sequence HQ holds: batches never sent are renumbered above it, and a
   database that is behind HQ (restored from a backup, or rebuilt) becomes a new
   ``instance``, so its record keys cannot be taken for ones HQ has;
2. exports what happened since (``upstream_export``) into the outbox;
3. sends the due batches in sequence, each signed at the moment it is sent; HQ's
   acknowledgement deletes it. A batch HQ refuses as invalid is put aside (kept, shown
   on the admin's page, audited) and the next goes on. A refusal of the office itself
   (unknown, bad signature, clock wrong) or no answer keeps everything for later;
4. sends the live state when it changed, at most every ``LIVE_EVERY`` seconds, and at
   least every ``HEARTBEAT`` seconds so HQ sees the office is there.

One log line when HQ goes away and one when it is back.
"""

import logging
from datetime import datetime, timedelta
from typing import Any

import httpx
from pydantic import BaseModel

from queue_protocol.upstream import (
    OFFICE_HEADER,
    SIGNATURE_HEADER,
    Ack,
    Batch,
    Cursor,
    Hello,
    LiveReport,
    sign,
)
from queue_server.services import upstream_export, upstream_status
from queue_server.services.background import BackgroundThread
from queue_server.services.context import ServerContext
from queue_server.services.upstream_live import live_state
from queue_server.upstream.credentials import UpstreamCredentials

log = logging.getLogger(__name__)

LIVE_EVERY = timedelta(seconds=5)
HEARTBEAT = timedelta(seconds=60)
BATCHES_AT_ONCE = 20
PUT_ASIDE = frozenset({"invalid_batch", "sequence_conflict"})


class RefusedError(Exception):
    """HQ answered 4xx; ``error`` is the contract's code."""

    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(f"{status} {error}: {message}")
        self.error = error


class UpstreamSender(BackgroundThread):
    thread_name = "upstream"

    def __init__(
        self,
        ctx: ServerContext,
        credentials: UpstreamCredentials,
        *,
        interval: float = 2.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        super().__init__()
        self._ctx = ctx
        self._credentials = credentials
        self._interval = interval
        self._transport = transport
        self._greeted = False
        self._reachable: bool | None = None
        self._live_sent: Any = None
        self._live_at: datetime | None = None

    def _run(self) -> None:
        with self._credentials.http_client(transport=self._transport) as client:
            while not self._stop.is_set():
                self.tick(client)
                self._stop.wait(self._interval)

    def tick(self, client: httpx.Client) -> int:
        """One round; returns how many batches HQ acknowledged."""
        try:
            upstream_export.export(self._ctx)
        except Exception:  # a failed export must not stop the reports; it runs again
            log.exception("export for headquarters failed")
        try:
            if not self._greeted:
                self._hello(client)
            acknowledged = self._send_batches(client)
            self._send_live(client)
        except (httpx.HTTPError, RefusedError) as error:
            self._lost(str(error) or type(error).__name__)
            return 0
        self._set_reachable(True, "")
        return acknowledged

    def _hello(self, client: httpx.Client) -> None:
        reply = self._post(client, "/api/v1/hq/hello", Hello(**self._signed()))
        cursor = Cursor.model_validate_json(reply.content)
        upstream_status.go_on_from(self._ctx, cursor.highest_sequence)
        self._greeted = True

    def _send_batches(self, client: httpx.Client) -> int:
        acknowledged = 0
        for pending in upstream_status.due(self._ctx, limit=BATCHES_AT_ONCE):
            batch = Batch(**self._signed(), **pending)
            try:
                reply = self._post(client, "/api/v1/hq/batches", batch)
            except RefusedError as refusal:
                if refusal.error not in PUT_ASIDE:
                    upstream_status.retry_later(self._ctx, batch.sequence, str(refusal))
                    raise
                upstream_status.put_aside(self._ctx, batch.sequence, str(refusal))
                log.error("HQ refused batch %d: %s; put aside", batch.sequence, refusal)
                continue
            except httpx.HTTPError as error:
                upstream_status.retry_later(self._ctx, batch.sequence, str(error))
                raise
            upstream_status.acknowledged(self._ctx, Ack.model_validate_json(reply.content))
            acknowledged += 1
        return acknowledged

    def _send_live(self, client: httpx.Client) -> None:
        state = live_state(self._ctx)
        now = self._ctx.now()
        unchanged = state.model_dump(exclude={"at"}) == self._live_sent
        if self._live_at is not None and (
            now - self._live_at < (HEARTBEAT if unchanged else LIVE_EVERY)
        ):
            return
        self._post(client, "/api/v1/hq/live", LiveReport(**self._signed(), state=state))
        self._live_sent, self._live_at = state.model_dump(exclude={"at"}), now

    def _signed(self) -> dict[str, Any]:
        return {"office": self._credentials.office, "sent_at": self._ctx.local(self._ctx.now())}

    def _post(self, client: httpx.Client, path: str, message: BaseModel) -> httpx.Response:
        body = message.model_dump_json(by_alias=True).encode()
        headers = {
            "Content-Type": "application/json",
            OFFICE_HEADER: self._credentials.office,
            SIGNATURE_HEADER: sign(body, self._credentials.key),
        }
        reply = client.post(path, content=body, headers=headers)
        if reply.status_code >= 500:
            raise httpx.HTTPStatusError(
                f"HQ answered {reply.status_code}", request=reply.request, response=reply
            )
        if reply.status_code >= 400:
            raise _refusal(reply)
        return reply

    def _lost(self, error: str) -> None:
        self._greeted = False  # greet again: HQ may have been restored meanwhile
        upstream_status.failed(self._ctx, error)
        self._set_reachable(False, error)

    def _set_reachable(self, reachable: bool, error: str) -> None:
        if reachable == self._reachable:
            return
        self._reachable = reachable
        if reachable:
            log.info("headquarters %s reachable; sending reports", self._credentials.hq_url)
        else:
            log.warning(
                "headquarters %s unreachable or refusing (%s); reports wait in the outbox",
                self._credentials.hq_url,
                error,
            )


def _refusal(reply: httpx.Response) -> RefusedError:
    try:
        body = reply.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    message = str(body.get("message_en") or body.get("message") or reply.reason_phrase)
    return RefusedError(reply.status_code, str(body.get("error", "refused")), message)
