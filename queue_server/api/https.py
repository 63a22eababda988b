"""Over HTTPS, every reply tells the browser to stay on HTTPS (HSTS) and every cookie it
sets is ``Secure``, so a session or CSRF cookie never crosses the LAN in clear text.

One middleware for every cookie the pages set (session, CSRF, language, counter),
rather than a flag at each ``set_cookie``: a cookie added later is covered too.
Plain HTTP (the demo, a server on loopback behind nothing) is left as it is.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HSTS = b"max-age=31536000"


class HttpsOnlyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("scheme") != "https":
            await self.app(scope, receive, send)
            return

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _secured(message.get("headers", []))
            await send(message)

        await self.app(scope, receive, send_secure)


def _secured(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    secured = [
        (name, _secure_cookie(value) if name.lower() == b"set-cookie" else value)
        for name, value in headers
    ]
    secured.append((b"strict-transport-security", HSTS))
    return secured


def _secure_cookie(value: bytes) -> bytes:
    attributes = {part.strip().lower() for part in value.split(b";")[1:]}
    return value if b"secure" in attributes else value + b"; Secure"
