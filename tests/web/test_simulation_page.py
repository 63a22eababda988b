"""Reports > Simulation: a supervisor replays a past day with a change and reads the outcome
beside today's configuration; bad inputs answer 422 with the reason."""

from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from bench.history import seed_history
from queue_server.web import pages_simulation
from tests.support.live_server import ThreadServer
from tests.web.conftest import log_in


def _working_day_before(server: ThreadServer, today: date) -> date:
    office = server.ctx.office
    day = today - timedelta(days=1)
    while day.isoweekday() not in office.hours.days or day in office.hours.holidays:
        day -= timedelta(days=1)
    return day


def test_simulation_page_replays_a_past_day_with_a_change(
    live_server: ThreadServer, page: Page, screenshot_dir: Path
) -> None:
    ctx = live_server.ctx
    day = _working_day_before(live_server, ctx.today())
    seed_history(ctx.db, ctx.office, ctx.zone, day, day, per_day=30)  # a small day
    log_in(page, live_server, "kepala", "/reports/simulation")
    expect(page.locator("nav.tabs a.active")).to_have_text("Simulasi")
    expect(page.locator("[data-duty] input[type=checkbox]:checked").first).to_be_visible()

    page.check("input[name=source][value=past]")
    page.fill("input[name=day]", day.isoformat())
    page.select_option("select[name=policy]", "fifo")
    page.fill("input[name=weight_regular]", "2")
    page.uncheck("input[name=duty][value='1:8']")
    page.click("[data-run]", no_wait_after=True)  # the run takes seconds: waited on below

    overall = page.locator('table[data-table="simulation_overall"] tbody tr')
    expect(overall).to_have_count(2, timeout=120_000)  # today's configuration, the change
    expect(overall.nth(0)).to_contain_text("Konfigurasi kini")
    expect(overall.nth(1)).to_contain_text("Perubahan Anda")
    for row in range(2):
        tickets = overall.nth(row).locator("td").nth(7).inner_text()
        assert 0 < int(tickets.replace(".", "")) <= 30 * 2  # seeded visitors, some sent on
    expect(page.locator("[data-outcome] figure.chart svg")).to_have_count(2)
    expect(page.locator('table[data-table="simulation_counters"] tbody tr')).to_have_count(
        len(ctx.office.counters)
    )
    # the form shows the change that was run
    expect(page.locator("input[name=weight_regular]")).to_have_value("2")
    expect(page.locator("input[name=duty][value='1:8']")).not_to_be_checked()
    page.screenshot(path=screenshot_dir / "web-reports-simulation.png", full_page=True)

    page.click("text=English")
    expect(page.locator("h1")).to_have_text("Simulation")
    page.fill("input[name=day]", day.isoformat())
    page.check("input[name=source][value=past]")
    page.click("[data-run]", no_wait_after=True)  # the run takes seconds: waited on below
    expect(overall.nth(1)).to_contain_text("Your change", timeout=120_000)
    page.screenshot(path=screenshot_dir / "web-reports-simulation-en.png", full_page=True)


def test_simulation_page_refuses_bad_inputs_with_a_reason(
    live_server: ThreadServer, page: Page
) -> None:
    log_in(page, live_server, "kepala", "/reports/simulation")
    page.click("text=English")
    form = "document.querySelector('[data-simulation-form]')"

    def send(script: str) -> None:
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.evaluate(f"{script}; {form}.submit()")
        assert answer.value.status == 422

    send("document.querySelector('[name=weight_regular]').value = '0'")
    expect(page.locator("[data-error]")).to_have_text(
        "Class weights must be whole numbers from 1 to 20."
    )
    later = live_server.ctx.today() + timedelta(days=3)
    send(
        "document.querySelector('[name=source][value=past]').checked = true;"
        f"document.querySelector('[name=day]').value = '{later}'"
    )
    expect(page.locator("[data-error]")).to_contain_text("past date")
    send("document.querySelectorAll('[name=duty]').forEach(box => box.checked = false)")
    expect(page.locator("[data-error]")).to_contain_text("at least one counter")
    send("document.querySelector('[name=policy]').innerHTML = '<option>lottery</option>'")
    expect(page.locator("[data-error]")).to_have_text("Unknown call policy.")
    expect(page.locator("[data-outcome]")).to_have_count(0)


def test_a_second_simulation_meanwhile_is_turned_away(
    live_server: ThreadServer, page: Page
) -> None:
    log_in(page, live_server, "kepala", "/reports/simulation")
    page.click("text=English")
    assert pages_simulation.RUNNING.acquire(blocking=False)  # one is running on the server
    try:
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.click("[data-run]")
        assert answer.value.status == 429
    finally:
        pages_simulation.RUNNING.release()
    expect(page.locator("[data-error]")).to_contain_text("Another simulation is running")
