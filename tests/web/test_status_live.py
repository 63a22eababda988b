"""The visitor's status page on a phone, live: it moves up without a reload as the tickets
ahead are served, says "almost your turn" (and buzzes) with three ahead, shows the call at
once in both languages, and polls with a backed-off retry while its stream is down."""

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.support.live_server import PASSWORD, ThreadServer
from tests.web.conftest import issue

PHONE: ViewportSize = {"width": 390, "height": 844}
# what the page asked of the phone: vibrations, and tones once sound is on
SPIES = """
window.__vibrations = [];
navigator.vibrate = (pattern) => { window.__vibrations.push(pattern); return true; };
window.__tones = 0;
const createOscillator = AudioContext.prototype.createOscillator;
AudioContext.prototype.createOscillator = function () {
  window.__tones += 1;
  return createOscillator.call(this);
};
"""


@pytest.fixture
def officer(live_server: ThreadServer) -> Iterator[httpx.Client]:
    login = {"username": "petugas", "password": PASSWORD}
    token = httpx.post(f"{live_server.url}/api/v1/auth/login", json=login).json()["token"]
    with httpx.Client(
        base_url=live_server.url, headers={"authorization": f"Bearer {token}"}
    ) as client:
        yield client


def serve_next(officer: httpx.Client) -> None:
    called = officer.post("/api/v1/counters/7/call-next").json()
    assert officer.post(f"/api/v1/tickets/{called['id']}/finish").status_code == 200


def open_status(page: Page, server: ThreadServer, ticket: dict[str, object], lang: str) -> None:
    token = str(ticket["status_url"]).rsplit("/", 1)[1]
    page.set_viewport_size(PHONE)
    page.add_init_script(SPIES)
    page.goto(f"{server.url}/lang/{lang}?next=/status/{token}")
    page.wait_for_url(f"{server.url}/status/{token}")


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("id", ("Sebentar lagi giliran Anda", "Dipanggil ke loket 7", "Called to counter 7")),
        ("en", ("Almost your turn", "Called to counter 7", "Dipanggil ke loket 7")),
    ],
)
def test_the_page_follows_the_ticket_up_to_its_call_without_a_reload(
    live_server: ThreadServer,
    officer: httpx.Client,
    page: Page,
    screenshot_dir: Path,
    lang: str,
    says: tuple[str, str, str],
) -> None:
    near, called_main, called_other = says
    tickets = [issue(live_server, "AP", f"web-live-{lang}-{n:04d}") for n in range(6)]
    open_status(page, live_server, tickets[-1], lang)
    page.evaluate("window.__not_reloaded = true")
    expect(page.locator("#position")).to_have_text("5")
    live = "Diperbarui langsung." if lang == "id" else "Updated live."
    expect(page.locator("#live")).to_have_text(live)
    expect(page.locator("#near")).to_be_hidden()
    page.click("#sound")
    expect(page.locator("#sound")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.__tones") == 1  # the visitor hears what will come
    serve_next(officer)
    expect(page.locator("#position")).to_have_text("4")
    expect(page.locator("#near")).to_be_hidden()
    serve_next(officer)
    expect(page.locator("#position")).to_have_text("3")
    expect(page.locator("#near")).to_be_visible()
    expect(page.locator("#near .near-main")).to_have_text(near)
    assert page.evaluate("window.__vibrations").count([200, 100, 200]) == 1
    page.screenshot(path=screenshot_dir / f"web-status-near-{lang}.png")
    for _ in range(3):
        serve_next(officer)
    expect(page.locator("#position")).to_have_text("0")
    called = officer.post("/api/v1/counters/7/call-next").json()
    assert called["id"] == tickets[-1]["id"]
    expect(page.locator("#called-main")).to_have_text(called_main)
    expect(page.locator("#called-other")).to_have_text(called_other)
    expect(page.locator("#near")).to_be_hidden()
    expect(page.locator("#facts")).to_be_hidden()  # no one ahead, no wait: not a waiter now
    assert [400, 150, 400, 150, 400] in page.evaluate("window.__vibrations")
    assert page.evaluate("window.__tones") == 1 + 1 + 3  # sound on, near, the call
    assert page.evaluate("window.__not_reloaded") is True
    page.screenshot(path=screenshot_dir / f"web-status-called-{lang}.png")


# when the page opened each stream (the page's clock), and whether it has closed
STREAM_SPY = """
window.__streams = [];
const RealWebSocket = window.WebSocket;
window.WebSocket = class extends RealWebSocket {
  constructor(url) {
    super(url);
    const opened = { at: Date.now(), closed: false };
    window.__streams.push(opened);
    this.addEventListener("close", () => { opened.closed = true; });
  }
};
"""
STEP_MS = 250


def until(page: Page, predicate: str, arg: object) -> None:
    """Wait for ``predicate`` in the page, asked from here: with the page's clock stopped,
    ``wait_for_function``'s own polling waits on that clock too."""
    deadline = time.monotonic() + 10
    while not page.evaluate(predicate, arg):
        assert time.monotonic() < deadline, predicate


def test_the_page_polls_and_retries_with_backoff_while_its_stream_is_down(
    live_server: ThreadServer, officer: httpx.Client, page: Page, screenshot_dir: Path
) -> None:
    page.clock.install()
    page.route_web_socket("**/live", lambda socket: socket.close(code=1011, reason="down"))
    page.add_init_script(STREAM_SPY)  # after the route, which wraps WebSocket in its own
    tickets = [issue(live_server, "AP", f"web-poll-{n:04d}") for n in range(3)]
    open_status(page, live_server, tickets[-1], "id")
    for opened in range(1, 6):  # let each refused stream close, then the clock run to the next
        until(page, "(n) => window.__streams[n]?.closed === true", opened - 1)
        while page.evaluate("window.__streams.length") == opened:
            page.clock.run_for(STEP_MS)
    expect(page.locator("#live")).to_contain_text("tiap 15 detik")
    times = page.evaluate("window.__streams.map((s) => s.at)")
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    for n, gap in enumerate(gaps):  # 1, 2, 4, 8 s, each with up to half taken off (jitter)
        assert 500 * 2**n <= gap <= 1000 * 2**n + STEP_MS, gaps
    expect(page.locator("#position")).to_have_text("2")
    expect(page.locator("#near")).to_be_visible()  # two ahead: near from the first render
    serve_next(officer)
    page.clock.run_for(15_000)  # the next poll
    expect(page.locator("#position")).to_have_text("1")
    page.screenshot(path=screenshot_dir / "web-status-polling.png")


def test_an_ended_ticket_s_page_stops_following(
    live_server: ThreadServer, officer: httpx.Client, page: Page
) -> None:
    ticket = issue(live_server, "AP", "web-ended-0001")
    assert officer.post(f"/api/v1/tickets/{ticket['id']}/cancel").status_code == 200
    open_status(page, live_server, ticket, "en")
    expect(page.locator("#state")).to_have_text("Cancelled")
    expect(page.locator("#live")).to_have_text("This ticket has ended.")
