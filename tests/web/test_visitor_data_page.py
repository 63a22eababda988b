"""Admin > Visitor data in Chromium: an admin downloads a visitor's data as JSON and erases
it; an officer is refused; a form without its CSRF token is refused; the audit log says
who did what, without the number."""

import json
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from queue_server.services import bookings, tickets
from tests.support.live_server import PASSWORD, ThreadServer
from tests.web.conftest import log_in

APPLICATION = "2026120700042"


def _booked_and_checked_in(server: ThreadServer, tmp_path: Path) -> dict[str, object]:
    ctx = server.ctx
    csv = tmp_path / "bookings.csv"
    csv.write_text(
        "application_number,service,date,slot,passport_number\n"
        f"{APPLICATION},GP,{ctx.today().isoformat()},00:00-23:59,L898902C3\n"
    )
    hasher = lambda number: tickets.passport_hash(ctx, number)  # noqa: E731
    assert bookings.import_bookings(ctx, csv, hasher).added == 1
    reply = httpx.post(
        f"{server.url}/api/v1/tickets",
        json={"source": "booking", "booking_code": APPLICATION, "client_ref": "visitor-data-1"},
        headers={"authorization": f"Bearer {server.device_token('kiosk')}"},
    )
    assert reply.status_code == 201, reply.text
    ticket: dict[str, object] = reply.json()
    return ticket


def test_an_admin_exports_and_erases_a_visitor_s_data(
    api_server: ThreadServer, page: Page, screenshot_dir: Path, tmp_path: Path
) -> None:
    ticket = _booked_and_checked_in(api_server, tmp_path)
    log_in(page, api_server, "admin", "/admin/visitor-data")
    expect(page.locator("nav.tabs a.active")).to_have_text("Data pengunjung")
    page.screenshot(path=screenshot_dir / "web-admin-visitor-data.png", full_page=True)

    export = page.locator("form[action='/admin/visitor-data/export']")
    export.locator("input[name=number]").fill("2026-1207-00042")
    with page.expect_download() as download:
        export.locator("button[type=submit]").click()
    document = json.loads(Path(download.value.path()).read_text())
    assert document["bookings"][0]["application_number"] == APPLICATION
    assert document["tickets"][0]["number"] == ticket["number"]

    erase = page.locator("form[action='/admin/visitor-data/erase']")
    erase.locator("select[name=kind]").select_option("passport")
    erase.locator("input[name=number]").fill("L898902C3")
    erase.locator("input[name=confirm]").check()
    erase.locator("button[type=submit]").click()
    expect(page.locator("[data-erased]")).to_contain_text("1 booking, 1 tiket, 0 penilaian")
    page.screenshot(path=screenshot_dir / "web-admin-visitor-data-erased.png", full_page=True)

    page.goto(f"{api_server.url}/admin/audit?type=privacy")
    audit = page.locator("table.data tbody")
    expect(audit).to_contain_text("visitor_data_erased (passport number · 1 bookings")
    expect(audit).to_contain_text("visitor_data_exported (application number")
    expect(audit).not_to_contain_text(APPLICATION)
    token = str(ticket["status_url"]).rsplit("/", 1)[1]
    status = httpx.get(f"{api_server.url}/api/v1/status/{token}")
    assert status.status_code == 404  # the status link no longer leads to the visitor


def test_the_visitor_data_page_is_for_admins_and_its_forms_need_their_csrf_token(
    api_server: ThreadServer,
) -> None:
    with httpx.Client(base_url=api_server.url, follow_redirects=False) as client:
        client.get("/login")
        csrf = str(client.cookies.get("antrean_csrf"))
        login = {"username": "petugas", "password": PASSWORD, "csrf_token": csrf}
        assert client.post("/login", data=login).status_code == 303
        assert client.get("/admin/visitor-data").status_code == 403
    with httpx.Client(base_url=api_server.url, follow_redirects=False) as client:
        client.get("/login")
        csrf = str(client.cookies.get("antrean_csrf"))
        login = {"username": "admin", "password": PASSWORD, "csrf_token": csrf}
        assert client.post("/login", data=login).status_code == 303
        fields = {"kind": "application", "number": APPLICATION, "confirm": "true"}
        assert client.post("/admin/visitor-data/erase", data=fields).status_code == 403
        refused = client.post("/admin/visitor-data/export", data={**fields, "number": "<x>"}
                              | {"csrf_token": csrf})  # fmt: skip
        assert refused.status_code == 422
        assert "6-32" in refused.text
