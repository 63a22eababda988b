"""``GET /metrics``: the office in Prometheus' text format, for the monitoring of the office's
IT or the directorate's.

Readable from the server itself (loopback) or with the scraper's own token
(``ANTREAN_METRICS_TOKEN`` in the server's environment, sent as ``Authorization: Bearer``);
anyone else is refused. Request counts and latencies are this server process's, by route
template (never by raw path: an id in a path would make a series per ticket); the office's
figures (queues, waits, counters, devices, the reports waiting for headquarters) are read
when scraped.
"""

import ipaddress
import secrets
import time
from collections.abc import Iterator

from fastapi import APIRouter, HTTPException, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from queue_server.services.context import ServerContext
from queue_server.services.office_metrics import OfficeFigures, office_figures

router = APIRouter(include_in_schema=False)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class RequestMetrics:
    """The request counter and latency histogram of one app, in its own registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "antrean_http_requests",
            "HTTP requests answered, by method, route and status",
            ("method", "route", "status"),
            registry=registry,
        )
        self.latency = Histogram(
            "antrean_http_request_duration_seconds",
            "Time to answer an HTTP request, by route",
            ("route",),
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )


class RequestMetricsMiddleware:
    """Counts and times every HTTP request (WebSockets are event streams, not requests)."""

    def __init__(self, app: ASGIApp, metrics: RequestMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # an exception before the answer started

        async def send_counted(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_counted)
        finally:
            route = _route_of(scope)
            self.metrics.latency.labels(route).observe(time.perf_counter() - started)
            self.metrics.requests.labels(scope["method"], route, str(status)).inc()


def _route_of(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str):
        return path
    return "static" if str(scope.get("path", "")).startswith("/static/") else "unmatched"


class OfficeCollector(Collector):
    """The office's figures as gauges, read from the database at each scrape."""

    def __init__(self, ctx: ServerContext) -> None:
        self._ctx = ctx

    def collect(self) -> Iterator[Metric]:
        yield from office_metrics(office_figures(self._ctx))


def office_metrics(figures: OfficeFigures) -> Iterator[Metric]:
    live = figures.live
    yield _gauge("antrean_office_open", "1 while the office is open for tickets", live.open_now)
    waiting = GaugeMetricFamily(
        "antrean_queue_waiting",
        "Tickets waiting, by service and stage",
        labels=["service", "stage"],
    )
    longest = GaugeMetricFamily(
        "antrean_queue_longest_wait_minutes",
        "The longest wait now, by service and stage",
        labels=["service", "stage"],
    )
    for queue in live.queues:
        labels = [queue.service, queue.stage or ""]
        waiting.add_metric(labels, queue.waiting)
        longest.add_metric(labels, queue.longest_wait_min)
    yield waiting
    yield longest
    yield _gauge("antrean_counters_open", "Counters open now", live.counters_open)
    yield _gauge("antrean_counters", "Counters configured", live.counters_total)
    yield _gauge("antrean_tickets_issued_today", "Tickets issued today", live.issued_today)
    yield _gauge("antrean_tickets_served_today", "Tickets served today", live.served_today)
    yield from _device_metrics(figures)
    yield from _upstream_metrics(figures)


def _device_metrics(figures: OfficeFigures) -> Iterator[Metric]:
    labels = ["device", "kind"]
    contact = GaugeMetricFamily(
        "antrean_device_last_contact_timestamp_seconds",
        "When an enrolled device last spoke to the server (Unix time)",
        labels=labels,
    )
    streaming = GaugeMetricFamily(
        "antrean_device_streaming", "1 while the device's event stream is open", labels=labels
    )
    silent = GaugeMetricFamily(
        "antrean_device_silent",
        "1 when the device has been silent longer than the office allows",
        labels=labels,
    )
    for device in figures.devices:
        names = [device.name, device.kind]
        if device.last_contact is not None:
            contact.add_metric(names, device.last_contact.timestamp())
        streaming.add_metric(names, device.streaming)
        silent.add_metric(names, device.silent)
    faults = GaugeMetricFamily(
        "antrean_device_faults_open", "Unresolved device faults, by device", labels=["device"]
    )
    for name, count in sorted(figures.faults_open.items()):
        faults.add_metric([name], count)
    yield from (contact, streaming, silent, faults)


def _upstream_metrics(figures: OfficeFigures) -> Iterator[Metric]:
    upstream = figures.upstream
    yield _gauge(
        "antrean_upstream_backlog_batches",
        "Batches of records waiting for headquarters",
        upstream.waiting_batches,
    )
    yield _gauge(
        "antrean_upstream_backlog_records",
        "Records waiting for headquarters",
        upstream.waiting_records,
    )
    yield _gauge(
        "antrean_upstream_refused_batches",
        "Batches headquarters refused as invalid, put aside",
        len(upstream.refused),
    )
    if upstream.acknowledged_at is not None:
        yield _gauge(
            "antrean_upstream_last_ack_timestamp_seconds",
            "When headquarters last acknowledged a batch (Unix time)",
            upstream.acknowledged_at.timestamp(),
        )


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=float(value))


def metrics_registry(ctx: ServerContext) -> tuple[CollectorRegistry, RequestMetrics]:
    """An app's own registry (a process may hold several apps, as the tests do)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(OfficeCollector(ctx))
    return registry, RequestMetrics(registry)


@router.get("/metrics")
def metrics(request: Request) -> Response:
    _check_scraper(request)
    registry: CollectorRegistry = request.app.state.metrics_registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


def _check_scraper(request: Request) -> None:
    expected: str | None = request.app.state.metrics_token
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        if expected and secrets.compare_digest(header[7:].strip().encode(), expected.encode()):
            return
        raise HTTPException(403, detail="Token metrik salah / Wrong metrics token.")
    if request.client is not None and _is_loopback(request.client.host):
        return
    raise HTTPException(
        401,
        detail="Metrik hanya dari server ini atau dengan token metrik (ANTREAN_METRICS_TOKEN) "
        "/ Metrics only from this server or with the metrics token (ANTREAN_METRICS_TOKEN).",
        headers={"WWW-Authenticate": "Bearer"},
    )


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
