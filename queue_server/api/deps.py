"""Request dependencies: the server context and the caller, checked against a permission."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from queue_server.services import auth
from queue_server.services.auth import Permission
from queue_server.services.context import Actor, ActorKind, ServerContext
from queue_server.services.queue_snapshots import SnapshotPublisher

SESSION_COOKIE = "antrean_session"


# Dependencies that do no I/O are ``async``: FastAPI would run a plain ``def`` in a worker
# thread, a hop per request for nothing.


async def get_ctx(request: Request) -> ServerContext:
    ctx: ServerContext = request.app.state.ctx
    return ctx


Ctx = Annotated[ServerContext, Depends(get_ctx)]


async def get_snapshots(request: Request) -> SnapshotPublisher:
    snapshots: SnapshotPublisher = request.app.state.snapshots
    return snapshots


Snapshots = Annotated[SnapshotPublisher, Depends(get_snapshots)]


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.cookies.get(SESSION_COOKIE)


async def current_actor(request: Request) -> Actor | None:
    token = bearer_token(request)
    if not token:
        return None
    ctx: ServerContext = request.app.state.ctx
    actor = auth.cached_actor(ctx, token) or await run_in_threadpool(auth.authenticate, ctx, token)
    if actor is not None and actor.kind == ActorKind.DEVICE:
        ctx.device_contacts.seen(actor.name, ctx.now())
    return actor


def require(*permissions: Permission) -> Callable[..., Awaitable[Actor]]:
    """A dependency giving the caller, or 401 (no valid token) / 403 (holds none of
    ``permissions``)."""

    async def dependency(request: Request) -> Actor:
        actor = await current_actor(request)  # called, not a sub-dependency: one less to solve
        if actor is None:
            raise HTTPException(
                status_code=401,
                detail="Silakan masuk terlebih dahulu / Please log in first.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not auth.permissions_of(actor) & set(permissions):
            raise HTTPException(
                status_code=403,
                detail="Anda tidak berwenang untuk tindakan ini / You may not do this.",
            )
        return actor

    return dependency


async def _device(request: Request) -> Actor:
    """The calling kiosk, board or feedback screen, or 401 / 403 for anyone else."""
    actor = await current_actor(request)
    if actor is None:
        raise HTTPException(
            status_code=401,
            detail="Token perangkat diperlukan / A device token is required.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if actor.kind != ActorKind.DEVICE:
        raise HTTPException(
            status_code=403, detail="Hanya untuk perangkat / For enrolled devices only."
        )
    return actor


Device = Annotated[Actor, Depends(_device)]
Issuer = Annotated[Actor, Depends(require(Permission.ISSUE))]
Viewer = Annotated[Actor, Depends(require(Permission.VIEW_QUEUE))]
# a kiosk (its own tickets) or staff (any): a board or feedback screen reads no ticket by id
TicketReader = Annotated[Actor, Depends(require(Permission.ISSUE, Permission.SERVE))]
Officer = Annotated[Actor, Depends(require(Permission.SERVE))]
Supervisor = Annotated[Actor, Depends(require(Permission.REPORTS))]
Announcer = Annotated[Actor, Depends(require(Permission.ANNOUNCE))]
FeedbackDevice = Annotated[Actor, Depends(require(Permission.FEEDBACK))]
Admin = Annotated[Actor, Depends(require(Permission.ADMIN))]
