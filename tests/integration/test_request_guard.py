"""A body past 64 KiB is refused with 413 and a reason, declared or streamed."""

from collections.abc import Iterator

import httpx

from queue_server.api.request_guard import MAX_BODY_BYTES
from tests.support.live_server import ThreadServer


def _padded_login(size: int) -> bytes:
    """A login whose password field pads the JSON body to ``size`` bytes."""
    head, tail = b'{"username": "petugas", "password": "', b'"}'
    return head + b"x" * (size - len(head) - len(tail)) + tail


def _chunks(body: bytes, size: int = 8192) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def _assert_refused(reply: httpx.Response) -> None:
    assert reply.status_code == 413, reply.text
    assert reply.json()["error"] == "body_too_large"
    assert "64 KiB" in reply.json()["message_en"]


def test_declared_body_over_the_limit_is_413(api_server: ThreadServer) -> None:
    reply = httpx.post(
        f"{api_server.url}/api/v1/auth/login",
        content=_padded_login(MAX_BODY_BYTES + 1),
        headers={"content-type": "application/json"},
    )
    _assert_refused(reply)


def test_streamed_body_over_the_limit_is_413(api_server: ThreadServer) -> None:
    body = _padded_login(40 * 1024 * 1024)  # the 40 MB body, sent chunked
    reply = httpx.post(
        f"{api_server.url}/api/v1/auth/login",
        content=_chunks(body),
        headers={"content-type": "application/json"},
    )
    assert "content-length" not in reply.request.headers
    _assert_refused(reply)


def test_streamed_form_over_the_limit_is_413(api_server: ThreadServer) -> None:
    form = b"username=petugas&password=" + b"x" * MAX_BODY_BYTES
    reply = httpx.post(
        f"{api_server.url}/login",
        content=_chunks(form),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    _assert_refused(reply)


def test_body_at_the_limit_is_read(api_server: ThreadServer) -> None:
    reply = httpx.post(
        f"{api_server.url}/api/v1/auth/login",
        content=_padded_login(MAX_BODY_BYTES),
        headers={"content-type": "application/json"},
    )
    assert reply.status_code == 422  # read and checked: the password is too long
