"""Process settings: where data lives, which database, which office file.

Each comes from the command line, else the environment (``ANTREAN_*``), else a
default. Nothing here opens a file or a socket.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from queue_server.config import EXAMPLE_OFFICE, ConfigError


def default_data_dir() -> Path:
    """``$ANTREAN_DATA_DIR``, else ``$XDG_DATA_HOME/antrean``, else ``~/.local/share/antrean``."""
    explicit = os.environ.get("ANTREAN_DATA_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "antrean"


HTTP_PORT = 8000  # the server's port without TLS (loopback, the demo)
HTTPS_PORT = 8443  # and with it

TLS_ENVIRONMENT = {  # the variables, and the settings they give
    "ANTREAN_TLS_CERT": "tls_certificate",
    "ANTREAN_TLS_KEY": "tls_key",
    "ANTREAN_TLS_CA": "tls_ca",
}


@dataclass(frozen=True)
class TlsPaths:
    certificate: Path
    key: Path
    ca: Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(default_factory=default_data_dir)
    office_file: Path = EXAMPLE_OFFICE
    database_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    passport_key: bytes | None = None  # keyed hash of passport numbers; else a file in data_dir
    token_ttl_hours: int = 12
    advertise: bool = True
    workers: int = 1  # server processes on one port (PostgreSQL only beyond one)
    worker_of: int | None = None  # set in the extra processes: the first one's pid
    # TLS: by default the files ``antrean tls init`` makes in ``<data_dir>/tls``
    tls_certificate: Path | None = None
    tls_key: Path | None = None
    tls_ca: Path | None = None  # the CA devices pin, served at /ca.pem
    metrics_token: str | None = None  # a monitoring scraper's token for /metrics
    open_api_docs: bool = False  # /docs and /openapi.json for anyone, not admins alone
    training: bool = False  # a training office (``antrean demo --office``): pages say so

    @classmethod
    def from_env(cls) -> "Settings":
        settings = cls()
        env = os.environ
        if "ANTREAN_CONFIG" in env:
            settings = replace(settings, office_file=Path(env["ANTREAN_CONFIG"]))
        if "ANTREAN_DATABASE_URL" in env:
            settings = replace(settings, database_url=env["ANTREAN_DATABASE_URL"])
        if "ANTREAN_PASSPORT_KEY" in env:
            settings = replace(settings, passport_key=env["ANTREAN_PASSPORT_KEY"].encode())
        if "ANTREAN_WORKERS" in env:
            settings = replace(settings, workers=_whole_number("ANTREAN_WORKERS", env))
        if "ANTREAN_TLS_CERT" in env:
            settings = replace(settings, tls_certificate=Path(env["ANTREAN_TLS_CERT"]))
        if "ANTREAN_TLS_KEY" in env:
            settings = replace(settings, tls_key=Path(env["ANTREAN_TLS_KEY"]))
        if env.get("ANTREAN_METRICS_TOKEN"):
            settings = replace(settings, metrics_token=env["ANTREAN_METRICS_TOKEN"])
        if env.get("ANTREAN_OPEN_API_DOCS", "") not in ("", "0"):
            settings = replace(settings, open_api_docs=True)
        if "ANTREAN_TLS_CA" in env:
            settings = replace(settings, tls_ca=Path(env["ANTREAN_TLS_CA"]))
        return settings

    @property
    def tls_directory(self) -> Path:
        """Where ``antrean tls init`` keeps the office CA and the server certificate."""
        return self.data_dir / "tls"

    @property
    def tls_paths(self) -> "TlsPaths":
        """The certificate, key and CA the server would use (they may not exist)."""
        return TlsPaths(
            certificate=self.tls_certificate or self.tls_directory / "server.pem",
            key=self.tls_key or self.tls_directory / "server.key",
            ca=self.tls_ca or self.tls_directory / "ca.pem",
        )

    @property
    def shares_port(self) -> bool:
        """Several server processes serve the office on one port."""
        return self.workers > 1 or self.worker_of is not None

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'antrean.sqlite3'}"


def _whole_number(name: str, env: Mapping[str, str]) -> int:
    try:
        return int(env[name])
    except ValueError:
        raise ConfigError(f"{name}={env[name]!r}: give a whole number, such as 2") from None
