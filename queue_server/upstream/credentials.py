"""The office's enrolment at headquarters: HQ's address, the HQ CA it pins, and the office's
own signing key, kept in ``<data dir>/upstream/`` (readable by the server's user alone).

``antrean upstream enrol CODE`` makes them: the code (printed at HQ by ``antrean hq office
add``) carries HQ's address, the fingerprint of HQ's CA and a one-time secret; the
office makes its Ed25519 key here, and only its public half leaves the office.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

from queue_protocol.enrolment import (
    EnrolmentCode,
    EnrolmentError,
    fetch_ca,
    refused,
    unreachable,
    write_private,
)
from queue_protocol.tls import pinned_context
from queue_protocol.upstream import UpstreamEnrolReply, UpstreamEnrolRequest, public_key_text

HQ_FILE = "hq.json"
KEY_FILE = "office.key"


@dataclass(frozen=True)
class UpstreamCredentials:
    """What the office needs to report to HQ."""

    hq_url: str
    ca_pem: str | None
    office: str
    name: str
    region: str
    key: Ed25519PrivateKey

    def http_client(
        self, *, timeout: float = 10.0, transport: httpx.BaseTransport | None = None
    ) -> httpx.Client:
        """A client that trusts HQ's pinned CA alone (or, without one, HQ on loopback)."""
        verify = pinned_context(self.ca_pem) if self.ca_pem else True
        return httpx.Client(
            base_url=self.hq_url, verify=verify, timeout=timeout, transport=transport
        )


def directory_of(data_dir: Path) -> Path:
    return data_dir / "upstream"


def load(data_dir: Path) -> UpstreamCredentials | None:
    """The office's enrolment at HQ, or None when it was never enrolled."""
    folder = directory_of(data_dir)
    try:
        facts = json.loads((folder / HQ_FILE).read_text(encoding="utf-8"))
        key = load_pem_private_key((folder / KEY_FILE).read_bytes(), password=None)
    except FileNotFoundError:
        return None
    if not isinstance(key, Ed25519PrivateKey):
        raise EnrolmentError(f"{folder / KEY_FILE} is not an Ed25519 key: enrol again")
    return UpstreamCredentials(key=key, **facts)


def enrol(text: str, *, office: str, data_dir: Path, timeout: float = 10.0) -> UpstreamCredentials:
    """Enrol this office at HQ with the code ``text``; keep what it needs to report."""
    code = EnrolmentCode.parse(text)
    ca_pem = fetch_ca(code, timeout=timeout) if code.ca_fingerprint else None
    key = Ed25519PrivateKey.generate()
    request = UpstreamEnrolRequest(
        office=office, secret=code.secret, public_key=public_key_text(key)
    )
    verify = pinned_context(ca_pem) if ca_pem else True
    try:
        reply = httpx.post(
            f"{code.server_url}/api/v1/hq/enrol",
            content=request.model_dump_json(),
            headers={"Content-Type": "application/json"},
            verify=verify,
            timeout=timeout,
        )
    except httpx.HTTPError as error:
        raise EnrolmentError(unreachable(code.server_url, error)) from None
    if reply.status_code != 200:
        raise EnrolmentError(refused(reply))
    enrolled = UpstreamEnrolReply.model_validate_json(reply.content)
    credentials = UpstreamCredentials(
        hq_url=code.server_url,
        ca_pem=ca_pem,
        office=enrolled.office,
        name=enrolled.name,
        region=enrolled.region,
        key=key,
    )
    _save(credentials, directory_of(data_dir))
    return credentials


def _save(credentials: UpstreamCredentials, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = credentials.key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    facts = {
        "hq_url": credentials.hq_url,
        "ca_pem": credentials.ca_pem,
        "office": credentials.office,
        "name": credentials.name,
        "region": credentials.region,
    }
    write_private(folder / KEY_FILE, key)
    write_private(folder / HQ_FILE, (json.dumps(facts, indent=2) + "\n").encode())
