"""The admin's devices page says when each kiosk, board and feedback screen last spoke to the
server, and warns of one silent longer than the office allows."""

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect
from websockets.sync.client import connect

from queue_server.services.device_contact_writer import write_contacts
from queue_server.settings import Settings
from tests.support.live_server import ThreadServer, seed
from tests.support.office import office_settings
from tests.web.conftest import log_in


@pytest.fixture
def clocked_server(tmp_path: Path) -> Iterator[tuple[ThreadServer, list[datetime]]]:
    # taken when the devices are seeded (not when the module is read: in a long run that
    # is half an hour earlier, and the devices would look newly added)
    now = [datetime.now(UTC).replace(second=0, microsecond=0)]
    settings: Settings = office_settings(tmp_path)
    server = ThreadServer(settings=settings, tokens=seed(settings), clock=lambda: now[0])
    server.start()
    yield server, now
    server.stop()


def test_admin_sees_each_devices_last_contact_and_the_silent_ones(
    clocked_server: tuple[ThreadServer, list[datetime]], page: Page, screenshot_dir: Path
) -> None:
    server, now = clocked_server
    start = now[0]
    kiosk = {"authorization": f"Bearer {server.device_token('kiosk')}"}
    assert httpx.get(f"{server.url}/api/v1/services", headers=kiosk).status_code == 200
    write_contacts(server.ctx)  # as the writer does every half minute
    now[0] = start + timedelta(minutes=25)  # the kiosk went dark; the board never came
    assert httpx.get(f"{server.url}/api/v1/services", headers=kiosk).status_code == 200
    now[0] = start + timedelta(minutes=40)

    log_in(page, server, "admin", "/admin/devices")

    kiosk_row = page.locator("tr[data-device=kiosk-1] [data-last-contact]")
    last = server.ctx.local(start + timedelta(minutes=25)).strftime("%Y-%m-%d %H:%M")
    expect(kiosk_row).to_contain_text(last)  # noted, not yet written: shown all the same
    expect(kiosk_row).to_contain_text("Diam")
    expect(page.locator("tr[data-device=display-1] [data-last-contact]")).to_contain_text(
        "Belum pernah"
    )
    expect(page.locator("[data-silent-devices]")).to_contain_text("3 perangkat")
    expect(page.locator("[data-silent-devices]")).to_contain_text("10 menit")
    page.screenshot(path=screenshot_dir / "web-admin-devices-contact.png", full_page=True)


def test_an_open_event_stream_is_contact_now(
    clocked_server: tuple[ThreadServer, list[datetime]], page: Page
) -> None:
    server, now = clocked_server
    now[0] += timedelta(hours=2)
    url = f"ws://127.0.0.1:{server.port}/api/v1/events"
    token = {"Authorization": f"Bearer {server.device_token('display')}"}
    with connect(url, additional_headers=token, open_timeout=10):
        deadline = time.monotonic() + 10
        while "display-1" not in server.ctx.device_contacts.streaming():
            assert time.monotonic() < deadline, "the server never saw the stream open"
            time.sleep(0.05)
        log_in(page, server, "admin", "/admin/devices")
        display = page.locator("tr[data-device=display-1] [data-last-contact]")
        expect(display).to_contain_text("Terhubung sekarang")
        expect(display).not_to_contain_text("Diam")
