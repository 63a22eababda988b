"""Advertise the server on the LAN as ``_antrean._tcp.local.`` (zeroconf / mDNS).

The record carries the addresses of the interfaces the server listens on (never a
loopback address unless it listens only there; see ``addresses``), and its TXT
``office`` (office id), ``api`` (protocol version), ``path`` (API prefix),
``scheme`` (https or http) and ``ca`` (the office CA's fingerprint, with TLS).
An enrolled kiosk or board uses it only to find its pinned server's new address
(``queue_protocol.discovery.find_server``): it still checks the certificate.
"""

import logging

from zeroconf import IPVersion, ServiceInfo, Zeroconf

from queue_protocol import API_PREFIX, PROTOCOL_VERSION
from queue_protocol.discovery import SERVICE_TYPE
from queue_server.discovery.addresses import LOOPBACK, listening_addresses

log = logging.getLogger(__name__)


class ZeroconfAdvertiser:
    def __init__(
        self,
        *,
        office_id: str,
        host: str,
        port: int,
        scheme: str = "http",
        ca_fingerprint: str | None = None,
        name: str | None = None,
    ) -> None:
        self._office_id = office_id
        self._host = host
        self._port = port
        self._name = name or f"Antrean {office_id}"
        self._properties = {
            "office": office_id,
            "api": PROTOCOL_VERSION,
            "path": API_PREFIX,
            "scheme": scheme,
            **({"ca": ca_fingerprint} if ca_fingerprint else {}),
        }
        self._zeroconf: Zeroconf | None = None
        self._info: ServiceInfo | None = None

    @property
    def addresses(self) -> list[str]:
        return listening_addresses(self._host)

    def start(self) -> None:
        addresses = self.addresses
        self._info = ServiceInfo(
            SERVICE_TYPE,
            f"{self._name}.{SERVICE_TYPE}",
            port=self._port,
            properties=self._properties,
            parsed_addresses=addresses,
            server=f"antrean-{self._office_id}.local.",
        )
        # Answer on the interfaces the server listens on, so loopback stays loopback.
        self._zeroconf = Zeroconf(
            interfaces=[LOOPBACK] if addresses == [LOOPBACK] else addresses,
            ip_version=IPVersion.V4Only,
        )
        self._zeroconf.register_service(self._info, allow_name_change=True)
        log.info("advertising %s on %s:%s", SERVICE_TYPE, ",".join(addresses), self._port)

    def stop(self) -> None:
        if self._zeroconf is None:
            return
        if self._info is not None:
            self._zeroconf.unregister_service(self._info)
        self._zeroconf.close()
        self._zeroconf = None
