"""``WS /api/v1/events?since=SEQ``: replay from the log, then live events from the hub.

The token comes in the ``Authorization: Bearer`` header (kiosks, boards, feedback
screens) or, for the browser pages, in the session cookie of a page of this server.
Never in the URL, where proxies and access logs keep it: a ``token`` in the query is
refused with the reason, so a client that still sends one learns why.

The subscription is taken before the replay is read, so an event committed in
between arrives from one or the other; duplicates are dropped by ``seq``.
"""

import asyncio
import contextlib

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from queue_server.api.params import SinceQuery
from queue_server.push.hub import EventHub, Subscription, to_wire
from queue_server.push.token_watch import TokenWatch
from queue_server.services import auth, event_log
from queue_server.services.context import ActorKind, ServerContext

router = APIRouter()

UNAUTHORIZED = 4401
FORBIDDEN = 4403
LAGGING = 4408


@router.websocket("/api/v1/events")
async def events(websocket: WebSocket, since: SinceQuery = None) -> None:
    ctx: ServerContext = websocket.app.state.ctx
    hub: EventHub = websocket.app.state.hub
    if "token" in websocket.query_params:
        await _refuse(websocket, 401, "token_in_url", *_TOKEN_IN_URL)
        return
    bearer = _bearer(websocket.headers.get("authorization")) or _cookie(websocket)
    credential = await run_in_threadpool(auth.credential, ctx, bearer) if bearer else None
    if bearer is None or credential is None:
        await _refuse(websocket, 401, "unauthorized", *_LOG_IN)
        return
    if auth.Permission.VIEW_QUEUE not in auth.permissions_of(credential.actor):
        await _refuse(websocket, 403, "forbidden", *_NOT_ALLOWED)
        return
    await websocket.accept()
    subscription = hub.subscribe()
    watch = TokenWatch(ctx, bearer, credential)
    staff = credential.actor.kind != ActorKind.DEVICE  # devices get the redacted events
    device = None if staff else credential.actor.name
    if device is not None:
        ctx.device_contacts.stream_opened(device)
    try:
        last = await _replay(websocket, ctx, since, staff=staff)
        await _stream(websocket, subscription, last, watch, staff=staff)
    except WebSocketDisconnect:
        pass
    finally:
        hub.unsubscribe(subscription)
        if device is not None:
            ctx.device_contacts.stream_closed(device, ctx.now())


_TOKEN_IN_URL = (
    "Send the token in the Authorization header, never in the URL (proxies log URLs).",
    "Kirim token di header Authorization, jangan di URL (proxy mencatat URL).",
)
_LOG_IN = (
    "A valid token is required: log in, or enrol the device again.",
    "Token yang berlaku diperlukan: silakan masuk, atau daftarkan ulang perangkat.",
)
_NOT_ALLOWED = (
    "You may not follow the event stream.",
    "Anda tidak boleh mengikuti aliran peristiwa.",
)


async def _refuse(
    websocket: WebSocket, status: int, error: str, message_en: str, message_id: str
) -> None:
    """Refuse the handshake with an HTTP answer in the contract's error shape; a server
    without the denial-response extension closes with 4401 / 4403 instead."""
    body = {"error": error, "message": message_id, "message_en": message_en}
    try:
        await websocket.send_denial_response(JSONResponse(body, status_code=status))
    except RuntimeError:
        await websocket.close(code=UNAUTHORIZED if status == 401 else FORBIDDEN, reason=error)


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


async def _replay(
    websocket: WebSocket, ctx: ServerContext, since: int | None, *, staff: bool
) -> int:
    """Send the replay page by page (each read in a worker thread, then sent); the seq of
    the last event sent, or ``since``."""
    last = since or 0
    plan = await run_in_threadpool(event_log.plan_replay, ctx, since)
    after = plan.after
    events = plan.first
    while True:
        for event in events:
            wire = to_wire(event)
            await websocket.send_text(wire.for_audience(staff))
            last = max(last, wire.seq)
        if after >= plan.end:
            return last
        page = await run_in_threadpool(event_log.replay_page, ctx, plan, after)
        events, after = page.events, page.read_up_to
        if page.last:
            after = plan.end


async def _stream(
    websocket: WebSocket,
    subscription: Subscription,
    last: int,
    watch: TokenWatch,
    *,
    staff: bool,
) -> None:
    receiver = asyncio.ensure_future(websocket.receive())
    told = asyncio.ensure_future(subscription.token_check.wait())
    try:
        while True:
            getter = asyncio.ensure_future(subscription.queue.get())
            done, _ = await asyncio.wait(
                {getter, receiver, told},
                timeout=watch.seconds_to_check(),
                return_when=asyncio.FIRST_COMPLETED,
            )
            if getter in done:
                event = getter.result()
                if event is None:
                    await websocket.close(code=LAGGING if subscription.lagging else 1001)
                    return
                if event.seq > last:
                    await websocket.send_text(event.for_audience(staff))
                    last = event.seq
            else:
                getter.cancel()
            if receiver in done:
                if receiver.result()["type"] == "websocket.disconnect":
                    return
                receiver = asyncio.ensure_future(websocket.receive())
            if told in done or watch.due():
                subscription.token_check.clear()
                told = asyncio.ensure_future(subscription.token_check.wait())
                if not await watch.still_holds():
                    await websocket.close(code=UNAUTHORIZED, reason="token ended")
                    return
    finally:
        for task in (receiver, told):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
