"""``WS /api/v1/events?since=SEQ``: replay from the log, then live events from the hub.

The subscription is taken before the replay is read, so an event committed in
between arrives from one or the other; duplicates are dropped by ``seq``.
"""

import asyncio
import contextlib

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from starlette.concurrency import run_in_threadpool

from queue_server.api.params import SinceQuery
from queue_server.push.hub import EventHub, Subscription, to_wire
from queue_server.services import auth, event_log
from queue_server.services.context import ActorKind, ServerContext

router = APIRouter()

UNAUTHORIZED = 4401
FORBIDDEN = 4403
LAGGING = 4408


@router.websocket("/api/v1/events")
async def events(websocket: WebSocket, since: SinceQuery = None, token: str | None = None) -> None:
    ctx: ServerContext = websocket.app.state.ctx
    hub: EventHub = websocket.app.state.hub
    bearer = token or _bearer(websocket.headers.get("authorization")) or _cookie(websocket)
    actor = await run_in_threadpool(auth.authenticate, ctx, bearer) if bearer else None
    if actor is None:
        await websocket.close(code=UNAUTHORIZED, reason="token required")
        return
    if auth.Permission.VIEW_QUEUE not in auth.permissions_of(actor):
        await websocket.close(code=FORBIDDEN, reason="not allowed")
        return
    await websocket.accept()
    subscription = hub.subscribe()
    device = actor.name if actor.kind == ActorKind.DEVICE else None
    if device is not None:
        ctx.device_contacts.stream_opened(device)
    try:
        last = await _replay(websocket, ctx, since)
        await _stream(websocket, subscription, last)
    except WebSocketDisconnect:
        pass
    finally:
        hub.unsubscribe(subscription)
        if device is not None:
            ctx.device_contacts.stream_closed(device, ctx.now())


def _cookie(websocket: WebSocket) -> str | None:
    """The browser's session cookie, only from a page of this server (no cross-site hijack)."""
    origin = websocket.headers.get("origin", "")
    if origin.split("://", 1)[-1] != websocket.headers.get("host"):
        return None
    return websocket.cookies.get("antrean_session")


def _bearer(header: str | None) -> str | None:
    if header and header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


async def _replay(websocket: WebSocket, ctx: ServerContext, since: int | None) -> int:
    last = since or 0
    for event in await run_in_threadpool(event_log.replay, ctx, since):
        wire = to_wire(event)
        await websocket.send_text(wire.json)
        last = max(last, wire.seq)
    return last


async def _stream(websocket: WebSocket, subscription: Subscription, last: int) -> None:
    receiver = asyncio.ensure_future(websocket.receive())
    try:
        while True:
            getter = asyncio.ensure_future(subscription.queue.get())
            done, _ = await asyncio.wait({getter, receiver}, return_when=asyncio.FIRST_COMPLETED)
            if getter in done:
                event = getter.result()
                if event is None:
                    await websocket.close(code=LAGGING if subscription.lagging else 1001)
                    return
                if event.seq > last:
                    await websocket.send_text(event.json)
                    last = event.seq
            else:
                getter.cancel()
            if receiver in done:
                if receiver.result()["type"] == "websocket.disconnect":
                    return
                receiver = asyncio.ensure_future(websocket.receive())
    finally:
        receiver.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await receiver
