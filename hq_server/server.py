"""Putting headquarters together from settings: schema, partitions ahead, context, app."""

from dataclasses import dataclass

from fastapi import FastAPI

from hq_server.api.app import create_app
from hq_server.services.context import Clock, HqContext, utc_now
from hq_server.settings import HqSettings, TlsFiles
from hq_server.storage import HqDatabase
from hq_server.storage.migrate import upgrade
from hq_server.storage.partitions import months_ahead

MONTHS_AHEAD = 3


class HqSetupError(Exception):
    """Headquarters cannot start as asked; the message says what to do."""


@dataclass
class HqServer:
    ctx: HqContext
    app: FastAPI
    tls: TlsFiles | None

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"


def open_context(settings: HqSettings, *, clock: Clock = utc_now) -> HqContext:
    if not settings.database_url:
        raise HqSetupError(
            "headquarters needs its PostgreSQL database: --database-url "
            "postgresql+psycopg://user@host/antrean_hq (or ANTREAN_HQ_DATABASE_URL)"
        )
    upgrade(settings.database_url)
    ctx = HqContext(HqDatabase.from_url(settings.database_url), clock=clock)
    ctx.partitions.ensure(months_ahead(ctx.today(), MONTHS_AHEAD))
    return ctx


def tls_in_use(settings: HqSettings) -> TlsFiles | None:
    files = settings.tls
    if files.certificate.is_file() and files.key.is_file():
        return files
    if settings.host not in ("127.0.0.1", "localhost", "::1"):
        raise HqSetupError(
            f"listening on {settings.host} needs TLS: run 'antrean hq tls init' once "
            f"(it makes headquarters' CA and certificate in {files.ca.parent})"
        )
    return None


def build_server(settings: HqSettings, *, clock: Clock = utc_now) -> HqServer:
    tls = tls_in_use(settings)
    ctx = open_context(settings, clock=clock)
    ca_pem = tls.ca.read_bytes() if tls is not None and tls.ca.is_file() else None
    return HqServer(ctx=ctx, app=create_app(ctx, ca_pem=ca_pem), tls=tls)
