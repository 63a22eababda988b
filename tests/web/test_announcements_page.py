"""Running text in Chromium: a supervisor posts a line in both languages, the boards' queue
snapshot carries it at once, and withdrawing takes it off; a line missing a language is
refused with a reason, and an officer cannot open the page."""

from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.support.live_server import ThreadServer
from tests.web.conftest import log_in

LINE_ID = "Loket 5 tutup sementara, silakan menuju loket 6."
LINE_EN = "Counter 5 is closed for now, please go to counter 6."


def _board_lines(server: ThreadServer) -> list[dict[str, str]]:
    """What a board reads: the running text in the queue snapshot."""
    reply = httpx.get(
        f"{server.url}/api/v1/queue",
        headers={"authorization": f"Bearer {server.device_token('display')}"},
    )
    assert reply.status_code == 200, reply.text
    lines: list[dict[str, str]] = reply.json()["announcements"]
    return lines


def test_a_supervisor_posts_and_withdraws_a_line_of_running_text(
    api_server: ThreadServer, page: Page, screenshot_dir: Path
) -> None:
    log_in(page, api_server, "kepala", "/announcements")
    expect(page.locator("[data-empty]")).to_be_visible()
    form = page.locator("form[action='/announcements']")
    form.locator("input[name=text_id]").fill(LINE_ID)
    form.locator("input[name=text_en]").fill(LINE_EN)
    form.locator("button[type=submit]").click()

    expect(page.locator("[data-done=posted]")).to_have_text("Baris ditampilkan di layar.")
    expect(page.locator("tr[data-announcement] td[lang=id]")).to_have_text(LINE_ID)
    assert _board_lines(api_server) == [{"id": LINE_ID, "en": LINE_EN}]
    page.screenshot(path=screenshot_dir / "web-announcements.png", full_page=True)

    page.locator("tr[data-announcement] button[type=submit]").click()
    expect(page.locator("[data-done=withdrawn]")).to_be_visible()
    expect(page.locator("[data-empty]")).to_be_visible()
    assert _board_lines(api_server) == []


def test_a_line_without_its_english_is_refused_with_a_reason(
    api_server: ThreadServer, page: Page
) -> None:
    log_in(page, api_server, "kepala", "/announcements")
    form = page.locator("form[action='/announcements']")
    form.locator("input[name=text_id]").fill(LINE_ID)
    form.locator("input[name=text_en]").fill("   ")
    form.locator("button[type=submit]").click()

    expect(page.locator("p.notice.error")).to_have_text(
        "Tulis teksnya dalam bahasa Indonesia dan bahasa Inggris."
    )
    assert _board_lines(api_server) == []


def test_an_officer_has_no_running_text_page(api_server: ThreadServer, page: Page) -> None:
    log_in(page, api_server, "petugas", "/counter")
    expect(page.locator("header nav a[href='/announcements']")).to_have_count(0)
    reply = page.goto(f"{api_server.url}/announcements")
    assert reply is not None
    assert reply.status == 403
