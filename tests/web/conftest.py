"""Browser fixtures: Debian's chromium driven by Playwright, launched once per session."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from tests.support.live_server import PASSWORD, ThreadServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT: ViewportSize = {"width": 1366, "height": 768}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    context.set_default_timeout(10_000)
    opened = context.new_page()
    yield opened
    context.close()


def log_in(page: Page, server: ThreadServer, username: str, target: str) -> None:
    """Open ``target``, get sent to the login page, log in, and land back on ``target``."""
    page.goto(f"{server.url}{target}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}{target}")


def issue(server: ThreadServer, service: str, ref: str) -> dict[str, object]:
    """A walk-in ticket from the kiosk's API."""
    reply = httpx.post(
        f"{server.url}/api/v1/tickets",
        json={"service": service, "source": "walk_in", "client_ref": ref},
        headers={"authorization": f"Bearer {server.device_token('kiosk')}"},
    )
    assert reply.status_code == 201, reply.text
    ticket: dict[str, object] = reply.json()
    return ticket
