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
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from cnqp.core import audit
from cnqp.core.access.scoping import classification_of
from cnqp.core.choices import AuditAction
from cnqp.core.records.display import as_text, export_value, field_at, raw_value, text_at

if TYPE_CHECKING:
    from cnqp.core.models import User
    from cnqp.core.records.resource import Resource

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


def export_response(resource: Resource, user: User, queryset: QuerySet[Any], kind: str,
                    query: str) -> HttpResponseBase:
    """A list as CSV or XLSX in the resource's export columns, at most CNQP_EXPORT_MAX_ROWS
    rows; the export is audited with the classified ids it carried."""
    columns = resource.export_columns
    names = [c.name for c in columns]
    headers = [c.header(resource.model) for c in columns]
    objects = list(queryset[: settings.CNQP_EXPORT_MAX_ROWS])
    rows = [[raw_value(obj, n) for n in names] for obj in objects]
    levels = {obj.pk: classification_of(obj) for obj in objects}
    audit.record(
        AuditAction.EXPORT, actor=user, object_type=resource.model._meta.label_lower,
        object_repr=f"{resource.label_plural} ({kind})",
        classification=max(levels.values(), default=0),
        changes={"format": kind, "count": len(objects), "query": query,
                 "classified_ids": [pk for pk, lvl in levels.items() if lvl > 0]},
    )
    filename = export_filename(resource.slug)
    if kind == "csv":
        # An identifier is a name, not a quantity: 1475, never "1.475"; a year is 2026, as
        # the pages write it (text_at).
        idents = {i for i, n in enumerate(names) if is_identifier(resource.model, n)}
        texts = [[str(v) if i in idents and v is not None else text_at(names[i], v)
                  for i, v in enumerate(row)] for row in rows]
        return csv_response(filename, headers, texts)
    return xlsx_response(filename, resource.label_plural, headers, rows)


def is_identifier(model: type[Any], name: str) -> bool:
    if name in ("id", "pk") or name.endswith("_id"):
        return True
    found = field_at(model, name)
    return found is not None and bool(getattr(found, "primary_key", False))
