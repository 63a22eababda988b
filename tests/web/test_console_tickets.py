"""The officer console in a real browser, beyond its own ticket: find a ticket by its
number and put a no-show back in line, issue a ticket at the information desk and print
it, pause with a reason, and see a printer fault as a banner (also on the admin pages)."""

from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.support.live_server import ThreadServer
from tests.web.conftest import issue, log_in


def _report_fault(server: ThreadServer, state: str) -> None:
    kiosk = {"authorization": f"Bearer {server.device_token('kiosk')}"}
    fault = {"device": "printer", "state": state, "message": ""}
    reply = httpx.post(f"{server.url}/api/v1/devices/faults", json=fault, headers=kiosk)
    assert reply.is_success, reply.text


def _english(page: Page, server: ThreadServer) -> None:
    page.context.add_cookies([{"name": "antrean_lang", "value": "en", "url": server.url}])
    page.reload()


def test_console_finds_a_no_show_and_puts_it_back_in_line(
    live_server: ThreadServer, page: Page, screenshot_dir: Path
) -> None:
    first = issue(live_server, "AP", "web-search-0001")
    issue(live_server, "AP", "web-search-0002")
    log_in(page, live_server, "petugas", "/counter?n=7")
    page.click("[data-action=call-next]")
    expect(page.locator("#ticket-number")).to_have_text(str(first["number"]))
    page.click("[data-action=no-show]")
    expect(page.locator("#current-empty")).to_be_visible()
    expect(page.locator("#recent-no-shows")).to_contain_text(str(first["number"]))
    page.fill("#search-number", "c1")
    page.press("#search-number", "Enter")
    expect(page.locator("#found-number")).to_have_text(str(first["number"]))
    expect(page.locator("#found-status")).to_have_text("Tidak hadir")
    expect(page.locator("#found-history")).to_contain_text("Ditandai tidak hadir")
    expect(page.locator("#found-actions button")).to_have_text(["Kembalikan ke antrean"])
    page.screenshot(path=screenshot_dir / "web-counter-search-no-show-id.png")
    page.click("[data-found-action=requeue]")
    expect(page.locator("#found-status")).to_have_text("Menunggu")
    expect(page.locator("#found-ahead")).to_have_text("1")  # behind the second ticket
    expect(page.locator("#found-history li").last).to_contain_text("Dikembalikan ke antrean")
    expect(page.locator("#found-actions button")).to_have_text(["Alihkan", "Batalkan tiket"])
    expect(page.locator("#no-shows-block")).to_be_hidden()
    _english(page, live_server)
    page.fill("#search-number", str(first["number"]))
    page.click("#search-form button[type=submit]")
    expect(page.locator("#found-history")).to_contain_text("Put back in line")
    page.screenshot(path=screenshot_dir / "web-counter-search-en.png")
    page.fill("#search-number", "C999")
    page.press("#search-number", "Enter")
    expect(page.locator("#search-message")).to_have_text("No ticket C999 today.")


def test_console_recent_no_show_put_back_in_line_from_its_counter(
    live_server: ThreadServer, page: Page
) -> None:
    ticket = issue(live_server, "AP", "web-recent-0001")
    log_in(page, live_server, "petugas", "/counter?n=7")
    expect(page.locator("#no-shows-block")).to_be_hidden()
    page.click("[data-action=call-next]")
    page.click("[data-action=no-show]")
    expect(page.locator("#recent-no-shows")).to_contain_text(str(ticket["number"]))
    page.click(f"[data-requeue='{ticket['id']}']")
    expect(page.locator("#no-shows-block")).to_be_hidden()
    expect(page.locator("#waiting-total")).to_have_text("1")


def test_console_information_desk_issues_and_prints_a_ticket(
    live_server: ThreadServer, page: Page, screenshot_dir: Path
) -> None:
    log_in(page, live_server, "petugas", "/counter?n=7")
    expect(page.locator("#desk-open")).to_be_visible()
    page.click("#desk-open")
    page.check("input[name=service][value=IT]")
    page.select_option("#desk-priority", "lansia")
    page.click("#desk-issue")
    expect(page.locator("#desk-number")).to_have_text("D001")
    expect(page.locator("#desk-service")).to_have_text("Izin Tinggal (ITAS/ITAP/ITK)")
    page.screenshot(path=screenshot_dir / "web-counter-desk-ticket-id.png")
    with page.context.expect_page() as opened:
        page.click("#desk-print")
    printable = opened.value
    expect(printable.locator("#paper-number")).to_have_text("D001")
    expect(printable.locator(".paper-priority")).to_contain_text("Lansia")
    printable.screenshot(path=screenshot_dir / "web-desk-ticket-print.png")
    printable.close()
    page.click("#desk-close")
    page.goto(f"{live_server.url}/counter?n=1")  # not an information desk
    expect(page.locator("#counter-state")).not_to_have_text("…")
    expect(page.locator("#desk-open")).to_be_hidden()


def test_console_pause_with_reason_shown_on_console_and_live_report(
    live_server: ThreadServer, page: Page, screenshot_dir: Path
) -> None:
    log_in(page, live_server, "petugas", "/counter?n=3")
    page.click("[data-counter-action=open]")
    expect(page.locator("#counter-state")).to_have_text("Buka")
    page.click("[data-counter-action=pause]")
    page.check("input[name=reason][value=prayer]")
    page.screenshot(path=screenshot_dir / "web-counter-pause-dialog.png")
    page.click("#pause-ok")
    expect(page.locator("#counter-state")).to_have_text("Jeda · Sholat")
    page.screenshot(path=screenshot_dir / "web-counter-paused-id.png")
    _english(page, live_server)
    expect(page.locator("#counter-state")).to_have_text("Paused · Prayer time")
    live_server.wait_for_snapshot()
    page.context.clear_cookies()
    log_in(page, live_server, "kepala", "/reports/live")
    expect(page.locator("table[data-table=live_counters]")).to_contain_text("Jeda · Sholat")


def test_printer_fault_is_a_banner_on_console_and_admin_until_cleared(
    live_server: ThreadServer, page: Page, screenshot_dir: Path
) -> None:
    _report_fault(live_server, "out_of_paper")
    log_in(page, live_server, "petugas", "/counter?n=7")
    banner = page.locator("#fault-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("kiosk-1: kertas printer habis: isi ulang kertas")
    expect(banner).to_contain_text("kiosk-1: printer out of paper: refill the paper")
    page.screenshot(path=screenshot_dir / "web-counter-fault-banner.png")
    _report_fault(live_server, "ok")  # the kiosk's printer is ready again
    issue(live_server, "AP", "web-banner-0001")  # an event: the console looks again
    expect(banner).to_be_hidden()

    _report_fault(live_server, "offline")
    page.context.clear_cookies()
    log_in(page, live_server, "admin", "/admin/users")
    expect(banner).to_contain_text("printer tidak tersambung")
    page.screenshot(path=screenshot_dir / "web-admin-fault-banner.png")
    page.click("#faults [data-fault-action=resolve]")
    expect(banner).to_be_hidden()
