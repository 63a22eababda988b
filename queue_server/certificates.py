"""``antrean tls init``: the office CA and the server certificate, made once and kept.

The CA is made once and never replaced by this command: every enrolled device
pins it. The server certificate is renewed under the same CA when it is missing,
ends within ``RENEW_BEFORE``, lacks a name or address asked for, or ``renew`` is
given; devices keep working across a renewal. Keys are written 0600, the folder
0700; certificates are public.
"""

import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from queue_protocol.tls import (
    CertificateError,
    KeyPair,
    describe,
    fingerprint,
    make_ca,
    make_server_certificate,
)
from queue_server.discovery.addresses import LOOPBACK, interface_addresses
from queue_server.settings import TlsPaths

RENEW_BEFORE = timedelta(days=60)


@dataclass(frozen=True)
class TlsReport:
    """What ``init_tls`` found or made, for the technician."""

    paths: TlsPaths
    ca_fingerprint: str
    ca_made: bool
    server_made: bool
    names: tuple[str, ...]
    addresses: tuple[str, ...]
    not_after: datetime


def default_names(office_id: str) -> list[str]:
    """The machine's name, its ``.local`` name, the name the advertisement uses, localhost."""
    host = socket.gethostname().split(".")[0]
    names = [host, f"{host}.local", f"antrean-{office_id}.local", "localhost"]
    return list(dict.fromkeys(name for name in names if name))


def default_addresses() -> list[str]:
    return [*interface_addresses(), LOOPBACK]


def init_tls(
    paths: TlsPaths,
    *,
    office_name: str,
    names: list[str],
    addresses: list[str],
    renew: bool = False,
    now: datetime | None = None,
) -> TlsReport:
    """Make what is missing (see the module's docstring). Raises ``CertificateError``."""
    now = now or datetime.now(UTC)
    ca_made = not paths.ca.exists()
    if ca_made:
        ca_key_path = paths.ca.with_suffix(".key")
        if ca_key_path.exists():
            raise CertificateError(f"{ca_key_path} exists without {paths.ca}: restore both")
        ca = make_ca(office_name, now=now)
        _write(ca_key_path, ca.key, private=True)
        _write(paths.ca, ca.certificate, private=False)
    ca = _ca_pair(paths)
    server_made = renew or ca_made or _needs_server(paths, ca, names, addresses, now)
    if server_made:
        pair = make_server_certificate(ca, names=names, addresses=addresses, now=now)
        _write(paths.key, pair.key, private=True)
        _write(paths.certificate, pair.certificate, private=False)
    info = describe(paths.certificate.read_bytes(), ca.certificate)
    return TlsReport(
        paths=paths,
        ca_fingerprint=fingerprint(ca.certificate),
        ca_made=ca_made,
        server_made=server_made,
        names=info.names,
        addresses=info.addresses,
        not_after=info.not_after,
    )


def _ca_pair(paths: TlsPaths) -> KeyPair:
    key_path = paths.ca.with_suffix(".key")
    try:
        return KeyPair(paths.ca.read_bytes(), key_path.read_bytes())
    except FileNotFoundError as error:
        raise CertificateError(
            f"{error.filename} is missing: the CA's key is needed to sign a server "
            "certificate (an office that brings its own certificate sets --tls-cert and "
            "--tls-key instead of running tls init)"
        ) from None


def _needs_server(
    paths: TlsPaths, ca: KeyPair, names: list[str], addresses: list[str], now: datetime
) -> bool:
    if not (paths.certificate.exists() and paths.key.exists()):
        return True
    info = describe(paths.certificate.read_bytes(), ca.certificate)
    missing = set(names) - set(info.names) or set(addresses) - set(info.addresses)
    return bool(missing) or not info.signed_by_ca or info.not_after - now < RENEW_BEFORE


def _write(path: Path, data: bytes, *, private: bool) -> None:
    """Write through a new file so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.new")
    descriptor = os.open(
        temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644
    )
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)
