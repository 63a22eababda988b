"""The event stream: live events, replay with ``since``, also across a restart."""

import json
import uuid
from typing import Any

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect

from tests.support.live_server import ThreadServer


def _ws(
    server: ThreadServer, since: int | None = None, token: str | None = None
) -> ClientConnection:
    query = "" if since is None else f"?since={since}"
    bearer = token or server.device_token("display")
    return connect(
        f"ws://127.0.0.1:{server.port}/api/v1/events{query}",
        additional_headers={"Authorization": f"Bearer {bearer}"},
        open_timeout=5,
    )


def _issue(server: ThreadServer, service: str = "AP") -> dict[str, Any]:
    reply = httpx.post(
        f"{server.url}/api/v1/tickets",
        json={"service": service, "source": "walk_in", "client_ref": f"ev-{uuid.uuid4().hex}"},
        headers={"Authorization": f"Bearer {server.device_token('kiosk')}"},
    )
    assert reply.status_code == 201
    result: dict[str, Any] = reply.json()
    return result


def _receive(socket: ClientConnection, count: int) -> list[dict[str, Any]]:
    return [json.loads(socket.recv(timeout=5)) for _ in range(count)]


def test_events_live_after_subscribe(api_server: ThreadServer) -> None:
    with _ws(api_server, since=0) as socket:
        ticket = _issue(api_server)
        issued, changed = _receive(socket, 2)
    assert issued["type"] == "ticket.issued"
    assert issued["ticket"]["id"] == ticket["id"]
    assert changed["type"] == "queue.changed"
    assert changed["seq"] == issued["seq"] + 1
    assert changed["queue"]["seq"] == changed["seq"]


def test_events_without_since_start_with_latest_snapshot(api_server: ThreadServer) -> None:
    _issue(api_server)
    _issue(api_server)
    with _ws(api_server) as socket:
        first = _receive(socket, 1)[0]
    assert first["type"] == "queue.changed"
    assert first["queue"]["services"]


def test_events_replay_since_skips_old_snapshots(api_server: ThreadServer) -> None:
    tickets = [_issue(api_server) for _ in range(3)]
    api_server.wait_for_snapshot()
    with _ws(api_server, since=0) as socket:
        replayed = _receive(socket, 4)
    assert [e["type"] for e in replayed] == ["ticket.issued"] * 3 + ["queue.changed"]
    assert [e["ticket"]["id"] for e in replayed[:3]] == [t["id"] for t in tickets]
    seqs = [e["seq"] for e in replayed]
    assert seqs == sorted(seqs)


def test_events_replay_after_restart(api_server: ThreadServer) -> None:
    with _ws(api_server, since=0) as socket:
        _issue(api_server)
        last_seen = _receive(socket, 2)[-1]["seq"]
    api_server.stop()
    api_server.start()
    missed = _issue(api_server)
    with _ws(api_server, since=last_seen) as socket:
        replayed = _receive(socket, 2)
    assert replayed[0]["type"] == "ticket.issued"
    assert replayed[0]["ticket"]["id"] == missed["id"]
    assert replayed[0]["seq"] == last_seen + 1


def test_events_call_reaches_display(api_server: ThreadServer) -> None:
    ticket = _issue(api_server, "IN")
    officer = api_server.officer_client()
    with _ws(api_server) as socket:
        _receive(socket, 1)
        officer.call_next(7)
        called = _receive(socket, 1)[0]
    officer.close()
    assert called["type"] == "ticket.called"
    assert called["counter"] == 7
    assert called["ticket"]["number"] == ticket["number"]


@pytest.mark.parametrize("header", [{}, {"Authorization": "Bearer not-a-token"}])
def test_events_refuse_without_valid_token(
    api_server: ThreadServer, header: dict[str, str]
) -> None:
    url = f"ws://127.0.0.1:{api_server.port}/api/v1/events"
    with (
        pytest.raises(InvalidStatus) as refused,
        connect(url, additional_headers=header, open_timeout=5),
    ):
        pass
    assert refused.value.response.status_code == 401
    assert json.loads(refused.value.response.body or b"{}")["error"] == "unauthorized"


def test_events_token_in_url_refused_even_when_valid(api_server: ThreadServer) -> None:
    """A URL ends up in proxy and access logs: a token there is refused, not used."""
    url = (
        f"ws://127.0.0.1:{api_server.port}/api/v1/events?token={api_server.device_token('display')}"
    )
    with pytest.raises(InvalidStatus) as refused, connect(url, open_timeout=5):
        pass
    assert refused.value.response.status_code == 401
    assert json.loads(refused.value.response.body or b"{}")["error"] == "token_in_url"


def test_events_token_in_header_accepted(api_server: ThreadServer) -> None:
    ticket = _issue(api_server)
    with _ws(api_server, since=0) as socket:
        first = _receive(socket, 1)[0]
    assert first["ticket"]["id"] == ticket["id"]
