"""The officer console in a real browser: log in, call, recall, start, finish, no-show, transfer."""

from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from queue_protocol.events import TicketEvent
from queue_server.services import event_log
from tests.support.database_outages import database_down
from tests.support.live_server import ThreadServer
from tests.web.conftest import issue, log_in


def _queue(server: ThreadServer) -> dict[str, object]:
    token = server.device_token("display")
    reply = httpx.get(f"{server.url}/api/v1/queue", headers={"authorization": f"Bearer {token}"})
    body: dict[str, object] = reply.json()
    return body


def _status(server: ThreadServer, ticket: dict[str, object]) -> str:
    token = str(ticket["status_url"]).rsplit("/", 1)[1]
    status: str = httpx.get(f"{server.url}/api/v1/status/{token}").json()["status"]
    return status


def test_console_serves_a_ticket_through_its_life(
    live_server: ThreadServer, page: Page, screenshot_dir: Path
) -> None:
    log_in(page, live_server, "petugas", "/counter?n=7")
    expect(page.locator("#live")).to_have_class("live on")
    expect(page.locator("#waiting-total")).to_have_text("0")
    first = issue(live_server, "AP", "web-console-0001")
    expect(page.locator("#waiting-total")).to_have_text("1")  # pushed, no reload
    page.keyboard.press("n")  # Panggil berikutnya
    expect(page.locator("#ticket-number")).to_have_text(str(first["number"]))
    expect(page.locator("#ticket-status")).to_have_text("Dipanggil")
    page.click("[data-action=recall]")
    expect(page.locator("#ticket-status")).to_have_text("Dipanggil")
    page.click("[data-action=start]")
    expect(page.locator("#ticket-status")).to_have_text("Sedang dilayani")
    page.screenshot(path=screenshot_dir / "web-counter-serving.png")
    page.click("[data-action=finish]")
    expect(page.locator("#current-empty")).to_be_visible()
    expect(page.locator("#my-counts")).to_contain_text("1 Selesai")
    assert _status(live_server, first) == "done"

    second = issue(live_server, "AP", "web-console-0002")
    expect(page.locator("#waiting-total")).to_have_text("1")
    page.click("[data-action=call-next]")
    expect(page.locator("#ticket-number")).to_have_text(str(second["number"]))
    page.keyboard.press("t")  # Tidak hadir
    expect(page.locator("#current-empty")).to_be_visible()
    assert _status(live_server, second) == "no_show"
    page.click("[data-action=call-next]")
    expect(page.locator("#message")).to_have_text("Tidak ada yang menunggu.")


def test_console_double_click_calls_one_ticket(live_server: ThreadServer, page: Page) -> None:
    log_in(page, live_server, "petugas", "/counter?n=7")
    first = issue(live_server, "AP", "web-double-0001")
    issue(live_server, "AP", "web-double-0002")
    expect(page.locator("#waiting-total")).to_have_text("2")
    page.dblclick("[data-action=call-next]")
    expect(page.locator("#ticket-number")).to_have_text(str(first["number"]))
    expect(page.locator("#waiting-total")).to_have_text("1")
    live_server.wait_for_snapshot()  # a display sees others' calls when the snapshot is out
    called = [c for c in _queue(live_server)["counters"] if c["current"]]  # type: ignore[attr-defined]
    assert len(called) == 1


def test_console_transfers_to_next_stage_and_to_another_service(
    live_server: ThreadServer, page: Page, screenshot_dir: Path
) -> None:
    log_in(page, live_server, "petugas", "/counter?n=1")
    ticket = issue(live_server, "PC", "web-transfer-0001")  # same-day passport: berkas first
    expect(page.locator("#waiting-total")).to_have_text("1")
    page.click("[data-action=call-next]")
    expect(page.locator("#ticket-number")).to_have_text(str(ticket["number"]))
    page.keyboard.press("a")  # Alihkan
    expect(page.locator("#transfer-dialog")).to_be_visible()
    page.screenshot(path=screenshot_dir / "web-counter-transfer.png")
    page.click("#transfer-ok")  # the next stage, same number
    expect(page.locator("#current-empty")).to_be_visible()
    moved = httpx.get(str(ticket["status_url"]).replace("http://127.0.0.1:8000", live_server.url))
    assert moved.status_code == 200

    page.goto(f"{live_server.url}/counter?n=5")  # a photo room serves the wawancara stage
    expect(page.locator("#waiting-total")).to_have_text("1")
    page.click("[data-action=call-next]")
    expect(page.locator("#ticket-number")).to_have_text(str(ticket["number"]))
    expect(page.locator("#ticket-service")).to_contain_text("Foto & Wawancara")
    page.click("[data-action=transfer]")
    page.check("input[name=target][value=IN]")
    page.click("#transfer-ok")
    expect(page.locator("#current-empty")).to_be_visible()
    page.goto(f"{live_server.url}/counter?n=7")  # counter 7 serves information
    expect(page.locator("#waiting-total")).to_have_text("1")


def test_console_shows_a_printer_fault_and_asks_for_a_reprint(
    live_server: ThreadServer, page: Page, screenshot_dir: Path
) -> None:
    ticket = issue(live_server, "AP", "web-fault-0001")
    kiosk = {"authorization": f"Bearer {live_server.device_token('kiosk')}"}
    fault = {"device": "printer", "state": "paper_out", "message": "Kertas habis",
             "ticket_id": ticket["id"]}  # fmt: skip
    assert httpx.post(
        f"{live_server.url}/api/v1/devices/faults", json=fault, headers=kiosk
    ).is_success
    log_in(page, live_server, "petugas", "/counter?n=7")
    expect(page.locator("#fault-banner")).to_be_visible()
    expect(page.locator("#faults")).to_contain_text("Kertas habis")
    page.screenshot(path=screenshot_dir / "web-counter-fault.png")
    since = int(_queue(live_server)["seq"])  # type: ignore[call-overload]
    page.click("[data-fault-action=reprint]")
    expect(page.locator("#fault-banner")).to_be_hidden()
    events = event_log.replay(live_server.ctx, since)
    reprints = [e for e in events if isinstance(e, TicketEvent) and e.action == "reprint_requested"]
    assert [(e.ticket.id, e.device) for e in reprints] == [(ticket["id"], "kiosk-1")]


def test_console_says_so_when_the_database_cannot_serve(
    live_server: ThreadServer, page: Page, screenshot_dir: Path
) -> None:
    """The file system turned read-only: the officer reads why the call did not go out,
    in words, and calls again once the database is back."""
    log_in(page, live_server, "petugas", "/counter?n=7")
    waiting = issue(live_server, "AP", "web-console-outage-1")
    expect(page.locator("#waiting-total")).to_have_text("1")
    with database_down(live_server, sqlite="read_only"):
        page.click("[data-action=call-next]")
        expect(page.locator("#message")).to_contain_text(
            "Basis data antrean sedang tidak dapat dipakai"
        )
        page.screenshot(path=screenshot_dir / "web-counter-database-down-id.png")
        page.context.add_cookies([{"name": "antrean_lang", "value": "en", "url": live_server.url}])
        page.reload()
        page.click("[data-action=call-next]")
        expect(page.locator("#message")).to_contain_text("The queue database cannot be used")
        page.screenshot(path=screenshot_dir / "web-counter-database-down-en.png")
    page.click("[data-action=call-next]")
    expect(page.locator("#ticket-number")).to_have_text(str(waiting["number"]))


def test_console_shows_a_kiosk_fault_text_with_markup_as_text(
    live_server: ThreadServer, page: Page, screenshot_dir: Path
) -> None:
    markup = '<img src="x" onerror="document.title=\'run\'"><b>Kertas</b> habis'
    kiosk = {"authorization": f"Bearer {live_server.device_token('kiosk')}"}
    fault = {"device": "printer", "state": "paper_out", "message": markup}
    reply = httpx.post(f"{live_server.url}/api/v1/devices/faults", json=fault, headers=kiosk)
    assert reply.is_success
    log_in(page, live_server, "petugas", "/counter?n=7")
    expect(page.locator("#faults")).to_contain_text(markup)
    expect(page.locator("#faults")).to_contain_text("kiosk-1: kertas printer habis")
    expect(page.locator("#faults img, #faults b, #faults i")).to_have_count(0)
    assert page.title() != "run"
    page.screenshot(path=screenshot_dir / "web-counter-fault-markup.png")
