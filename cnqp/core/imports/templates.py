"""The template of an import, for both engines: a workbook with the header row on its first sheet
and a guide sheet describing each column, or the header row as CSV (UTF-8 with a BOM, so that
Excel opens it with its accents); below the header, the rows an importer pre-fills for the user
downloading it (`ImportDeclaration.template_rows`). Cells go through `records.export`, so that
no text is ever a formula."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from cnqp.core.imports.columns import ImportDeclaration
from cnqp.core.records.export import bold_cells, csv_bytes, sheet_cells

GUIDE_WIDTHS = {"A": 28, "B": 18, "C": 10, "D": 70}


def template_xlsx(importer: type[ImportDeclaration],
                  rows: Iterable[Sequence[Any]] = ()) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(importer.sheet_title[:31])
    for index, column in enumerate(importer.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) + 4)
    sheet.freeze_panes = "A2"
    sheet.append(bold_cells(sheet, [column.header for column in importer.columns]))
    for row in rows:
        sheet.append(sheet_cells(sheet, row))
    guide = book.create_sheet(_("Guide")[:31])
    for letter, width in GUIDE_WIDTHS.items():
        guide.column_dimensions[letter].width = width
    guide.append(bold_cells(guide, [_("Column"), _("Key"), _("Required"), _("Accepted values")]))
    for column in importer.columns:
        guide.append(sheet_cells(guide, [column.header, column.key,
                                         _("Yes") if column.required else _("No"),
                                         column.guide()]))
    guide.append([])
    guide.append(sheet_cells(guide, [_(
        "Data goes on the first sheet, below the header row. A row with an error stops the "
        "whole import: nothing is written until every row is valid.")]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_csv(importer: type[ImportDeclaration],
                 rows: Iterable[Sequence[Any]] = ()) -> bytes:
    return csv_bytes([column.header for column in importer.columns], rows)
