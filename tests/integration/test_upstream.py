"""Upstream reports wait in the outbox until headquarters acknowledges them."""

import json
from datetime import date

import httpx

from queue_server.server import open_context
from queue_server.settings import Settings
from queue_server.upstream.sender import UpstreamSender


class Headquarters:
    """An upstream that is down for the first ``failures`` requests, then records reports."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.received: list[tuple[str, str, dict[str, object]]] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.failures > 0:
            self.failures -= 1
            return httpx.Response(503)
        key = request.headers["Idempotency-Key"]
        self.received.append((request.url.path, key, json.loads(request.content)))
        return httpx.Response(202)


def test_reports_survive_outage_and_restart(server_settings: Settings) -> None:
    headquarters = Headquarters(failures=1)
    transport = httpx.MockTransport(headquarters.handle)
    ctx = open_context(server_settings)
    sender = UpstreamSender(ctx, "https://hq.example/api", snapshots=False, transport=transport)
    from queue_server.services import upstream_reports

    upstream_reports.enqueue_daily_report(ctx, date(2026, 12, 1))
    upstream_reports.enqueue_live_snapshot(ctx)
    with httpx.Client(transport=transport) as client:
        assert sender.flush(client) == 0  # the upstream is down: nothing lost, nothing sent
    ctx.db.dispose()

    restarted = open_context(server_settings)  # a new process on the same database
    restarted.clock = lambda: ctx.now().replace(year=ctx.now().year + 1)  # past any backoff
    sender = UpstreamSender(
        restarted, "https://hq.example/api", snapshots=False, transport=transport
    )
    with httpx.Client(transport=transport) as client:
        assert sender.flush(client) == 2
        assert sender.flush(client) == 0  # acknowledged reports are not sent again
    restarted.db.dispose()
    paths = [path for path, _, _ in headquarters.received]
    assert paths == ["/api/daily_report", "/api/live_snapshot"]
    assert headquarters.received[0][2]["day"] == "2026-12-01"
    keys = {key for _, key, _ in headquarters.received}
    assert len(keys) == 2
