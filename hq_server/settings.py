"""Headquarters' process settings: from the command line, else ``ANTREAN_HQ_*``, else a
default. Nothing here opens a file or a socket."""

import os
from dataclasses import dataclass, field
from pathlib import Path

HQ_HTTPS_PORT = 9443
HQ_HTTP_PORT = 9000  # loopback only, without TLS


def default_data_dir() -> Path:
    """``$ANTREAN_HQ_DATA_DIR``, else ``$XDG_DATA_HOME/antrean-hq``."""
    explicit = os.environ.get("ANTREAN_HQ_DATA_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "antrean-hq"


@dataclass(frozen=True)
class TlsFiles:
    certificate: Path
    key: Path
    ca: Path


@dataclass(frozen=True)
class HqSettings:
    database_url: str | None = field(
        default_factory=lambda: os.environ.get("ANTREAN_HQ_DATABASE_URL")
    )
    data_dir: Path = field(default_factory=default_data_dir)
    host: str = "127.0.0.1"
    port: int = HQ_HTTPS_PORT
    public_url: str | None = field(default_factory=lambda: os.environ.get("ANTREAN_HQ_URL"))

    @property
    def tls(self) -> TlsFiles:
        folder = self.data_dir / "tls"
        return TlsFiles(folder / "server.pem", folder / "server.key", folder / "ca.pem")
