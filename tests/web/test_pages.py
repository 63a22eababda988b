"""Reports, admin and public pages in a real browser, with weeks of history behind them:
every page renders, its CSV downloads carry the numbers on the page, and a screenshot of
each is saved for a person to look at."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from bench.history import seed_history
from queue_protocol import DeviceKind, Role, TicketAction
from queue_protocol.enrolment import EnrolmentCode, enrol
from queue_server.services import calling, ticket_actions
from queue_server.services.context import Actor, ActorKind, ServerContext
from queue_server.upstream.sender import UpstreamSender
from tests.support.database_outages import database_down
from tests.support.fake_hq import FakeHeadquarters
from tests.support.live_server import PASSWORD, ThreadServer
from tests.web.conftest import issue, log_in


@pytest.fixture
def busy_server(live_server: ThreadServer) -> ThreadServer:
    """Four weeks of a busy office before today, and a few tickets today."""
    ctx = live_server.ctx
    today = ctx.today()
    seed_history(ctx.db, ctx.office, ctx.zone, today - timedelta(days=28),
                 today - timedelta(days=1), per_day=300)  # fmt: skip
    for n, service in enumerate(["AP", "AP", "IN", "IT", "PC", "PC", "OA"]):
        issue(live_server, service, f"web-pages-{n:04d}")
    login = {"username": "petugas", "password": PASSWORD}
    token = httpx.post(f"{live_server.url}/api/v1/auth/login", json=login).json()["token"]
    officer = {"authorization": f"Bearer {token}"}
    called = httpx.post(f"{live_server.url}/api/v1/counters/7/call-next", headers=officer).json()
    httpx.post(f"{live_server.url}/api/v1/tickets/{called['id']}/finish", headers=officer)
    httpx.post(f"{live_server.url}/api/v1/counters/8/call-next", headers=officer)
    return live_server


def _number(cell: str) -> str:
    """A page cell (Indonesian format) as the CSV writes it."""
    cell = cell.strip()
    if cell == "—":
        return ""
    if cell.replace(".", "").replace(",", "").isdigit():
        return cell.replace(".", "").replace(",", ".")
    return cell


def _page_table(page: Page, name: str) -> list[list[str]]:
    rows = page.locator(f'table[data-table="{name}"] tbody tr')
    return [[_number(c) for c in rows.nth(i).locator("td").all_inner_texts()]
            for i in range(rows.count())]  # fmt: skip


def _csv_table(page: Page, url: str) -> list[list[str]]:
    reply = page.request.get(url)
    assert reply.ok
    assert reply.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(reply.text().lstrip("\ufeff"))))[1:]


def test_reports_render_and_csv_matches_the_page(
    busy_server: ThreadServer, page: Page, screenshot_dir: Path
) -> None:
    server = busy_server
    today = server.ctx.today()
    log_in(page, server, "kepala", "/reports")
    expect(page.locator("[data-kpi=waiting]")).to_have_text("5")
    page.screenshot(path=screenshot_dir / "web-reports-live.png", full_page=True)
    start = (today - timedelta(days=28)).isoformat()
    page.goto(f"{server.url}/reports/range?start={start}&end={today.isoformat()}")
    expect(page.locator("h1")).to_contain_text(start)
    page.screenshot(path=screenshot_dir / "web-reports-range.png", full_page=True)
    for name in ("queues", "hours", "counters", "officers", "sources", "classes", "faults"):
        link = page.locator(f"#{name} a[download]").get_attribute("href")
        assert link is not None
        assert _page_table(page, name) == _csv_table(page, f"{server.url}{link}"), name
    issued = int(_number(page.locator("[data-kpi=issued]").inner_text()))
    assert issued == sum(int(row[1]) for row in _page_table(page, "sources"))
    page.goto(f"{server.url}/reports/day")
    expect(page.locator("[data-kpi=issued]")).to_have_text("7")
    page.screenshot(path=screenshot_dir / "web-reports-day.png", full_page=True)
    page.goto(f"{server.url}/reports/skm?start={start}")
    page.screenshot(path=screenshot_dir / "web-reports-skm.png", full_page=True)
    link = page.locator("#skm_elements a[download]").get_attribute("href")
    assert _page_table(page, "skm_elements") == _csv_table(page, f"{server.url}{link}")
    page.goto(f"{server.url}/reports/staffing?start={start}")
    expect(page.locator('table[data-table="staffing"] tbody tr').first).to_be_visible()
    expect(page.locator("[data-why-differ]")).to_contain_text("Erlang C")
    page.click("[data-stages] summary")  # each stage's counters per hour, simulated
    expect(page.locator('table[data-table="staffing_stages"] tbody tr').first).to_be_visible()
    page.screenshot(path=screenshot_dir / "web-reports-staffing.png", full_page=True)
    page.click("text=English")
    expect(page.locator("h1")).to_contain_text("Staffing advice")
    page.screenshot(path=screenshot_dir / "web-reports-staffing-en.png", full_page=True)


def test_admin_pages(live_server: ThreadServer, page: Page, screenshot_dir: Path) -> None:
    issue(live_server, "AP", "web-admin-0001")  # something for the audit log
    log_in(page, live_server, "admin", "/admin/users")
    page.fill("form[action='/admin/users'] input[name=username]", "petugas2")
    page.fill("form[action='/admin/users'] input[name=password]", "rahasia-789")
    page.click("form[action='/admin/users'] button[type=submit]")
    expect(page.locator("tr[data-user=petugas2]")).to_contain_text("Aktif")
    page.screenshot(path=screenshot_dir / "web-admin-users.png", full_page=True)
    page.goto(f"{live_server.url}/admin/devices")
    page.fill("input[name=name]", "kiosk-2")
    page.click("form[action='/admin/devices'] button[type=submit]")
    code = EnrolmentCode.parse(page.locator("[data-code]").inner_text())
    expect(page.locator(".enrolment-qr svg")).to_have_count(1)
    expect(page.locator("[data-command]")).to_contain_text("antrean kiosk enrol")
    page.screenshot(path=screenshot_dir / "web-admin-devices.png", full_page=True)
    enrolment = enrol(code, kind=DeviceKind.KIOSK)  # as the kiosk does with the code
    kiosk = httpx.get(f"{live_server.url}/api/v1/services",
                      headers={"authorization": f"Bearer {enrolment.token}"})  # fmt: skip
    assert kiosk.status_code == 200
    page.goto(f"{live_server.url}/admin/devices")
    expect(page.locator("[data-code]")).to_have_count(0)  # shown once only
    expect(page.locator("tr[data-device=kiosk-2]")).to_have_attribute("data-state", "active")
    page.click("tr[data-device=kiosk-2] form[action$='/rotate'] button")
    expect(page.locator("tr[data-device=kiosk-2]")).to_have_attribute("data-state", "active")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("tr[data-device=kiosk-2] form[action$='/revoke'] button")
    expect(page.locator("tr[data-device=kiosk-2]")).to_contain_text("Dicabut")
    page.goto(f"{live_server.url}/lang/en?next=/admin/devices")
    page.fill("input[name=name]", "papan-2")
    page.select_option("select[name=kind]", "display")
    page.click("form[action='/admin/devices'] button[type=submit]")
    expect(page.locator("[data-command]")).to_contain_text("antrean display enrol")
    page.screenshot(path=screenshot_dir / "web-admin-devices-en.png", full_page=True)
    page.fill("input[name=name]", "survey-7")
    page.select_option("select[name=kind]", "feedback")
    page.click("form[action='/admin/devices'] button[type=submit]")
    expect(page.locator("main")).to_contain_text("A feedback screen needs the counter")
    page.fill("input[name=name]", "survey-7")
    page.select_option("select[name=kind]", "feedback")
    page.fill("input[name=counter]", "7")
    page.click("form[action='/admin/devices'] button[type=submit]")
    expect(page.locator("[data-command]")).to_contain_text("enrol")
    page.screenshot(path=screenshot_dir / "web-admin-devices-feedback.png", full_page=True)
    page.goto(f"{live_server.url}/lang/id?next=/admin/devices")
    page.goto(f"{live_server.url}/admin/audit")
    audit = page.locator("table.data tbody")
    expect(audit).to_contain_text("account · device_revoked (kiosk-2)")
    expect(audit).to_contain_text("account · user_added (petugas2 · officer)")
    expect(audit).to_contain_text("account · login (127.0.0.1)")
    expect(audit).to_contain_text("ticket.issued")
    page.screenshot(path=screenshot_dir / "web-admin-audit.png", full_page=True)
    page.goto(f"{live_server.url}/admin/config")
    page.screenshot(path=screenshot_dir / "web-admin-config.png")


def test_status_page_shows_the_range_of_a_long_wait(
    live_server: ThreadServer, page: Page, screenshot_dir: Path
) -> None:
    """Four stay-permit visitors, one counter, 15 minutes each: the fourth waits 45."""
    tickets = [issue(live_server, "IT", f"web-range-{n:04d}") for n in range(4)]
    last = tickets[-1]
    assert (last["estimated_wait_min"], last["estimated_wait_low_min"]) == (45, 30)
    token = str(last["status_url"]).rsplit("/", 1)[1]
    page.set_viewport_size({"width": 412, "height": 860})
    page.goto(f"{live_server.url}/status/{token}")
    expect(page.locator("#estimate")).to_have_text(
        f"{last['estimated_wait_low_min']}–{last['estimated_wait_high_min']} mnt"
    )
    page.screenshot(path=screenshot_dir / "web-status-range.png")


def test_public_and_login_pages(
    live_server: ThreadServer, page: Page, screenshot_dir: Path
) -> None:
    ticket = issue(live_server, "IT", "web-status-0001")
    token = str(ticket["status_url"]).rsplit("/", 1)[1]
    page.set_viewport_size({"width": 412, "height": 860})  # a visitor's phone
    page.goto(f"{live_server.url}/status/{token}")
    expect(page.locator("#number")).to_have_text(str(ticket["number"]))
    page.screenshot(path=screenshot_dir / "web-status.png")
    page.goto(f"{live_server.url}/status/not-a-token")
    expect(page.locator("main")).to_contain_text("Tiket tidak ditemukan")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/counter")
    page.screenshot(path=screenshot_dir / "web-login.png")
    page.fill("input[name=username]", "petugas")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Pilih loket")
    page.screenshot(path=screenshot_dir / "web-counter-choose.png")
    page.goto(f"{live_server.url}/reports")
    expect(page.locator("h1")).to_have_text("Tidak berwenang")


def test_a_page_opened_while_the_database_is_down_says_so(
    live_server: ThreadServer, page: Page, screenshot_dir: Path
) -> None:
    """A visitor opens the status page from the ticket's QR code while the server's disk
    has gone: a page in words, not a bare error, and the page itself once it is back."""
    ticket = issue(live_server, "AP", "web-pages-outage-1")
    token = str(ticket["status_url"]).rsplit("/", 1)[1]
    with database_down(live_server, sqlite="gone"):
        reply = page.goto(f"{live_server.url}/status/{token}")
        assert reply is not None
        assert (reply.status, reply.headers["retry-after"]) == (503, "5")
        expect(page.locator("h1")).to_have_text("Sistem antrean sedang terganggu")
        page.screenshot(path=screenshot_dir / "web-database-down-id.png")
        page.context.add_cookies([{"name": "antrean_lang", "value": "en", "url": live_server.url}])
        page.reload()
        expect(page.locator("h1")).to_have_text("The queue system is having trouble")
        page.screenshot(path=screenshot_dir / "web-database-down-en.png")
        api = httpx.get(f"{live_server.url}/api/v1/status/{token}")
        assert (api.status_code, api.json()["error"]) == (503, "database_unavailable")
    reply = page.goto(f"{live_server.url}/status/{token}")
    assert reply is not None
    assert reply.status == 200
    expect(page.locator("body")).to_contain_text(str(ticket["number"]))


def test_a_login_sent_while_the_database_is_down_gets_a_page_saying_so(
    live_server: ThreadServer, page: Page
) -> None:
    page.goto(f"{live_server.url}/login")
    with database_down(live_server, sqlite="gone"):
        page.fill("input[name=username]", "kepala")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("h1")).to_have_text("Sistem antrean sedang terganggu")
    log_in(page, live_server, "kepala", "/reports")  # back: the same login goes through


def test_admin_upstream_page_shows_where_reports_stand(
    live_server: ThreadServer, page: Page, screenshot_dir: Path
) -> None:
    log_in(page, live_server, "admin", "/admin/upstream")
    expect(page.locator("[data-upstream=not-enrolled]")).to_contain_text("antrean upstream enrol")
    ctx = live_server.ctx
    hq = FakeHeadquarters(office=ctx.office.office.id)
    assert live_server.server is not None
    live_server.server.app.state.headquarters = hq.credentials()
    issue(live_server, "AP", "web-upstream-01")
    officer = Actor("petugas", ActorKind.USER, role=Role.OFFICER)
    ticket_actions.act(ctx, calling_next(ctx, officer), TicketAction.NO_SHOW, officer)
    hq.refuse_next = "invalid_batch"
    sender = UpstreamSender(ctx, hq.credentials(), transport=hq.transport)
    with hq.credentials().http_client(transport=hq.transport) as client:
        sender.tick(client)  # batch 1 refused and put aside
        hq.down = True
        issue(live_server, "AP", "web-upstream-02")
        ticket_actions.act(ctx, calling_next(ctx, officer), TicketAction.NO_SHOW, officer)
        sender.tick(client)  # batch 2 waits: HQ is down
    page.goto(f"{live_server.url}/admin/upstream")
    expect(page.locator("[data-upstream=error]")).to_contain_text("down")
    expect(page.locator("[data-waiting]")).to_have_attribute("data-waiting", "1")
    expect(page.locator("[data-refused='1']")).to_contain_text("invalid_batch")
    page.screenshot(path=screenshot_dir / "web-admin-upstream-id.png", full_page=True)
    page.goto(f"{live_server.url}/lang/en?next=/admin/upstream")
    expect(page.locator("h2")).to_contain_text("Batches headquarters refused")
    page.screenshot(path=screenshot_dir / "web-admin-upstream-en.png", full_page=True)
    page.goto(f"{live_server.url}/lang/id?next=/admin/upstream")


def calling_next(ctx: ServerContext, officer: Actor) -> int:
    called = calling.call_next(ctx, 7, officer)
    assert called is not None
    return called.id
