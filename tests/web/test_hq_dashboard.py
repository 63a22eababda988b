"""The national dashboard in Chromium: offices at a glance (sortable, silent offices
marked), an office's days and stages, trends by region, CSV and XLSX downloads that
hold the page's numbers; in Indonesian and English; a regional head sees the region.
Screenshots are saved for a person to look at."""

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page

from hq_server.domain.roles import HqRole
from hq_server.services import auth, ingest
from hq_server.settings import HqSettings
from tests.support.databases import fresh_database, postgres_base_url
from tests.support.hq import HqThreadServer
from tests.support.hq_offices import REGIONS, SimulatedOffice, enrol_office, signed

pytestmark = pytest.mark.skipif(
    postgres_base_url() is None, reason="headquarters runs on PostgreSQL only"
)

NOW = datetime(2026, 12, 9, 4, 0, tzinfo=UTC)  # Wednesday 11:00 in Jakarta
FIRST_DAY = date(2026, 7, 1)
PASSWORD = "rahasia-pusat"
SILENT = "kanim-denpasar"


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


OFFICES = {
    "kanim-jakarta-selatan": (REGIONS[0], 1.3), "kanim-jakarta-pusat": (REGIONS[0], 0.9),
    "kanim-bandung": (REGIONS[1], 0.8), "kanim-bogor": (REGIONS[1], 0.5),
    "kanim-surabaya": (REGIONS[2], 1.0), SILENT: (REGIONS[3], 0.6),
}  # fmt: skip


def _seed(server: HqThreadServer, clock: Clock) -> None:
    ctx = server.ctx
    for seed, (code, (region, size)) in enumerate(OFFICES.items()):
        name = "Kantor Imigrasi " + code.removeprefix("kanim-").replace("-", " ").title()
        key = enrol_office(ctx, code, name=name, region=region)
        office = SimulatedOffice(code, key, seed=seed, size=size * 0.25)
        day, records = FIRST_DAY, []
        while day <= NOW.date():
            records += office.day_records(day)
            day += timedelta(days=1)
        clock.now = NOW - timedelta(hours=3) if code == SILENT else NOW
        for batch in office.batches(records, clock()):
            body, headers = signed(batch, key)
            ingest.batch(ctx, code, body, headers["X-Antrean-Signature"])
        waiting = int(60 * size)
        body, headers = signed(office.live(clock(), waiting=waiting, longest=int(100 * size)), key)
        ingest.live(ctx, code, body, headers["X-Antrean-Signature"])
    clock.now = NOW
    auth.add_user(ctx, "analis", HqRole.ANALYST, PASSWORD)
    auth.add_user(ctx, "kanwil-jabar", HqRole.REGIONAL, PASSWORD, region=REGIONS[1])


@pytest.fixture(scope="module")
def hq(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HqThreadServer]:
    tmp: Path = tmp_path_factory.mktemp("hq-web")
    clock = Clock()
    with fresh_database("postgresql", tmp) as url:
        server = HqThreadServer(HqSettings(database_url=url, data_dir=tmp / "data"), clock=clock)
        server.start()
        try:
            _seed(server, clock)
            yield server
        finally:
            server.stop()


def log_in(page: Page, hq: HqThreadServer, name: str, target: str = "/") -> None:
    page.goto(f"{hq.url}{target}")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{hq.url}{target}")


def column(page: Page, index: int) -> list[str]:
    return page.locator(f"#offices tbody tr td:nth-child({index})").all_inner_texts()


def test_offices_at_a_glance_sorted_with_the_silent_one_marked(
    page: Page, hq: HqThreadServer, screenshot_dir: Path
) -> None:
    log_in(page, hq, "analis")
    assert page.locator("#offices tbody tr").count() == len(OFFICES)
    waiting = [int(text) for text in column(page, 2)]
    assert waiting == sorted(waiting, reverse=True)  # most waiting first
    silent = page.locator(f"tr[data-code={SILENT}]")
    assert "tidak melapor 3 jam" in silent.inner_text()
    assert page.locator(".region").count() == 4
    page.screenshot(path=str(screenshot_dir / "hq-offices-id.png"), full_page=True)

    page.click("th a[href='/?sort=sla']")
    shares = [float(text.split()[0].replace(",", ".")) for text in column(page, 7)]
    assert shares == sorted(shares)  # lowest share within SLA first
    page.click("text=English")
    assert "silent for 3 h" in page.locator(f"tr[data-code={SILENT}]").inner_text()
    assert page.locator("h1").inner_text().startswith("Every office now")
    page.screenshot(path=str(screenshot_dir / "hq-offices-en.png"), full_page=True)


def test_office_page_has_its_days_and_stages(
    page: Page, hq: HqThreadServer, screenshot_dir: Path
) -> None:
    log_in(page, hq, "analis", "/offices/kanim-bandung")
    assert page.locator("#days tbody tr").count() == 30
    stages = page.locator("#stages tbody tr td:first-child").all_inner_texts()
    assert {"AP", "PC/berkas", "PC/wawancara"} <= set(stages)
    legend = page.locator(".chart svg > text").all_text_contents()
    assert {"Median tunggu", "P90 tunggu"} <= set(legend)
    page.screenshot(path=str(screenshot_dir / "hq-office.png"), full_page=True)


def test_trends_by_region_and_their_downloads_hold_the_page_numbers(
    page: Page, hq: HqThreadServer, screenshot_dir: Path
) -> None:
    log_in(page, hq, "analis", "/trends?metric=wait_p90")
    rows = page.locator("#trend-table tbody tr")
    assert rows.count() == 5  # four regions and the nation
    assert page.locator("#trend-table thead th").count() == 1 + 12  # the last twelve months
    assert page.locator(".chart svg polyline").count() == 5
    page.screenshot(path=str(screenshot_dir / "hq-trends.png"), full_page=True)
    nation_cells = rows.nth(4).locator("td").all_inner_texts()
    assert nation_cells[0] == "Nasional"

    with page.expect_download() as csv_download:
        page.click("text=Unduh CSV")
    text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[-1][0] == "nation"
    assert [_page_number(cell) for cell in nation_cells[1:]] == [
        round(float(value), 1) if value else None for value in table[-1][1:]
    ]
    with page.expect_download() as xlsx_download:
        page.click("text=Unduh XLSX")
    assert xlsx_download.value.suggested_filename == "trends-wait_p90.xlsx"
    sheet = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes())).active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]][1:] == table[0][1:]  # the same months
    assert sheet.max_row == len(table)


def _page_number(text: str) -> float | None:
    return None if text == "—" else float(text.replace(".", "").replace(",", "."))


def test_a_regional_head_sees_the_region_alone(
    page: Page, hq: HqThreadServer, screenshot_dir: Path
) -> None:
    log_in(page, hq, "kanwil-jabar")
    codes = page.locator("#offices tbody tr").evaluate_all("rows => rows.map(r => r.dataset.code)")
    assert sorted(codes) == ["kanim-bandung", "kanim-bogor"]
    page.goto(f"{hq.url}/offices/kanim-surabaya")
    assert "kanim-surabaya" in page.content()  # the error names it
    assert page.locator("#days").count() == 0
    page.goto(f"{hq.url}/trends")
    assert page.locator("#trend-table tbody tr").count() == 1  # the region; no nation
    page.screenshot(path=str(screenshot_dir / "hq-trends-regional.png"), full_page=True)
