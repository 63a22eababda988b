"""The app as each of several server processes builds it (``antrean hq serve --workers``):
``uvicorn`` imports this factory in every process; the settings come from the
environment the first process set (``ANTREAN_HQ_DATABASE_URL``, ``ANTREAN_HQ_DATA_DIR``)."""

from fastapi import FastAPI

from hq_server.api.app import create_app
from hq_server.server import open_context
from hq_server.settings import HqSettings


def app_from_environment() -> FastAPI:
    settings = HqSettings()
    ca = settings.tls.ca
    return create_app(open_context(settings), ca_pem=ca.read_bytes() if ca.is_file() else None)
