"""Reports > Trends: visitors, waits, the SLA share and the SKM score per day or month, as
charts and a table, with the whole report as an Excel workbook."""

import io
from datetime import timedelta
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from bench.history import seed_history
from tests.support.live_server import ThreadServer
from tests.web.conftest import issue, log_in


def test_trends_page_draws_a_month_per_day_and_a_year_per_month(
    live_server: ThreadServer, page: Page, screenshot_dir: Path
) -> None:
    ctx = live_server.ctx
    today = ctx.today()
    seed_history(ctx.db, ctx.office, ctx.zone, today - timedelta(days=62),
                 today - timedelta(days=1), per_day=120)  # fmt: skip
    issue(live_server, "AP", "web-trends-0001")
    first = today - timedelta(days=27)
    log_in(page, live_server, "kepala", f"/reports/trends?start={first}&end={today}")

    expect(page.locator("figure.chart svg")).to_have_count(4)
    rows = page.locator("table.data tbody tr")
    expect(rows).to_have_count(28)  # one per day
    expect(rows.last).to_contain_text(today.isoformat())
    page.screenshot(path=screenshot_dir / "web-reports-trends-days.png", full_page=True)

    with page.expect_download() as download:
        page.click("[data-xlsx]")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert book.worksheets[0].max_row == 29  # the titles and 28 days

    page.click("[data-step=month]")
    expect(page.locator("table.data tbody tr")).to_have_count(
        2 if first.month != today.month else 1
    )
    page.goto(f"{live_server.url}/reports/trends?start={today - timedelta(days=120)}&end={today}")
    expect(page.locator("[data-step=month].active")).to_have_count(1)  # a longer range: months
    page.screenshot(path=screenshot_dir / "web-reports-trends-months.png", full_page=True)
