"""The zeroconf advertisement, seen by the browser the apps use, on loopback."""

from queue_protocol.discovery import find_server
from queue_server.discovery.advertiser import ZeroconfAdvertiser


def test_advertisement_found_by_browser_on_loopback() -> None:
    advertiser = ZeroconfAdvertiser(office_id="kanim-test", host="127.0.0.1", port=18765)
    advertiser.start()
    try:
        url = find_server(timeout=5, office_id="kanim-test", interfaces=["127.0.0.1"])
    finally:
        advertiser.stop()
    assert url == "http://127.0.0.1:18765"


def test_browser_ignores_other_offices() -> None:
    advertiser = ZeroconfAdvertiser(office_id="kanim-lain", host="127.0.0.1", port=18766)
    advertiser.start()
    try:
        url = find_server(timeout=1.5, office_id="kanim-test", interfaces=["127.0.0.1"])
    finally:
        advertiser.stop()
    assert url is None
