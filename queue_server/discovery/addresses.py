"""The addresses a server listening on ``host`` is reached at from the LAN.

Never the address ``/etc/hosts`` gives the machine's own name (Debian maps it to
127.0.1.1, which no other machine can reach): the interfaces' own addresses, read
from the system. A loopback address only when the server listens only there.
"""

import ipaddress
import socket

import ifaddr

LOOPBACK = "127.0.0.1"
_ANY = frozenset({"", "0.0.0.0", "::"})


def interface_addresses() -> list[str]:
    """Every IPv4 address of this machine's interfaces but loopback; link-local
    addresses (169.254.x.x) only when there is no other."""
    found: list[ipaddress.IPv4Address] = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str):
                address = ipaddress.IPv4Address(ip.ip)
                if not address.is_loopback and address not in found:
                    found.append(address)
    routable = [address for address in found if not address.is_link_local]
    return [str(address) for address in (routable or found)]


def listening_addresses(host: str) -> list[str]:
    """The IPv4 addresses a server bound to ``host`` answers on, for others to use."""
    if host in _ANY:
        return interface_addresses() or [LOOPBACK]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        try:
            address = ipaddress.ip_address(socket.gethostbyname(host))
        except OSError:
            return [LOOPBACK]
    if address.is_loopback:
        return [LOOPBACK]
    return [str(address)]


def is_loopback(host: str) -> bool:
    """Whether a server bound to ``host`` is reachable from this machine alone."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
