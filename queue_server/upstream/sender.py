"""Sends the outbox to headquarters in a background thread; nothing is dropped on failure."""

import logging
from datetime import date

import httpx

from queue_server.services import upstream_reports
from queue_server.services.background import BackgroundThread
from queue_server.services.context import ServerContext

log = logging.getLogger(__name__)


class UpstreamSender(BackgroundThread):
    """Every ``interval`` seconds: queue a live snapshot, a daily report when the day turns,
    and send whatever is due. Logs once when the upstream goes away and once when it is back."""

    thread_name = "upstream"

    def __init__(
        self,
        ctx: ServerContext,
        url: str,
        *,
        interval: float = 60.0,
        snapshots: bool = True,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        super().__init__()
        self._ctx = ctx
        self._url = url.rstrip("/")
        self._interval = interval
        self._snapshots = snapshots
        self._transport = transport
        self._reachable: bool | None = None
        self._day: date | None = None

    def _run(self) -> None:
        with httpx.Client(timeout=10, transport=self._transport) as client:
            while not self._stop.is_set():
                self.tick(client)
                self._stop.wait(self._interval)

    def tick(self, client: httpx.Client) -> int:
        """One round; returns how many reports were acknowledged."""
        today = self._ctx.today()
        if self._day is not None and today != self._day:
            upstream_reports.enqueue_daily_report(self._ctx, self._day)
        self._day = today
        if self._snapshots:
            upstream_reports.enqueue_live_snapshot(self._ctx)
        return self.flush(client)

    def flush(self, client: httpx.Client) -> int:
        sent = 0
        for report in upstream_reports.due(self._ctx):
            try:
                reply = client.post(
                    f"{self._url}/{report.kind}",
                    json=report.payload,
                    headers={"Idempotency-Key": report.idempotency_key},
                )
                ok = 200 <= reply.status_code < 300
                error = f"HTTP {reply.status_code}"
            except httpx.HTTPError as failure:
                ok, error = False, str(failure) or type(failure).__name__
            if not ok:
                upstream_reports.mark_failed(self._ctx, report.id, error)
                self._set_reachable(False, error)
                break  # the upstream is likely down: wait for the next round
            upstream_reports.mark_sent(self._ctx, report.id)
            self._set_reachable(True, "")
            sent += 1
        return sent

    def _set_reachable(self, reachable: bool, error: str) -> None:
        if reachable == self._reachable:
            return
        self._reachable = reachable
        if reachable:
            log.info("upstream %s reachable; sending reports", self._url)
        else:
            log.warning(
                "upstream %s unreachable (%s); reports wait in the outbox", self._url, error
            )
