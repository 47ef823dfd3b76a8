"""The XLSX annex: every table of the report, one sheet each, numbers kept numeric, headers
bold, and the secrecy marking on top of a classified table's sheet. A first sheet names the
report."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from cnqp.core.records.export import sheet_cells
from cnqp.core.text import format_date
from cnqp.reports.choices import MARKINGS
from cnqp.reports.document import Report

SHEET_NAME_LIMIT = 31  # Excel's limit
FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_name(number: int, title: str, taken: set[str]) -> str:
    """"1. Research topics by level", cut to Excel's 31 characters, unique in the book."""
    base = f"{number}. {title.translate(FORBIDDEN)}".strip()[:SHEET_NAME_LIMIT].rstrip()
    name, suffix = base, 2
    while name.lower() in taken:
        tail = f" ({suffix})"
        name = base[:SHEET_NAME_LIMIT - len(tail)].rstrip() + tail
        suffix += 1
    taken.add(name.lower())
    return name


def render_xlsx(report: Report) -> bytes:
    book = Workbook()
    cover = book.active
    cover.title = _("Report")[:SHEET_NAME_LIMIT]
    header = report.header
    rows = [
        (report.marking, ""),
        (header.document_type, header.title),
        (_("Issued by"), header.issuing_unit),
        (_("Number"), header.number_line),
        (_("Date"), header.place_date),
        (_("Period"), f"{format_date(report.period.start)} - {format_date(report.period.end)}"),
        (_("Tables"), len(report.tables())),
    ]
    for row in rows:
        cover.append(sheet_cells(cover, row))
    for cell in cover["A"]:
        cell.font = Font(bold=True)
    cover.column_dimensions["A"].width = 18
    cover.column_dimensions["B"].width = 70
    taken = {cover.title.lower()}
    for number, section, table in report.tables():
        sheet = book.create_sheet(sheet_name(number, table.title, taken))
        marking = MARKINGS.get(max(table.classification, section.classification), "")
        if marking:
            sheet.append([marking])
            sheet.cell(sheet.max_row, 1).font = Font(bold=True, color="C00000")
        sheet.append(sheet_cells(sheet, [f"Bảng {number}. {table.title}"]))
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        sheet.append(sheet_cells(sheet, [section.title]))
        sheet.append(sheet_cells(sheet, table.columns))
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for values in table.rows:
            sheet.append(sheet_cells(sheet, values))
        for index, name in enumerate(table.columns, start=1):
            width = max([len(str(name))] + [len(str(r[index - 1])) for r in table.rows
                                            if index - 1 < len(r)])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)
        sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
