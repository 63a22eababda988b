"""A report as an Excel workbook (XLSX): one sheet per table, titles in the reader's
language, numbers as numbers with their unit's format, so a spreadsheet in any locale opens
it in columns (a comma CSV opens in one column in an Indonesian-locale Excel, which
separates with ``;``), and a branch head can chart it at once."""

import io
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.cell import Cell as SheetCell
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from queue_server.services.report_tables import DECIMALS, Cell, Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_LIMIT = 31  # Excel's limit
_FORMATS = {"int": "0", "pct": "0.0%", **{kind: "0." + "0" * d for kind, d in DECIMALS.items()}}


def to_xlsx(tables: list[Table], title: Callable[[str], str]) -> bytes:
    """The tables as one workbook, a sheet each, in their order."""
    book = Workbook(write_only=True)
    used: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_name(title(table.title), used))
        _write(sheet, table, title)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write(sheet: Worksheet, table: Table, title: Callable[[str], str]) -> None:
    titles = [title(column.key) for column in table.columns]
    for index, name in enumerate(titles):  # widths first: a write-only sheet needs them so
        width = max([len(name), *(len(str(row[index] or "")) for row in table.rows)])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(60, max(8, width + 2))
    bold = Font(bold=True)
    header = []
    for name in titles:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        sheet.append(
            [
                _cell(sheet, value, column.kind)
                for value, column in zip(row, table.columns, strict=True)
            ]
        )


def _cell(sheet: Worksheet, value: Cell, kind: str) -> SheetCell | None:
    if value is None:
        return None
    if isinstance(value, int | float):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = _FORMATS.get(kind, "General")
        return cell
    cell = WriteOnlyCell(sheet, value=str(value))
    cell.data_type = "s"  # a text, never a formula, whatever it starts with
    return cell


def _sheet_name(name: str, used: set[str]) -> str:
    clean = "".join("-" if ch in "[]:*?/\\" else ch for ch in name)[:SHEET_NAME_LIMIT] or "Sheet"
    candidate, number = clean, 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate = clean[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        number += 1
    used.add(candidate.lower())
    return candidate
