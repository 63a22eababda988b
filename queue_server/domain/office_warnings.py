"""Things in a valid office file that are probably mistakes: shown with the config on the admin
page and by ``antrean config check``. Each names the key to look at (English, as the file's
keys are)."""

import ipaddress
from urllib.parse import urlsplit

from queue_server.domain.office import OfficeConfig

LAN_SUFFIXES = (".local", ".lan", ".internal", ".home.arpa", ".localdomain")


def office_warnings(office: OfficeConfig) -> list[str]:
    return [*_service_warnings(office), *_quota_warnings(office), *_public_url_warnings(office)]


def _service_warnings(office: OfficeConfig) -> list[str]:
    warnings = []
    served = {queue for counter in office.counters for queue in counter.services}
    for service in office.services:
        for queue in service.queue_keys():
            if queue not in served:
                warnings.append(f"services.{service.code}: no counter serves queue {queue}")
        if not (service.admits_priority_walk_in or service.booking):
            warnings.append(f"services.{service.code}: nobody can get a ticket for it")
        slowest = max([service.service_minutes, *(s.service_minutes for s in service.stages)])
        if service.sla_minutes < slowest:
            warnings.append(
                f"services.{service.code}: SLA target {service.sla_minutes} min is shorter than"
                f" one service ({slowest:g} min)"
            )
    return warnings


def _quota_warnings(office: OfficeConfig) -> list[str]:
    used = {s.quota_pool for s in office.services} | {office.bookings.pool, office.priority.pool}
    return [
        f"quotas.{pool}: no service uses this pool" for pool in sorted(set(office.quotas) - used)
    ]


def _public_url_warnings(office: OfficeConfig) -> list[str]:
    """The status link in each ticket's QR code is opened by the visitor's phone, most often
    on mobile data: an address only this PC or the office LAN reaches is a dead link."""
    url = office.office.public_url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    key = "office.public_url"
    if parts.scheme not in ("http", "https") or not host:
        return [f"{key} = {url!r}: not a web address (https://antrean.example.go.id)"]
    reach = _reach(host)
    warnings = []
    if reach == "loopback":
        warnings.append(
            f"{key} = {url!r}: only this PC reaches {host}; the status link in each ticket's "
            "QR code is dead on a visitor's phone. Set the address phones reach."
        )
    elif reach == "lan":
        warnings.append(
            f"{key} = {url!r}: {host} is an office LAN address; phones on mobile data cannot "
            "open the status link (only phones on the office Wi-Fi). Set a public address."
        )
    if parts.scheme == "http" and reach != "loopback":
        warnings.append(f"{key} = {url!r}: the status link is not HTTPS")
    return warnings


def _reach(host: str) -> str:
    """``loopback``, ``lan`` (private, link-local, shared or a LAN-only name) or ``public``.
    An IPv4 address written as IPv6 (``::ffff:10.0.0.2``) is judged as the IPv4 one."""
    host = host.rstrip(".")  # "localhost." is localhost
    if host == "localhost" or host.endswith(".localhost"):
        return "loopback"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if "." not in host or host.endswith(LAN_SUFFIXES):
            return "lan"
        return "public"
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback or address.is_unspecified:  # 0.0.0.0: where a server listens
        return "loopback"
    if not address.is_global:  # private, link-local, unique-local, carrier-grade NAT
        return "lan"
    return "public"
