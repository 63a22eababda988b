"""Every answer carries the headers that keep a browser from misusing it.

- ``Content-Security-Policy``: scripts, styles and every fetch from this server alone;
  no inline script or style (the pages' scripts are files under ``/static``), no
  plugins, forms post only here, and no page may frame this one.
- ``X-Frame-Options: DENY``: the same refusal to be framed, for older browsers.
- ``X-Content-Type-Options: nosniff``: a reply is what its type says (no JSON run as
  a script).
- ``Referrer-Policy: no-referrer``: a status page's unguessable link never leaves in a
  ``Referer``.

A reply that sets a policy of its own (the API documentation page) keeps it.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in HEADERS if name not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
