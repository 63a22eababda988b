"""The headquarters app: ``create_app(ctx, ca_pem=...)``; nothing opens at import time."""

from fastapi import FastAPI

from hq_server import web
from hq_server.api import errors, routes_ingest, routes_public, routes_query
from hq_server.services.context import HqContext


def create_app(ctx: HqContext, *, ca_pem: bytes | None = None) -> FastAPI:
    app = FastAPI(title="Antrean headquarters", version="1")
    app.state.ctx = ctx
    app.state.ca_pem = ca_pem
    errors.install(app)
    app.include_router(routes_public.router)
    app.include_router(routes_ingest.router)
    app.include_router(routes_query.router)
    web.mount(app)
    return app
