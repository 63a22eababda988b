"""``GET /metrics``: the office's figures in Prometheus' text format, for loopback or the
scraper's token only, with requests counted by route template, never by raw path."""

import asyncio
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from queue_protocol import IssueTicketRequest, TicketSource
from queue_server.server import build_server
from queue_server.services.device_contact_writer import write_contacts
from queue_server.settings import Settings
from tests.support.live_server import ThreadServer

TOKEN = "scraper-" + "x" * 24


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of an exposition, by name and sorted labels."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_metrics_show_the_queue_the_devices_and_the_requests_by_route(
    api_server: ThreadServer,
) -> None:
    with api_server.kiosk_client() as kiosk:
        ticket = kiosk.issue_ticket(
            IssueTicketRequest(
                service="AP", source=TicketSource.WALK_IN, client_ref=uuid.uuid4().hex
            )
        )
        kiosk.ticket(ticket.id)
    write_contacts(api_server.ctx)

    reply = httpx.get(f"{api_server.url}/metrics")

    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/plain; version=")
    figures = samples(reply.text)
    assert figures[("antrean_queue_waiting", (("service", "AP"), ("stage", "")))] == 1
    assert figures[("antrean_tickets_issued_today", ())] == 1
    assert figures[("antrean_upstream_backlog_batches", ())] == 0
    contact = ("antrean_device_last_contact_timestamp_seconds",
               (("device", "kiosk-1"), ("kind", "kiosk")))  # fmt: skip
    assert abs(figures[contact] - api_server.ctx.now().timestamp()) < 120
    assert figures[("antrean_device_silent", (("device", "kiosk-1"), ("kind", "kiosk")))] == 0
    issued = ("antrean_http_requests_total",
              (("method", "POST"), ("route", "/api/v1/tickets"), ("status", "201")))  # fmt: skip
    assert figures[issued] == 1
    routes = {
        dict(labels).get("route") for name, labels in figures if name.startswith("antrean_http")
    }
    assert f"/api/v1/tickets/{ticket.id}" not in routes  # a template, not a series per ticket
    assert "/api/v1/tickets/{ticket_id}" in routes


@pytest.fixture
def lan_app(server_settings: Settings) -> Iterator[FastAPI]:
    """The app with a scraper's token set, to be reached as a LAN host reaches it."""
    server = build_server(replace(server_settings, metrics_token=TOKEN, advertise=False))
    yield server.app
    server.ctx.db.dispose()


def get_from_lan(app: FastAPI, headers: dict[str, str]) -> httpx.Response:
    async def get() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, client=("10.0.0.7", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://antrean.lan") as client:
            return await client.get("/metrics", headers=headers)

    with ThreadPoolExecutor(1) as thread:  # a loop of its own, whatever runs in this thread
        return thread.submit(asyncio.run, get()).result()


@pytest.mark.parametrize(
    ("authorization", "status"),
    [(None, 401), ("Bearer wrong-token", 403), (f"Basic {TOKEN}", 401), (f"Bearer {TOKEN}", 200)],
)
def test_metrics_beyond_loopback_need_the_scrapers_token(
    lan_app: FastAPI, authorization: str | None, status: int
) -> None:
    reply = get_from_lan(lan_app, {"authorization": authorization} if authorization else {})
    assert reply.status_code == status, reply.text
    if status != 200:
        assert "ANTREAN_METRICS_TOKEN" in reply.text or "metrics token" in reply.text


def test_an_unknown_path_is_one_series_not_one_per_path(api_server: ThreadServer) -> None:
    for _ in range(3):
        httpx.get(f"{api_server.url}/no-such-page/{uuid.uuid4().hex}")
    figures = samples(httpx.get(f"{api_server.url}/metrics").text)
    unmatched = ("antrean_http_requests_total",
                 (("method", "GET"), ("route", "unmatched"), ("status", "404")))  # fmt: skip
    assert figures[unmatched] == 3
