"""Finding the office's queue server on the LAN (zeroconf).

Only an enrolled device looks, and only for its own server: an advertisement is
taken when it names the device's office and, for a server on TLS, the fingerprint
of the CA the device pinned. That is a filter, not the trust: the device still
checks the certificate on every connection, so a rogue advertisement copying the
TXT record gets nothing but a refused handshake.
"""

import threading

from zeroconf import IPVersion, ServiceBrowser, ServiceListener, Zeroconf

SERVICE_TYPE = "_antrean._tcp.local."


class _FirstServer(ServiceListener):
    def __init__(self, office_id: str, ca_fingerprint: str | None) -> None:
        self.url: str | None = None
        self.found = threading.Event()
        self._office_id = office_id
        self._ca_fingerprint = ca_fingerprint

    def add_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        info = zc.get_service_info(type_, name, timeout=2000)
        if info is None or not info.parsed_addresses():
            return
        properties = {
            key.decode(errors="replace"): (value or b"").decode(errors="replace")
            for key, value in (info.properties or {}).items()
        }
        if properties.get("office") != self._office_id:
            return
        scheme = properties.get("scheme", "http")
        if self._ca_fingerprint is not None and (
            scheme != "https" or properties.get("ca") != self._ca_fingerprint
        ):
            return  # another CA: not the server this device pinned
        if self._ca_fingerprint is None and scheme != "http":
            return
        self.url = f"{scheme}://{info.parsed_addresses()[0]}:{info.port}"
        self.found.set()

    def update_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.add_service(zc, type_, name)

    def remove_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        """A server going away changes nothing for a lookup already answered."""


def find_server(
    *,
    office_id: str,
    ca_fingerprint: str | None,
    timeout: float = 3.0,
    interfaces: list[str] | None = None,
) -> str | None:
    """The base URL of office ``office_id``'s server whose CA has ``ca_fingerprint``
    (None: a server on plain HTTP), or None when none answers within ``timeout``."""
    zeroconf = (
        Zeroconf(interfaces=interfaces, ip_version=IPVersion.V4Only)
        if interfaces
        else Zeroconf(ip_version=IPVersion.V4Only)
    )
    listener = _FirstServer(office_id, ca_fingerprint)
    browser = ServiceBrowser(zeroconf, SERVICE_TYPE, listener)
    try:
        listener.found.wait(timeout)
        return listener.url
    finally:
        browser.cancel()
        zeroconf.close()
