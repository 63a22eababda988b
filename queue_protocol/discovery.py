"""Finding the office's queue server on the LAN (zeroconf), for ``server = "auto"``."""

import threading

from zeroconf import IPVersion, ServiceBrowser, ServiceListener, Zeroconf

SERVICE_TYPE = "_antrean._tcp.local."


class _FirstServer(ServiceListener):
    def __init__(self, office_id: str | None) -> None:
        self.url: str | None = None
        self.found = threading.Event()
        self._office_id = office_id

    def add_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        info = zc.get_service_info(type_, name, timeout=2000)
        if info is None or not info.parsed_addresses():
            return
        office = ((info.properties or {}).get(b"office") or b"").decode()
        if self._office_id and office != self._office_id:
            return
        self.url = f"http://{info.parsed_addresses()[0]}:{info.port}"
        self.found.set()

    def update_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.add_service(zc, type_, name)

    def remove_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        """A server going away changes nothing for a lookup already answered."""


def find_server(
    timeout: float = 3.0, *, office_id: str | None = None, interfaces: list[str] | None = None
) -> str | None:
    """The base URL of the first Antrean server seen (of ``office_id`` if given), or None."""
    zeroconf = (
        Zeroconf(interfaces=interfaces, ip_version=IPVersion.V4Only)
        if interfaces
        else Zeroconf(ip_version=IPVersion.V4Only)
    )
    listener = _FirstServer(office_id)
    browser = ServiceBrowser(zeroconf, SERVICE_TYPE, listener)
    try:
        listener.found.wait(timeout)
        return listener.url
    finally:
        browser.cancel()
        zeroconf.close()
