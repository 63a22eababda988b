"""An open event stream's token, checked again whenever it may have ended.

A stream checks its token again when the hub says one may have ended (a logout,
revocation, rotation, password change or disabled account committed, in this
process or, through the event log, in another), when the token reaches its end
by the office's clock, and at least every ``RECHECK_SECONDS`` (a device revoked
from the command line beside a single server process reaches no hub). A token
that no longer holds closes the stream with 4401.
"""

from datetime import datetime

from starlette.concurrency import run_in_threadpool

from queue_server.services import auth
from queue_server.services.context import Credential, ServerContext

RECHECK_SECONDS = 30.0


class TokenWatch:
    def __init__(self, ctx: ServerContext, token: str, credential: Credential) -> None:
        self._ctx = ctx
        self._token = token
        self._ends_at: datetime = credential.ends_at
        self._next_check = self._ctx.monotonic() + RECHECK_SECONDS

    def seconds_to_check(self) -> float:
        """How long the stream may wait before it must check again."""
        to_end = (self._ends_at - self._ctx.now()).total_seconds()
        return max(0.0, min(to_end, self._next_check - self._ctx.monotonic()))

    def due(self) -> bool:
        return self.seconds_to_check() <= 0

    async def still_holds(self) -> bool:
        """Read the token again (never from the cache); False once it has ended."""
        found = await run_in_threadpool(auth.credential, self._ctx, self._token)
        self._next_check = self._ctx.monotonic() + RECHECK_SECONDS
        if found is None:
            return False
        self._ends_at = found.ends_at
        return True
