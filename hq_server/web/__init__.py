"""The national dashboard: server-rendered pages in Indonesian and English, SVG charts,
CSV and XLSX downloads; no script needed and no build step."""

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from hq_server.web.pages import router
from hq_server.web.rendering import HERE


def mount(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(router)
