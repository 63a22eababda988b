"""``WS /api/v1/status/{token}/live``: a ticket's own token opens its stream, which carries
that ticket alone as it moves up and is called; an unknown or ended ticket, a page that
sends, or one page too many are closed with their code and reason."""

import contextlib
import json
import time
from collections.abc import Iterator

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from queue_protocol.status import StatusClose, StatusUpdate
from queue_server.push.status_feed import PAGES_PER_TICKET
from tests.support.live_server import PASSWORD, ThreadServer


def _token(ticket: dict[str, object]) -> str:
    return str(ticket["status_url"]).rsplit("/", 1)[1]


def _issue(server: ThreadServer, ref: str, service: str = "AP") -> dict[str, object]:
    reply = httpx.post(
        f"{server.url}/api/v1/tickets",
        json={"service": service, "source": "walk_in", "client_ref": ref},
        headers={"authorization": f"Bearer {server.device_token('kiosk')}"},
    )
    assert reply.status_code == 201, reply.text
    ticket: dict[str, object] = reply.json()
    return ticket


@pytest.fixture
def officer(api_server: ThreadServer) -> Iterator[httpx.Client]:
    login = {"username": "petugas", "password": PASSWORD}
    token = httpx.post(f"{api_server.url}/api/v1/auth/login", json=login).json()["token"]
    with httpx.Client(
        base_url=api_server.url, headers={"authorization": f"Bearer {token}"}
    ) as client:
        yield client


def _serve_next(officer: httpx.Client, expected: dict[str, object]) -> None:
    """Counter 7 calls the next visitor, ``expected``, and serves them to the end."""
    assert officer.post("/api/v1/counters/7/call-next").json()["id"] == expected["id"]
    assert officer.post(f"/api/v1/tickets/{expected['id']}/finish").status_code == 200


def _open(server: ThreadServer, token: str) -> ClientConnection:
    return connect(f"ws://127.0.0.1:{server.port}/api/v1/status/{token}/live", open_timeout=5)


def _next_update(socket: ClientConnection, until: str, timeout: float = 10.0) -> StatusUpdate:
    """Read updates until one matches ``until`` (``status`` or ``position=N``)."""
    deadline = time.monotonic() + timeout
    while True:
        update = StatusUpdate.model_validate_json(socket.recv(timeout=deadline - time.monotonic()))
        if until in (update.status.value, f"position={update.position}"):
            return update


def _read_to_the_end(socket: ClientConnection, deadline: float) -> None:
    while True:
        socket.recv(timeout=deadline - time.monotonic())


def _closed_with(socket: ClientConnection, timeout: float = 10.0) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    with pytest.raises(ConnectionClosed) as closed:
        _read_to_the_end(socket, deadline)
    received = closed.value.rcvd
    assert received is not None
    return received.code, received.reason


def test_a_ticket_s_stream_carries_it_alone_up_the_queue_to_its_call(
    api_server: ThreadServer, officer: httpx.Client
) -> None:
    first, second, mine = (_issue(api_server, f"status-live-{n:04d}") for n in range(3))
    received: list[str] = []
    with _open(api_server, _token(mine)) as socket:
        assert _next_update(socket, "position=2").number == mine["number"]
        _serve_next(officer, first)
        _next_update(socket, "position=1")
        _serve_next(officer, second)
        _next_update(socket, "position=0")
        assert officer.post("/api/v1/counters/7/call-next").json()["id"] == mine["id"]
        called = _next_update(socket, "called")
        assert (called.counter, called.position, called.estimated_wait_min) == (7, None, None)
        assert officer.post(f"/api/v1/tickets/{mine['id']}/finish").status_code == 200
        received.append(_next_update(socket, "done").model_dump_json())
        assert _closed_with(socket) == (StatusClose.TICKET_ENDED, "ticket_ended")
    for other in (first, second):  # never another ticket's number or link
        assert all(str(other["number"]) not in text for text in received)


@pytest.mark.parametrize("token", ["not-a-token", "x" * 65, "bad%20token%00"])
def test_a_token_that_opens_no_ticket_is_closed_4404(api_server: ThreadServer, token: str) -> None:
    with _open(api_server, token) as socket:
        assert _closed_with(socket) == (StatusClose.UNKNOWN_TICKET, "unknown_ticket")


def test_another_ticket_s_token_follows_that_ticket_only(
    api_server: ThreadServer, officer: httpx.Client
) -> None:
    """Each stream is its own ticket's: a call of the other is not sent to this one."""
    called_first, mine = (
        _issue(api_server, "status-own-0001"),
        _issue(api_server, "status-own-0002"),
    )
    with _open(api_server, _token(called_first)) as theirs, _open(api_server, _token(mine)) as own:
        assert _next_update(own, "position=1").number == mine["number"]
        assert _next_update(theirs, "position=0").number == called_first["number"]
        officer.post("/api/v1/counters/7/call-next")
        assert _next_update(theirs, "called").number == called_first["number"]
        moved = _next_update(own, "position=0")
        assert (moved.number, moved.status.value) == (mine["number"], "waiting")


def test_an_ended_ticket_is_closed_4410(api_server: ThreadServer, officer: httpx.Client) -> None:
    ticket = _issue(api_server, "status-ended-0001")
    assert officer.post(f"/api/v1/tickets/{ticket['id']}/cancel").status_code == 200
    with _open(api_server, _token(ticket)) as socket:
        assert _closed_with(socket) == (StatusClose.TICKET_ENDED, "ticket_ended")


def test_a_page_that_sends_is_closed_1008(api_server: ThreadServer) -> None:
    ticket = _issue(api_server, "status-sends-0001")
    with _open(api_server, _token(ticket)) as socket:
        _next_update(socket, "waiting")
        socket.send(json.dumps({"token": "another"}))
        assert _closed_with(socket) == (StatusClose.SENT_DATA, "send_nothing")


def test_one_page_too_many_for_a_ticket_is_closed_4429(api_server: ThreadServer) -> None:
    token = _token(_issue(api_server, "status-many-0001"))
    with contextlib.ExitStack() as pages:
        for _ in range(PAGES_PER_TICKET):
            _next_update(pages.enter_context(_open(api_server, token)), "waiting")
        with _open(api_server, token) as extra:
            assert _closed_with(extra) == (StatusClose.TOO_MANY, "too_many_pages")
