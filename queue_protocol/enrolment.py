"""Enrolling a device: the code a technician carries from the server to the device,
the exchange that turns it into the device's own token, and what the device keeps.

The code is the server's address with the pin and a one-time secret in its fragment::

    https://10.0.0.2:8443/enrol#ca=<CA fingerprint>&secret=<one-time secret>

A URL fragment is never sent to a server nor logged by a proxy. The device fetches
the office CA without trusting anything, checks it against the fingerprint of the
code, and from then on talks to the server only through a context that trusts that
CA alone (``queue_protocol.tls.pinned_context``). A code without ``ca`` is accepted
only for a server on plain HTTP on this machine (a developer's or the demo's).

What the device keeps (``Enrolment``) is a JSON file readable by its user alone.
"""

import contextlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError

from queue_protocol.models import EnrolReply, EnrolRequest
from queue_protocol.states import DeviceKind
from queue_protocol.tls import CertificateError, fingerprint, pinned_context

API = "/api/v1"
CA_PATH = "/ca.pem"
ENROLMENT_FILE = "enrolment.json"
_BASE32 = re.compile(r"^[A-Z2-7]+$")
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class EnrolmentError(Exception):
    """Enrolment failed; the message says what the technician can do about it."""


@dataclass(frozen=True)
class EnrolmentCode:
    """The server's base URL, the office CA's fingerprint (None: plain HTTP on loopback)
    and the one-time secret."""

    server_url: str
    ca_fingerprint: str | None
    secret: str

    def __str__(self) -> str:
        pin = f"ca={self.ca_fingerprint}&" if self.ca_fingerprint else ""
        return f"{self.server_url}/enrol#{pin}secret={self.secret}"

    @classmethod
    def parse(cls, text: str) -> "EnrolmentCode":
        """Read a code as printed (spaces and line breaks a technician typed are ignored)."""
        compact = "".join(text.split())
        parts = urlsplit(compact)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise EnrolmentError(
                "Kode pendaftaran tidak dikenali / Not an enrolment code: it starts with "
                "https:// and was printed by 'antrean device add'."
            )
        fields = {key: values[0] for key, values in parse_qs(parts.fragment).items()}
        secret = fields.get("secret", "").upper()
        pin = fields.get("ca", "").upper() or None
        if not _BASE32.match(secret) or (pin is not None and not _BASE32.match(pin)):
            raise EnrolmentError(
                "Kode pendaftaran tidak lengkap / The enrolment code is incomplete or mistyped: "
                "check the part after '#'."
            )
        base = f"{parts.scheme}://{parts.netloc}"
        if pin is None and (parts.scheme != "http" or parts.hostname not in _LOOPBACK_HOSTS):
            raise EnrolmentError(
                "Kode tanpa sidik jari sertifikat / The code has no certificate fingerprint "
                "(ca=...): only a server on this machine may be enrolled without one."
            )
        if pin is not None and parts.scheme != "https":
            raise EnrolmentError("A code with a certificate fingerprint needs an https:// address.")
        return cls(server_url=base, ca_fingerprint=pin, secret=secret)


class Enrolment(BaseModel):
    """What an enrolled device keeps: where its server is, the CA it trusts, its token."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    server_url: str
    ca_pem: str | None = None
    name: str
    kind: DeviceKind
    office_id: str
    office_name: str
    token: str
    token_expires_at: datetime

    @property
    def ca_fingerprint(self) -> str | None:
        return fingerprint(self.ca_pem) if self.ca_pem else None


def enrol(code: EnrolmentCode, *, kind: DeviceKind, timeout: float = 10.0) -> Enrolment:
    """Exchange ``code`` for this device's own token. Raises ``EnrolmentError``."""
    ca_pem = fetch_ca(code, timeout=timeout) if code.ca_fingerprint else None
    verify = pinned_context(ca_pem) if ca_pem else True
    try:
        with httpx.Client(base_url=code.server_url, verify=verify, timeout=timeout) as client:
            reply = client.post(
                f"{API}/devices/enrol",
                content=EnrolRequest(secret=code.secret, kind=kind).model_dump_json(),
                headers={"Content-Type": "application/json"},
            )
    except httpx.HTTPError as error:
        raise EnrolmentError(unreachable(code.server_url, error)) from None
    if reply.status_code != 200:
        raise EnrolmentError(refused(reply))
    enrolled = EnrolReply.model_validate_json(reply.content)
    return Enrolment(
        server_url=code.server_url,
        ca_pem=ca_pem,
        name=enrolled.name,
        kind=enrolled.kind,
        office_id=enrolled.office_id,
        office_name=enrolled.office_name,
        token=enrolled.token.token,
        token_expires_at=enrolled.token.expires_at,
    )


def fetch_ca(code: EnrolmentCode, *, timeout: float = 10.0) -> str:
    """The CA the server at the code's address offers (``/ca.pem``), checked against the
    code's fingerprint. Fetched without trusting anything: the fingerprint is the trust."""
    try:
        reply = httpx.get(f"{code.server_url}{CA_PATH}", verify=False, timeout=timeout)  # noqa: S501
    except httpx.HTTPError as error:
        raise EnrolmentError(unreachable(code.server_url, error)) from None
    if reply.status_code != 200:
        raise EnrolmentError(
            f"{code.server_url} offers no office certificate ({reply.status_code}): is it an "
            "Antrean server with TLS set up ('antrean tls init')?"
        )
    try:
        actual = fingerprint(reply.text)
    except CertificateError as error:
        raise EnrolmentError(f"{code.server_url} sent no usable certificate: {error}") from None
    if actual != code.ca_fingerprint:
        raise EnrolmentError(
            "Sertifikat server tidak cocok dengan kode / The server's certificate does not match "
            f"the enrolment code: whoever answers at {code.server_url} is not the office server "
            "the code was made on. Check the address, or make a new code."
        )
    return reply.text


def unreachable(url: str, error: httpx.HTTPError) -> str:
    return (
        f"Server tidak terjangkau / Cannot reach {url}: {error or type(error).__name__}. "
        "Check the network cable and the address in the code."
    )


def refused(reply: httpx.Response) -> str:
    try:
        body = reply.json()
        message = body.get("message_en") or body.get("message") or reply.reason_phrase
    except (ValueError, AttributeError):
        message = reply.reason_phrase
    return f"The server refused the enrolment ({reply.status_code}): {message}"


class EnrolmentFile:
    """The enrolment kept in a device's data directory, written atomically, mode 0600."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / ENROLMENT_FILE

    def load(self) -> Enrolment | None:
        """The stored enrolment, or None when the device was never enrolled."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as error:
            raise EnrolmentError(f"{self.path}: cannot read: {error.strerror}") from None
        try:
            return Enrolment.model_validate_json(text)
        except ValidationError as error:
            raise EnrolmentError(
                f"{self.path}: damaged ({error.errors()[0]['msg']}); enrol the device again."
            ) from None

    def save(self, enrolment: Enrolment) -> None:
        text = json.dumps(enrolment.model_dump(mode="json"), indent=2) + "\n"
        write_private(self.path, text.encode())


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` readable by this user alone (0600, the folder 0700),
    through a new file, so a reader never sees half of it nor a crash leaves half."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def enrol_and_keep(text: str, store: EnrolmentFile, *, kind: DeviceKind) -> Enrolment:
    """Read a code as typed or scanned, enrol this ``kind`` of device with it, and keep the
    result in ``store``."""
    enrolment = enrol(EnrolmentCode.parse(text), kind=kind)
    store.save(enrolment)
    return enrolment
