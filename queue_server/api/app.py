"""The app factory: nothing opens a database or a socket at import time."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import Protocol

from anyio import to_thread
from fastapi import FastAPI

from queue_protocol import PROTOCOL_VERSION
from queue_server.api import metrics, routes_counter, routes_devices, routes_kiosk, routes_public
from queue_server.api.errors import install_error_handlers
from queue_server.api.https import HttpsOnlyMiddleware
from queue_server.api.metrics import RequestMetricsMiddleware, metrics_registry
from queue_server.api.request_guard import RequestGuardMiddleware
from queue_server.api.routes_docs import docs_router
from queue_server.api.security_headers import SecurityHeadersMiddleware
from queue_server.push import status_socket, websocket
from queue_server.push.hub import EventHub
from queue_server.push.status_feed import StatusFeed
from queue_server.services import ticket_status
from queue_server.services.context import ServerContext, discard_events
from queue_server.services.event_relay import EventRelay
from queue_server.services.queue_snapshots import SnapshotPublisher

WORKER_THREADS = 100  # sync endpoints run here; each holds one DB connection at most


class Background(Protocol):
    """Something that runs beside the server: the zeroconf advertiser, the upstream sender."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


def create_app(
    ctx: ServerContext,
    *,
    hub: EventHub,
    background: tuple[Background, ...] = (),
    follow_log: str | None = None,
    publishes_snapshots: bool = True,
    ca_pem: bytes | None = None,
    metrics_token: str | None = None,
    open_docs: bool = False,
) -> FastAPI:
    """``follow_log``: the database's URL when several server processes serve the office;
    the hub then publishes what the log brings (``EventRelay``), not this process's
    writes straight. ``publishes_snapshots``: False beside the process that does.
    ``ca_pem``: the office CA that enrolled devices pin, served at ``/ca.pem``.
    ``metrics_token``: the scraper's token for ``/metrics`` (else loopback only).
    ``open_docs``: ``/docs``, ``/redoc`` and ``/openapi.json`` for anyone (the demo),
    not for admins alone."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        hub.bind(asyncio.get_running_loop())
        to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
        status_feed.start()
        for task in tasks:
            await asyncio.to_thread(task.start)
        try:
            yield
        finally:
            for task in reversed(tasks):
                await asyncio.to_thread(task.stop)
            await status_feed.stop()
            hub.close()
            # the last connection closed, SQLite folds its write-ahead log into the
            # database file: a stopped server's data is all in that one file
            await asyncio.to_thread(ctx.db.dispose)

    app = FastAPI(
        title="Antrean queue server",
        version=PROTOCOL_VERSION,
        description="Kiosk and queue management for an Indonesian immigration office.",
        lifespan=lifespan,
        docs_url=None,  # served by docs_router, behind the admin's login
        redoc_url=None,
        openapi_url=None,
    )
    snapshots = SnapshotPublisher(ctx, publishes=publishes_snapshots)
    status_feed = StatusFeed(partial(ticket_status.status_updates, ctx))
    hub.listen(status_feed.on_events)
    tasks: tuple[Background, ...] = (snapshots, *background)
    app.state.ctx = ctx
    app.state.hub = hub
    app.state.snapshots = snapshots
    app.state.status_feed = status_feed
    app.state.ca_pem = ca_pem
    app.state.metrics_registry, request_metrics = metrics_registry(ctx)
    app.state.metrics_token = metrics_token
    ctx.publish = hub.publish
    ctx.queue_changed = snapshots.request
    ctx.tokens_changed = hub.tokens_changed
    if follow_log is not None:
        relay = EventRelay(ctx, follow_log, publish=hub.publish, queue_changed=snapshots.request)
        tasks = (relay, *tasks)
        ctx.publish = discard_events
        ctx.follows_log = True
    install_error_handlers(app)
    app.include_router(routes_public.router)
    app.include_router(routes_devices.router)
    app.include_router(routes_kiosk.router)
    app.include_router(routes_counter.router)
    app.include_router(websocket.router)
    app.include_router(status_socket.router)
    app.include_router(metrics.router)
    app.include_router(docs_router(open_to_anyone=open_docs))
    _mount_web(app)
    app.add_middleware(RequestMetricsMiddleware, metrics=request_metrics)
    app.add_middleware(RequestGuardMiddleware)  # before anything reads a body
    app.add_middleware(SecurityHeadersMiddleware)  # on every answer, refusals too
    app.add_middleware(HttpsOnlyMiddleware)  # outermost: it sees the pages' cookies too
    return app


def _mount_web(app: FastAPI) -> None:
    """The officer console, reports and admin pages, when that package provides them."""
    try:
        from queue_server.web import install
    except ImportError:
        return
    install(app)
