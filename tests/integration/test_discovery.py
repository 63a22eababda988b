"""The zeroconf advertisement, seen by the browser the apps use: on loopback, and on this
machine's own LAN interface, where a kiosk would look."""

import pytest

from queue_protocol.discovery import find_server
from queue_server.discovery.addresses import interface_addresses, listening_addresses
from queue_server.discovery.advertiser import ZeroconfAdvertiser

PIN = "A" * 52


def test_advertisement_found_by_browser_on_loopback() -> None:
    advertiser = ZeroconfAdvertiser(office_id="kanim-test", host="127.0.0.1", port=18765)
    advertiser.start()
    try:
        url = find_server(
            timeout=5, office_id="kanim-test", ca_fingerprint=None, interfaces=["127.0.0.1"]
        )
    finally:
        advertiser.stop()
    assert url == "http://127.0.0.1:18765"


def test_browser_ignores_other_offices() -> None:
    advertiser = ZeroconfAdvertiser(office_id="kanim-lain", host="127.0.0.1", port=18766)
    advertiser.start()
    try:
        url = find_server(
            timeout=1.5, office_id="kanim-test", ca_fingerprint=None, interfaces=["127.0.0.1"]
        )
    finally:
        advertiser.stop()
    assert url is None


def test_browser_ignores_a_server_of_another_ca_and_plain_http() -> None:
    """An enrolled device looks for its office's CA: an advertisement copying the office
    code but not the pinned fingerprint (or on plain HTTP) is not its server."""
    advertiser = ZeroconfAdvertiser(
        office_id="kanim-test",
        host="127.0.0.1",
        port=18767,
        scheme="https",
        ca_fingerprint="B" * 52,
    )
    advertiser.start()
    try:
        for_pin = find_server(
            timeout=1.5, office_id="kanim-test", ca_fingerprint=PIN, interfaces=["127.0.0.1"]
        )
        unpinned = find_server(
            timeout=1.5, office_id="kanim-test", ca_fingerprint=None, interfaces=["127.0.0.1"]
        )
    finally:
        advertiser.stop()
    assert for_pin is None
    assert unpinned is None


@pytest.mark.skipif(not interface_addresses(), reason="this machine has no LAN interface")
def test_server_on_every_interface_advertises_its_lan_address_with_its_pin() -> None:
    """Listening on 0.0.0.0, the record carries the interfaces' addresses (never
    127.0.1.1, the address Debian gives the host's name), and the browser finds the https
    URL on the LAN interface a kiosk would use."""
    lan = interface_addresses()[0]
    advertiser = ZeroconfAdvertiser(
        office_id="kanim-lan", host="0.0.0.0", port=18768, scheme="https", ca_fingerprint=PIN
    )
    assert advertiser.addresses == interface_addresses()
    assert not any(address.startswith("127.") for address in advertiser.addresses)
    advertiser.start()
    try:
        url = find_server(timeout=5, office_id="kanim-lan", ca_fingerprint=PIN, interfaces=[lan])
    finally:
        advertiser.stop()
    assert url == f"https://{lan}:18768"


def test_listening_addresses_follow_the_bind_address() -> None:
    assert listening_addresses("127.0.0.1") == ["127.0.0.1"]
    assert listening_addresses("localhost") == ["127.0.0.1"]
    assert listening_addresses("192.0.2.77") == ["192.0.2.77"]
    assert "127.0.1.1" not in listening_addresses("0.0.0.0")
