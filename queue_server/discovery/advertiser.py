"""Advertise the server on the LAN as ``_antrean._tcp.local.`` (zeroconf / mDNS).

TXT record: ``office`` (office id), ``api`` (protocol version), ``path`` (API prefix).
Kiosks and displays configured with ``server = "auto"`` find it with
``queue_protocol.discovery.find_server``.
"""

import logging
import socket

from zeroconf import IPVersion, ServiceInfo, Zeroconf

from queue_protocol import API_PREFIX, PROTOCOL_VERSION
from queue_protocol.discovery import SERVICE_TYPE

log = logging.getLogger(__name__)


class ZeroconfAdvertiser:
    def __init__(self, *, office_id: str, host: str, port: int, name: str | None = None) -> None:
        self._office_id = office_id
        self._host = host
        self._port = port
        self._name = name or f"Antrean {office_id}"
        self._zeroconf: Zeroconf | None = None
        self._info: ServiceInfo | None = None

    def _addresses(self) -> list[str]:
        if self._host in ("0.0.0.0", ""):
            return [socket.gethostbyname(socket.gethostname())]
        return [self._host]

    def start(self) -> None:
        addresses = self._addresses()
        interfaces = ["127.0.0.1"] if addresses == ["127.0.0.1"] else None
        self._info = ServiceInfo(
            SERVICE_TYPE,
            f"{self._name}.{SERVICE_TYPE}",
            port=self._port,
            properties={"office": self._office_id, "api": PROTOCOL_VERSION, "path": API_PREFIX},
            parsed_addresses=addresses,
            server=f"antrean-{self._office_id}.local.",
        )
        self._zeroconf = (
            Zeroconf(interfaces=interfaces, ip_version=IPVersion.V4Only)
            if interfaces
            else Zeroconf(ip_version=IPVersion.V4Only)
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
