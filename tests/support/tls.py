"""TLS material for tests: an office's CA and server certificate as ``antrean tls init``
makes them, and a stranger's (another CA) to stand for a rogue server."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from queue_server.certificates import TlsReport, init_tls
from queue_server.services.context import Clock, utc_now
from queue_server.settings import Settings, TlsPaths
from tests.support.live_server import ThreadServer, seed
from tests.support.office import office_settings

LOOPBACK_NAMES = ["localhost"]
LOOPBACK_ADDRESSES = ["127.0.0.1"]


def office_tls(settings: Settings) -> TlsReport:
    """The office CA and a server certificate for loopback, in the server's data directory:
    a server built from ``settings`` serves HTTPS."""
    return init_tls(
        settings.tls_paths,
        office_name="Kantor Imigrasi Uji",
        names=LOOPBACK_NAMES,
        addresses=LOOPBACK_ADDRESSES,
    )


def stranger_tls(directory: Path) -> TlsPaths:
    """Another CA's server certificate for loopback: what a rogue host would present."""
    paths = TlsPaths(
        certificate=directory / "server.pem", key=directory / "server.key", ca=directory / "ca.pem"
    )
    init_tls(paths, office_name="Bukan kantor", names=LOOPBACK_NAMES, addresses=LOOPBACK_ADDRESSES)
    return paths


@contextmanager
def running_tls_server(settings: Settings, clock: Clock = utc_now) -> Iterator[ThreadServer]:
    """The real server on HTTPS with the office's own CA, seeded like ``api_server``."""
    office_tls(settings)
    server = ThreadServer(settings=settings, tokens=seed(settings), clock=clock)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def rogue_server(directory: Path) -> Iterator[ThreadServer]:
    """A server on HTTPS with another CA's certificate: a rogue host on the office LAN."""
    paths = stranger_tls(directory / "tls")
    settings = replace(
        office_settings(directory),
        tls_certificate=paths.certificate,
        tls_key=paths.key,
        tls_ca=paths.ca,
    )
    with running_tls_server(settings) as server:
        yield server
