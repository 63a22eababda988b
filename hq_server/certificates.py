"""``antrean hq tls init``: headquarters' CA (made once: every office pins it) and its server
certificate (renewed under the same CA), in ``<data dir>/tls``; keys 0600."""

import socket
from dataclasses import dataclass

from hq_server.settings import TlsFiles
from queue_protocol.enrolment import write_private
from queue_protocol.tls import KeyPair, fingerprint, make_ca, make_server_certificate


@dataclass(frozen=True)
class HqTls:
    ca_fingerprint: str
    ca_made: bool
    names: list[str]
    addresses: list[str]


def default_names() -> list[str]:
    return list(dict.fromkeys([socket.gethostname().split(".")[0], "localhost"]))


def init_tls(files: TlsFiles, *, names: list[str], addresses: list[str]) -> HqTls:
    ca_key = files.ca.with_suffix(".key")
    ca_made = not files.ca.exists()
    if ca_made:
        ca = make_ca("Direktorat Jenderal Imigrasi")
        write_private(ca_key, ca.key)
        write_private(files.ca, ca.certificate)
    ca = KeyPair(files.ca.read_bytes(), ca_key.read_bytes())
    server = make_server_certificate(ca, names=names, addresses=addresses)
    write_private(files.key, server.key)
    write_private(files.certificate, server.certificate)
    files.ca.chmod(0o644)
    files.certificate.chmod(0o644)
    return HqTls(fingerprint(ca.certificate), ca_made, names, addresses)
