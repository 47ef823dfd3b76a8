"""CSV and XLSX exports of a list, streamed; every export is audited.

Every spreadsheet the system writes takes its cells from here, so that text is never read as a
formula (CWE-1236): in a workbook, text stays a text cell (openpyxl makes any string starting
with "=" a formula); in a CSV, text that a spreadsheet program would evaluate (starting with
=, +, -, @, a tab or a carriage return) is written behind an apostrophe, as OWASP advises,
unless it is a number ("-1.234,5" stays a number)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from cnqp.core.records.display import as_text, export_value

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?[0-9][0-9., ]*")


def csv_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet program shows as the text it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(
            value):
        return "'" + value
    return value


def sheet_cells(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """Values for `sheet.append` (a worksheet or a write-only one) with every text a text
    cell, never a formula."""
    return [_text_cell(sheet, v) if isinstance(v, str) and v.startswith("=") else v
            for v in values]


def _text_cell(sheet: Worksheet, text: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=text)  # a cell that `append` places, in either mode
    cell.data_type = "s"
    return cell


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A small CSV in one piece, UTF-8 with a BOM (Excel then reads the accents right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(h) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode()


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, headers: Sequence[str],
                 rows: Iterable[Sequence[Any]]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterable[str]:
        yield "\ufeff"  # a BOM, so spreadsheet programs read the UTF-8 diacritics right
        yield writer.writerow([csv_cell(h) for h in headers])
        for row in rows:
            yield writer.writerow([csv_cell(as_text(v)) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_bytes(sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=sheet_title[:31] or "Sheet1")
    sheet.append(bold_cells(sheet, headers))
    for row in rows:
        sheet.append(sheet_cells(sheet, [export_value(v) for v in row]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bold_cells(sheet: Any, texts: Iterable[Any]) -> list[Cell]:
    """A header row: bold text cells."""
    cells = []
    for text in texts:
        cell = (_text_cell(sheet, text) if isinstance(text, str)
                else WriteOnlyCell(sheet, value=text))
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def xlsx_response(filename: str, sheet_title: str, headers: Sequence[str],
                  rows: Iterable[Sequence[Any]]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheet_title, headers, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_filename(slug: str) -> str:
    return f"{slug}-{timezone.localtime():%Y%m%d-%H%M}"
