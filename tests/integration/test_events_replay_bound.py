"""Replay is streamed in pages and bounded: a client far behind (too many events, or too
old) is sent the newest queue snapshot instead of the log, then what came after it."""

import json
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

from queue_server.services import event_log
from tests.support.live_server import ThreadServer


def _ws(server: ThreadServer, since: int) -> ClientConnection:
    return connect(
        f"ws://127.0.0.1:{server.port}/api/v1/events?since={since}",
        additional_headers={"Authorization": f"Bearer {server.device_token('display')}"},
        open_timeout=5,
    )


def _issue(server: ThreadServer, count: int) -> list[int]:
    ids = []
    for _ in range(count):
        reply = httpx.post(
            f"{server.url}/api/v1/tickets",
            json={"service": "AP", "source": "walk_in", "client_ref": f"rb-{uuid.uuid4().hex}"},
            headers={"Authorization": f"Bearer {server.device_token('kiosk')}"},
        )
        assert reply.status_code == 201, reply.text
        ids.append(reply.json()["id"])
    server.wait_for_snapshot()
    return ids


def _until_snapshot(socket: ClientConnection) -> list[dict[str, Any]]:
    """Events up to and with the first queue snapshot."""
    received: list[dict[str, Any]] = []
    while not received or received[-1]["type"] != "queue.changed":
        received.append(json.loads(socket.recv(timeout=5)))
    return received


def test_replay_beyond_limit_sends_snapshot_instead(
    api_server: ThreadServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(event_log, "REPLAY_LIMIT", 5)
    _issue(api_server, 8)
    with _ws(api_server, since=0) as socket:
        received = _until_snapshot(socket)
    assert [event["type"] for event in received] == ["queue.changed"]
    assert received[0]["queue"]["services"]


def test_replay_of_old_events_sends_snapshot_instead(
    api_server: ThreadServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(event_log, "REPLAY_MAX_AGE", timedelta(0))  # every event is too old
    _issue(api_server, 2)
    with _ws(api_server, since=0) as socket:
        received = _until_snapshot(socket)
    assert [event["type"] for event in received] == ["queue.changed"]


def test_replay_within_bound_read_in_pages_misses_nothing(
    api_server: ThreadServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(event_log, "PAGE", 3)
    ids = _issue(api_server, 7)
    with _ws(api_server, since=0) as socket:
        received = _until_snapshot(socket)
    assert [event["ticket"]["id"] for event in received[:-1]] == ids
    seqs = [event["seq"] for event in received]
    assert seqs == sorted(set(seqs))


def test_replay_pages_hold_at_most_a_page(
    api_server: ThreadServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(event_log, "PAGE", 4)
    _issue(api_server, 9)
    plan = event_log.plan_replay(api_server.ctx, 0)
    after, sizes = plan.after, []
    while True:
        page = event_log.replay_page(api_server.ctx, plan, after)
        sizes.append(len(page.events))
        if page.last:
            break
        after = page.read_up_to
    assert max(sizes) <= 4
    assert sum(sizes) == 10  # nine tickets and the newest snapshot
