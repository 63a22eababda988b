"""Putting the server together from settings: config, database, context, app."""

import gc
import logging
from dataclasses import dataclass

import uvicorn
from fastapi import FastAPI

from queue_protocol.tls import fingerprint
from queue_server.api.app import Background, create_app
from queue_server.config import ConfigError, load_office
from queue_server.discovery.addresses import is_loopback
from queue_server.discovery.advertiser import ZeroconfAdvertiser
from queue_server.domain.office import OfficeConfig
from queue_server.passport_key import KeySource, open_key, private_directory
from queue_server.push.hub import EventHub
from queue_server.services.context import Clock, ServerContext, utc_now
from queue_server.services.device_contact_writer import DeviceContactWriter
from queue_server.services.queue_snapshots import publish_snapshot
from queue_server.services.retention import RetentionJob
from queue_server.settings import Settings, TlsPaths
from queue_server.storage import Database
from queue_server.storage.migrate import DatabaseUnusableError, upgrade
from queue_server.upstream import credentials as upstream_credentials
from queue_server.upstream.sender import UpstreamSender
from queue_server.worker_processes import ParentWatch, WorkerProcesses

log = logging.getLogger(__name__)
GC_YOUNG_THRESHOLD = 20_000  # allocations between young collections (CPython's default: 700)


@dataclass
class Server:
    ctx: ServerContext
    app: FastAPI
    hub: EventHub
    tls: TlsPaths | None = None  # None: plain HTTP (loopback only)

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"


class TlsSetupError(ConfigError):
    """The server cannot serve as asked: TLS material missing or unusable."""


def tls_in_use(settings: Settings) -> TlsPaths | None:
    """The TLS files to serve with, or None for plain HTTP. The certificate and key are
    used when both exist; beyond loopback, plain HTTP is refused (a ``TlsSetupError``
    naming what to run)."""
    paths = settings.tls_paths
    present = paths.certificate.is_file() and paths.key.is_file()
    if present:
        return paths
    if settings.tls_certificate or settings.tls_key:
        raise TlsSetupError(f"TLS certificate or key not found: {paths.certificate}, {paths.key}")
    if not is_loopback(settings.host):
        raise TlsSetupError(
            f"listening on {settings.host or 'every interface'} needs TLS: officers' passwords "
            "and device tokens must not cross the LAN in clear text. Run 'antrean tls init "
            "--config OFFICE.toml' once (it makes the office CA and the server certificate in "
            f"{settings.tls_directory}), or give --tls-cert and --tls-key."
        )
    return None


def open_context(
    settings: Settings, *, office: OfficeConfig | None = None, clock: Clock = utc_now
) -> ServerContext:
    """Load the office, bring the schema up to date, and make the context every use case
    needs. The data directory is made its owner's alone (0700) first."""
    office = office or load_office(settings.office_file)
    private_directory(settings.data_dir)
    url = settings.resolved_database_url
    keys = KeySource.of(settings.data_dir, settings.passport_key)
    try:
        upgrade(url, adopt_passport_key=keys.adopt)
    except DatabaseUnusableError as error:
        raise ConfigError(str(error)) from None
    db = Database.from_url(url)
    try:
        passport_key = open_key(keys, db)
    except ConfigError:
        db.dispose()
        raise
    ctx = ServerContext(
        db=db, office=office, passport_key=passport_key, clock=clock, training=settings.training
    )
    ctx.queue_changed = lambda _actor: publish_snapshot(ctx)  # the app coalesces instead
    return ctx


def build_server(
    settings: Settings, *, office: OfficeConfig | None = None, clock: Clock = utc_now
) -> Server:
    """The office's server. With ``settings.workers`` above one, this process is the
    first of several on one port: it starts the others (``WorkerProcesses``) and does
    alone what is done once for the office (the queue snapshots, the retention job, the
    advertisement, the reports to headquarters); each process, this one too, publishes
    what the event log brings (``EventRelay``)."""
    tls = tls_in_use(settings)
    ca_pem = tls.ca.read_bytes() if tls is not None and tls.ca.is_file() else None
    ctx = open_context(settings, office=office, clock=clock)
    hub = EventHub()
    first = settings.worker_of is None
    background: list[Background] = [DeviceContactWriter(ctx)]  # each process notes its own
    if first:
        background.append(RetentionJob(ctx))
    if first and settings.advertise:
        background.append(
            ZeroconfAdvertiser(
                office_id=ctx.office.office.id,
                host=settings.host,
                port=settings.port,
                scheme="https" if tls else "http",
                ca_fingerprint=fingerprint(ca_pem) if ca_pem else None,
            )
        )
    hq = upstream_credentials.load(settings.data_dir) if first else None
    if hq is not None:
        background.append(UpstreamSender(ctx, hq))
    if settings.workers > 1:
        background.append(WorkerProcesses(settings, count=settings.workers - 1))
    elif not first:
        background.append(ParentWatch(settings.worker_of or 0))
    app = create_app(
        ctx,
        hub=hub,
        background=tuple(background),
        follow_log=settings.resolved_database_url if settings.shares_port else None,
        publishes_snapshots=first,
        ca_pem=ca_pem,
        metrics_token=settings.metrics_token,
        open_docs=settings.open_api_docs,
    )
    app.state.headquarters = hq  # the admin's upstream page shows where reports go
    return Server(ctx=ctx, app=app, hub=hub, tls=tls)


def uvicorn_config(
    app: FastAPI, *, host: str, port: int, tls: TlsPaths | None = None
) -> uvicorn.Config:
    """How every entry point serves the app. No per-message deflate: on an office LAN,
    compressing every event for every board costs the event loop more than it saves.
    With ``tls``, HTTPS only (TLS 1.2 or newer: Python's default for a server)."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,  # at "warning" it would print nothing, but each request still paid for it
        lifespan="on",
        ws="websockets-sansio",
        ws_per_message_deflate=False,
        ssl_certfile=str(tls.certificate) if tls else None,
        ssl_keyfile=str(tls.key) if tls else None,
    )


def tune_collector() -> None:
    """For a long-running server process, once started: freeze what start-up made (modules,
    config, compiled SQL) so collections skip it, and collect the young generation less
    often. Each request makes thousands of short-lived objects; with the defaults a full
    collection stalls every request in flight for 100-200 ms a few times a minute."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
