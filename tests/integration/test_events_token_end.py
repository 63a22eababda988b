"""An open event stream ends (4401) as soon as its token does: logout, revocation,
rotation, a swapped-away token's grace, or the end of a session or device token."""

import time
from datetime import timedelta

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from queue_protocol import DeviceKind
from queue_server.services import devices
from tests.support.live_server import PASSWORD, ThreadServer


def _stream(server: ThreadServer, token: str) -> ClientConnection:
    return connect(
        f"ws://127.0.0.1:{server.port}/api/v1/events",
        additional_headers={"Authorization": f"Bearer {token}"},
        open_timeout=5,
    )


def _close_code(socket: ClientConnection, within: float = 8.0) -> int | None:
    """The code the server closed the stream with; None if it stayed open ``within`` s."""
    deadline = time.monotonic() + within
    try:
        while (left := deadline - time.monotonic()) > 0:
            socket.recv(timeout=left)
    except TimeoutError:
        return None
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None
    return None


def _login(server: ThreadServer) -> str:
    reply = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"username": "petugas", "password": PASSWORD}
    )
    assert reply.status_code == 200, reply.text
    token: str = reply.json()["token"]
    return token


def _display(server: ThreadServer, name: str = "board-9") -> str:
    return devices.issue_token(server.ctx, name, DeviceKind.DISPLAY)


def test_stream_of_logged_out_session_closed_4401(api_server: ThreadServer) -> None:
    token = _login(api_server)
    with _stream(api_server, token) as socket:
        reply = httpx.post(
            f"{api_server.url}/api/v1/auth/logout", headers={"Authorization": f"Bearer {token}"}
        )
        assert reply.status_code == 204
        assert _close_code(socket) == 4401


def test_stream_of_revoked_device_closed_4401(api_server: ThreadServer) -> None:
    token = _display(api_server)
    with (
        _stream(api_server, token) as socket,
        _stream(api_server, _display(api_server, "b")) as other,
    ):
        devices.revoke(api_server.ctx, "board-9")
        assert _close_code(socket) == 4401
        assert _close_code(other, within=1.0) is None  # another device's stream goes on


def test_stream_of_rotated_device_closed_when_notice_ends(
    api_server: ThreadServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(devices, "ROTATE_NOTICE", timedelta(seconds=1))
    token = _display(api_server)
    with _stream(api_server, token) as socket:
        devices.rotate(api_server.ctx, "board-9")
        assert _close_code(socket) == 4401


def test_stream_of_swapped_away_token_closed_after_grace(
    api_server: ThreadServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(devices, "SWAP_GRACE", timedelta(seconds=1))
    old = _display(api_server)
    with _stream(api_server, old) as socket:
        reply = httpx.post(
            f"{api_server.url}/api/v1/devices/token", headers={"Authorization": f"Bearer {old}"}
        )
        assert reply.status_code == 200
        with _stream(api_server, reply.json()["token"]) as renewed:
            assert _close_code(socket) == 4401
            assert _close_code(renewed, within=1.0) is None


def test_stream_of_expired_session_closed_4401(api_server: ThreadServer) -> None:
    api_server.ctx.token_ttl = timedelta(seconds=2)
    with _stream(api_server, _login(api_server)) as socket:
        assert _close_code(socket) == 4401


def test_stream_of_expired_device_token_closed_4401(api_server: ThreadServer) -> None:
    api_server.ctx.device_token_ttl = timedelta(seconds=2)
    with _stream(api_server, _display(api_server)) as socket:
        assert _close_code(socket) == 4401
