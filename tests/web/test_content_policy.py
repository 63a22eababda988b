"""Every page works under its Content-Security-Policy: no inline script or style is
refused by the browser, the print button and the revoke question work from a file,
and no other site may frame a page."""

from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page, Response, expect

from tests.support.live_server import ThreadServer
from tests.web.conftest import issue, log_in

STAFF_PAGES = [
    "/counter",
    "/counter?n=7",
    "/reports",
    "/reports/day",
    "/reports/range",
    "/reports/skm",
    "/reports/staffing",
    "/reports/simulation",
    "/admin/users",
    "/admin/devices",
    "/admin/audit",
    "/admin/config",
    "/admin/upstream",
]


@pytest.fixture
def refusals(page: Page) -> list[str]:
    """What the browser refused or failed at on the page: policy violations, script errors."""
    seen: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            seen.append(message.text)  # a refused script or style, a script's error

    def on_response(response: Response) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            seen.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: seen.append(str(error)))
    return seen


def test_every_page_runs_without_a_refusal(
    live_server: ThreadServer, page: Page, refusals: list[str], screenshot_dir: Path
) -> None:
    ticket = issue(live_server, "AP", "web-policy-0001")
    token = str(ticket["status_url"]).rsplit("/", 1)[1]
    page.goto(f"{live_server.url}/status/{token}")
    expect(page.locator("#number")).to_have_text(str(ticket["number"]))
    log_in(page, live_server, "admin", "/admin/users")
    for path in STAFF_PAGES:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert refusals == [], f"{path}: {refusals}"
    page.goto(f"{live_server.url}/admin/devices")
    page.fill("input[name=name]", "kiosk-7")
    page.click("form[action='/admin/devices'] button[type=submit]")
    expect(page.locator(".enrolment-qr svg")).to_have_count(1)
    page.goto(f"{live_server.url}/reports/range")
    expect(page.locator("figure.chart svg").first).to_be_visible()
    page.screenshot(path=screenshot_dir / "web-policy-reports-range.png", full_page=True)
    assert refusals == []


def test_print_button_and_revoke_question_work_from_a_file(
    live_server: ThreadServer, page: Page, refusals: list[str]
) -> None:
    log_in(page, live_server, "admin", "/reports/day")
    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
    page.click("[data-print]")
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")
    page.goto(f"{live_server.url}/admin/devices")
    questions: list[str] = []

    def dismiss(dialog):  # type: ignore[no-untyped-def]
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.click("tr[data-device=kiosk-1] form[action$='/revoke'] button")
    expect(page.locator("tr[data-device=kiosk-1]")).to_have_attribute("data-state", "active")
    assert len(questions) == 1
    assert questions[0]
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("tr[data-device=kiosk-1] form[action$='/revoke'] button")
    expect(page.locator("tr[data-device=kiosk-1]")).to_have_attribute("data-state", "revoked")
    assert refusals == []


def test_another_site_cannot_frame_a_page(live_server: ThreadServer, page: Page) -> None:
    page.set_content(f'<iframe src="{live_server.url}/login" width="600" height="400"></iframe>')
    page.wait_for_timeout(500)
    framed = [frame for frame in page.frames if frame != page.main_frame]
    assert framed
    assert all(frame.locator("input[name=username]").count() == 0 for frame in framed)
