"""The office CA, the server certificate and the pinned client context, over a real
TLS handshake on loopback."""

import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from queue_protocol.tls import (
    CertificateError,
    KeyPair,
    colon_hex,
    describe,
    fingerprint,
    make_ca,
    make_server_certificate,
    pinned_context,
)


@contextmanager
def tls_listener(pair: KeyPair, directory: Path) -> Iterator[int]:
    """A TLS server on loopback that completes one handshake per connection."""
    (directory / "cert.pem").write_bytes(pair.certificate)
    (directory / "key.pem").write_bytes(pair.key)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(directory / "cert.pem", directory / "key.pem")
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)  # so the loop sees ``stop``: closing does not wake accept()
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                with context.wrap_socket(connection, server_side=True) as tls:
                    tls.recv(1)
            except (ssl.SSLError, OSError):
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def handshake(port: int, context: ssl.SSLContext) -> None:
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
        context.wrap_socket(raw, server_hostname="anything.example") as tls,
    ):
        tls.sendall(b"x")


def test_pinned_context_office_certificate_any_address_accepted(tmp_path: Path) -> None:
    ca = make_ca("Kantor Imigrasi Uji")
    server = make_server_certificate(ca, names=["antrean.local"], addresses=["10.9.8.7"])
    with tls_listener(server, tmp_path) as port:
        # the name asked for is not in the certificate: the pin is the CA, not the name
        handshake(port, pinned_context(ca.certificate.decode()))


def test_pinned_context_another_ca_refused(tmp_path: Path) -> None:
    office = make_ca("Kantor Imigrasi Uji")
    rogue = make_ca("Bukan kantor")
    server = make_server_certificate(rogue, names=["localhost"], addresses=["127.0.0.1"])
    with tls_listener(server, tmp_path) as port, pytest.raises(ssl.SSLCertVerificationError):
        handshake(port, pinned_context(office.certificate.decode()))


def test_pinned_context_refuses_tls_below_1_2() -> None:
    context = pinned_context(make_ca("Kantor").certificate.decode())
    assert context.minimum_version == ssl.TLSVersion.TLSv1_2
    assert context.verify_mode == ssl.CERT_REQUIRED


def test_server_certificate_names_addresses_and_issuer() -> None:
    now = datetime(2026, 12, 7, tzinfo=UTC)
    ca = make_ca("Kantor", now=now)
    server = make_server_certificate(
        ca, names=["kanim", "kanim.local"], addresses=["192.0.2.2", "127.0.0.1"], now=now
    )
    info = describe(server.certificate, ca.certificate)
    assert info.names == ("kanim", "kanim.local")
    assert info.addresses == ("192.0.2.2", "127.0.0.1")
    assert info.signed_by_ca
    assert info.not_after - now > timedelta(days=800)
    assert not describe(server.certificate, make_ca("Lain").certificate).signed_by_ca


def test_fingerprint_base32_and_colon_hex_agree() -> None:
    ca = make_ca("Kantor")
    value = fingerprint(ca.certificate)
    assert len(value) == 52
    assert value == value.upper()
    assert fingerprint(ca.certificate.decode()) == value
    assert len(colon_hex(value).split(":")) == 32


def test_server_certificate_without_name_or_address_refused() -> None:
    with pytest.raises(CertificateError, match="at least one"):
        make_server_certificate(make_ca("Kantor"), names=[], addresses=[])


def test_fingerprint_of_garbage_says_so() -> None:
    with pytest.raises(CertificateError, match="not a PEM certificate"):
        fingerprint(b"-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n")
