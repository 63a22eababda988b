"""Every answer carries the browser's safety headers: pages, API replies, refusals, files."""

import httpx

from queue_server.api.security_headers import CONTENT_SECURITY_POLICY
from tests.support.live_server import ThreadServer

ANSWERS = [
    ("GET", "/login", 200),
    ("GET", "/", 303),
    ("GET", "/healthz", 200),
    ("GET", "/api/v1/office", 200),
    ("GET", "/api/v1/queue", 401),
    ("GET", "/api/v1/tickets/1", 401),
    ("GET", "/nowhere", 404),
    ("GET", "/static/app.css", 200),
    ("GET", "/status/nope", 404),
    ("POST", "/api/v1/auth/login", 422),
]


def test_every_answer_carries_the_safety_headers(api_server: ThreadServer) -> None:
    for method, path, status in ANSWERS:
        reply = httpx.request(
            method, f"{api_server.url}{path}", json={} if method == "POST" else None
        )
        where = f"{method} {path}"
        assert reply.status_code == status, where
        assert reply.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, where
        assert reply.headers["x-frame-options"] == "DENY", where
        assert reply.headers["x-content-type-options"] == "nosniff", where
        assert reply.headers["referrer-policy"] == "no-referrer", where


def test_policy_allows_no_inline_script_and_no_framing() -> None:
    directives = dict(
        part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
