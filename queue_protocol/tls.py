"""TLS between the office's server and its devices: the office CA, the server
certificate, the CA's fingerprint, and the pinned client context.

Trust is pinned, not delegated: an office makes its own CA (``antrean tls init``),
and an enrolled device trusts that CA alone, whatever the system's trust store
says. The server's name is not checked on the device, only that its certificate
was signed by the pinned CA: a kiosk may find its server at a new DHCP address,
and any certificate the office's CA signed is the office's server. Browsers (the
officers' consoles) check names as usual, so the server certificate still names
every LAN name and address it is reached by.

Fingerprints are SHA-256 over the certificate's DER bytes, written in base32
(RFC 4648, no padding): 52 letters and digits, short enough to type.
"""

import base64
import hashlib
import ipaddress
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_DAYS = 20 * 365  # the pin lives as long as the office's devices
SERVER_DAYS = 825  # renewed under the same CA: devices keep their pin


class CertificateError(ValueError):
    """A certificate or key that cannot be used; the message says why."""


@dataclass(frozen=True)
class KeyPair:
    """A certificate and its private key, both PEM."""

    certificate: bytes
    key: bytes


def fingerprint(certificate_pem: bytes | str) -> str:
    """The SHA-256 fingerprint of a PEM certificate, in base32 without padding."""
    der = _load(certificate_pem).public_bytes(serialization.Encoding.DER)
    return base64.b32encode(hashlib.sha256(der).digest()).decode().rstrip("=")


def colon_hex(fingerprint_b32: str) -> str:
    """The same fingerprint as browsers show it: ``AB:CD:...``."""
    padded = fingerprint_b32 + "=" * (-len(fingerprint_b32) % 8)
    return ":".join(f"{byte:02X}" for byte in base64.b32decode(padded))


def make_ca(office_name: str, *, now: datetime | None = None) -> KeyPair:
    """A new office CA (P-256), allowed to sign server certificates only."""
    now = now or datetime.now(UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, office_name[:64] or "Antrean"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Antrean office CA"),
        ]
    )
    certificate = (
        _builder(name, name, key.public_key(), now, CA_DAYS)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return KeyPair(_pem(certificate), _key_pem(key))


def make_server_certificate(
    ca: KeyPair,
    *,
    names: list[str],
    addresses: list[str],
    now: datetime | None = None,
) -> KeyPair:
    """A server certificate signed by ``ca`` for these DNS names and IP addresses."""
    if not names and not addresses:
        raise CertificateError("a server certificate needs at least one name or address")
    now = now or datetime.now(UTC)
    ca_certificate = _load(ca.certificate)
    ca_key = serialization.load_pem_private_key(ca.key, password=None)
    if not isinstance(ca_key, ec.EllipticCurvePrivateKey):
        raise CertificateError("the CA key is not an elliptic-curve key made by antrean tls init")
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, (names or addresses)[0][:64])])
    alternatives: list[x509.GeneralName] = [x509.DNSName(name) for name in names]
    alternatives += [x509.IPAddress(ipaddress.ip_address(address)) for address in addresses]
    certificate = (
        _builder(subject, ca_certificate.subject, key.public_key(), now, SERVER_DAYS)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName(alternatives), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return KeyPair(_pem(certificate), _key_pem(key))


@dataclass(frozen=True)
class CertificateInfo:
    """What a technician wants to know of a certificate."""

    names: tuple[str, ...]
    addresses: tuple[str, ...]
    not_after: datetime
    signed_by_ca: bool


def describe(certificate_pem: bytes, ca_pem: bytes) -> CertificateInfo:
    """Names, addresses, end of validity, and whether ``ca_pem`` signed it."""
    certificate = _load(certificate_pem)
    try:
        alternatives = certificate.extensions.get_extension_for_class(
            x509.SubjectAlternativeName
        ).value
    except x509.ExtensionNotFound:
        names: list[str] = []
        addresses: list[str] = []
    else:
        names = alternatives.get_values_for_type(x509.DNSName)
        addresses = [str(a) for a in alternatives.get_values_for_type(x509.IPAddress)]
    try:
        certificate.verify_directly_issued_by(_load(ca_pem))
        signed = True
    except (ValueError, TypeError, InvalidSignature):
        signed = False
    return CertificateInfo(tuple(names), tuple(addresses), certificate.not_valid_after_utc, signed)


def pinned_context(ca_pem: str) -> ssl.SSLContext:
    """A client context that trusts the office CA alone (TLS 1.2 or newer); the server's
    name is not checked, only that the pinned CA signed its certificate."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = False
    context.verify_mode = ssl.CERT_REQUIRED
    try:
        context.load_verify_locations(cadata=ca_pem)
    except ssl.SSLError as error:
        raise CertificateError(f"the pinned CA certificate cannot be read: {error}") from None
    return context


def _load(certificate_pem: bytes | str) -> x509.Certificate:
    data = certificate_pem.encode() if isinstance(certificate_pem, str) else certificate_pem
    try:
        return x509.load_pem_x509_certificate(data)
    except ValueError as error:
        raise CertificateError(f"not a PEM certificate: {error}") from None


def _builder(
    subject: x509.Name,
    issuer: x509.Name,
    public_key: ec.EllipticCurvePublicKey,
    now: datetime,
    days: int,
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))  # a device whose clock is a little behind
        .not_valid_after(now + timedelta(days=days))
    )


def _pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
