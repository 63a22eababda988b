"""``WS /api/v1/status/{token}/live``: a visitor's status page, pushed (``StatusUpdate``).

Why a WebSocket and not server-sent events: the office's push already is one (the hub,
uvicorn's WebSocket stack, the tests' and benchmarks' clients), and a close code tells
the page why the stream ended, which an event source cannot: it reconnects blindly.

The ticket's own status token opens it, as it opens ``GET /api/v1/status/{token}`` and
the page itself (it is in the QR code, so it is in the address here too; the server
keeps no access log). The stream carries that ticket alone. It is accepted, then closed
with a ``StatusClose`` code and its reason when the token opens no ticket, the ticket
has ended, or there is no room; a browser reads no reason from a refused handshake.
The page sends nothing: anything it sends ends the stream.
"""

import asyncio
import contextlib
import re

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from queue_protocol.status import FINAL_STATES, StatusClose
from queue_server.api.running import read_use_case
from queue_server.push.status_feed import FeedFullError, StatusFeed, Watcher
from queue_server.services import ticket_status
from queue_server.services.context import ServerContext
from queue_server.services.ticket_status import WatchTarget
from queue_server.storage.database import UNAVAILABLE_ERRORS

router = APIRouter()

SEND_SECONDS = 10.0  # a phone that takes longer to take one message is gone
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")  # secrets.token_urlsafe's, as stored
DATABASE_AWAY = 1013  # "try again later": the page polls meanwhile

REASONS: dict[int, str] = {
    StatusClose.UNKNOWN_TICKET: "unknown_ticket",
    StatusClose.TICKET_ENDED: "ticket_ended",
    StatusClose.TOO_MANY: "too_many_pages",
    StatusClose.SENT_DATA: "send_nothing",
    StatusClose.SHUTDOWN: "server_stopping",
}


@router.websocket("/api/v1/status/{token}/live")
async def live_status(websocket: WebSocket, token: str) -> None:
    ctx: ServerContext = websocket.app.state.ctx
    feed: StatusFeed = websocket.app.state.status_feed
    await websocket.accept()
    target = await _target(ctx, token)
    if not isinstance(target, WatchTarget):
        await _close(websocket, target)
        return
    try:
        watcher = feed.watch(target.ticket_id)
    except FeedFullError:
        await _close(websocket, StatusClose.TOO_MANY)
        return
    try:
        await _follow(websocket, watcher)
    except WebSocketDisconnect:
        pass
    finally:
        feed.unwatch(watcher)


async def _target(ctx: ServerContext, token: str) -> WatchTarget | int:
    """The ticket to follow, or the code to close with."""
    if not TOKEN_SHAPE.fullmatch(token):  # (a NUL byte would reach PostgreSQL)
        return StatusClose.UNKNOWN_TICKET
    try:
        target = await read_use_case(ctx, ticket_status.watch_target, ctx, token)
    except UNAVAILABLE_ERRORS:
        return DATABASE_AWAY
    if target is None:
        return StatusClose.UNKNOWN_TICKET
    if target.status in FINAL_STATES:
        return StatusClose.TICKET_ENDED
    return target


async def _follow(websocket: WebSocket, watcher: Watcher) -> None:
    """Send each update as it comes, until the ticket ends or the page goes."""
    receiver = asyncio.ensure_future(websocket.receive())
    try:
        while True:
            changed = asyncio.ensure_future(watcher.changed.wait())
            done, _ = await asyncio.wait({changed, receiver}, return_when=asyncio.FIRST_COMPLETED)
            if receiver in done:
                changed.cancel()
                if receiver.result()["type"] != "websocket.disconnect":
                    await _close(websocket, StatusClose.SENT_DATA)
                return
            text = watcher.take()
            if text is not None:
                try:
                    await asyncio.wait_for(websocket.send_text(text), SEND_SECONDS)
                except TimeoutError:
                    return  # the connection is dropped with the task
            if watcher.close is not None:
                await _close(websocket, watcher.close)
                return
    finally:
        receiver.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await receiver


async def _close(websocket: WebSocket, code: int) -> None:
    with contextlib.suppress(RuntimeError, WebSocketDisconnect):
        await websocket.close(code=code, reason=REASONS.get(code, "database_unavailable"))
