"""The labour-accident summary (accident_summary.py) as the form prints it: XLSX (formula-safe
cells) and DOCX (A4 landscape, Times New Roman, as the reports' DOCX), from one layout."""


from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cnqp.core.records.export import sheet_cells
from cnqp.core.text import format_date, format_number
from cnqp.safety.accident_summary import (
    ANNEX,
    ANNEX_BASIS,
    ANNEX_TITLE,
    CASE_COLUMNS,
    COST_COLUMNS,
    HEAD_BY_INJURY,
    HEAD_CASES,
    HEAD_CODE,
    HEAD_COSTS,
    HEAD_DAYS,
    HEAD_ITEMS,
    HEAD_NAME,
    HEAD_PROPERTY,
    HEAD_VICTIMS,
    MARKINGS,
    SIGNATURE,
    SIGNATURE_NOTE,
    SPLIT,
    TABLE_I,
    TABLE_II,
    TITLE,
    VICTIM_COLUMNS,
    AccidentSummary,
    FormRow,
    UnitLine,
    thousands,
)

# --- the form's layout, shared by both renderings ---------------------------------------------

Span = tuple[int, int, int, int, str]  # row, column, rows, columns, text (from the table's top)

TABLE_I_HEAD: list[Span] = [
    (0, 0, 4, 1, HEAD_NAME), (0, 1, 4, 1, HEAD_CODE), (0, 2, 1, 11, HEAD_BY_INJURY),
    (1, 2, 1, 3, HEAD_CASES), (1, 5, 1, 8, HEAD_VICTIMS),
    *((2, 2 + i, 2, 1, text) for i, text in enumerate(CASE_COLUMNS)),
    *((2, 5 + 2 * i, 1, 2, text) for i, text in enumerate(VICTIM_COLUMNS)),
    *((3, 5 + i, 1, 1, SPLIT[i % 2]) for i in range(8)),
    *((4, i, 1, 1, str(i + 1)) for i in range(13)),  # the columns' numbers
]
TABLE_II_HEAD: list[Span] = [
    (0, 0, 3, 1, HEAD_DAYS), (0, 1, 1, 4, HEAD_COSTS), (0, 5, 3, 1, HEAD_PROPERTY),
    (1, 1, 2, 1, "Tổng số"), (1, 2, 1, 3, HEAD_ITEMS),
    *((2, 2 + i, 1, 1, text) for i, text in enumerate(COST_COLUMNS)),
    *((3, i, 1, 1, str(i + 1)) for i in range(6)),
]
UNITS_TITLE = "Phụ biểu: số liệu theo đơn vị"
UNIT_COLUMNS = ("Đơn vị", "Số lao động", "Trong đó nữ", "Số vụ", "Số vụ có người chết",
                "Số vụ có từ 2 người bị nạn trở lên", "Số người bị nạn", "Số LĐ nữ bị nạn",
                "Số người bị chết", "Số người bị thương nặng", "Số ngày nghỉ",
                "Chi phí (1.000 đ)", "Thiệt hại tài sản (1.000 đ)")
BLANK = "…………"


def header_lines(summary: AccidentSummary) -> list[str]:
    """The lines above the tables; what the models do not hold stays the form's blank."""
    w = summary.workforce
    return [
        f"Đơn vị báo cáo: {summary.unit.name}",
        f"Kỳ báo cáo (6 tháng hoặc cả năm): {summary.period_label} {summary.year}",
        f"Ngày báo cáo: {format_date(summary.report_date)}",
        f"Thuộc loại hình cơ sở (doanh nghiệp): {BLANK} Mã loại hình cơ sở: {BLANK}",
        f"Đơn vị nhận báo cáo: {BLANK}",
        f"Lĩnh vực sản xuất chính của cơ sở: {BLANK} Mã lĩnh vực: {BLANK}",
        "Tổng số lao động của cơ sở: {} người, trong đó nữ: {} người".format(
            *((format_number(w.headcount), format_number(w.women)) if w else (BLANK, BLANK))),
        f"Tổng quỹ lương: {format_number(w.payroll) if w else BLANK} triệu đồng",
    ]


def unit_line_values(line: UnitLine) -> list[Any]:
    f, d, w = line.figures, line.damage, line.workforce
    name = f"{line.unit.name} (tại đơn vị)" if line.own else line.unit.name
    return [name, w.headcount if w else None, w.women if w else None, f.cases, f.fatal_cases,
            f.multi_cases, f.victims, f.women, f.deaths, f.serious, d.days_off,
            thousands(d.costs), thousands(d.property_loss)]


def _row_values(row: FormRow) -> list[Any]:
    indent = "    " * max(row.level - 1, 0)
    return [indent + row.label, row.code, *(row.figures.values() if row.figures else ())]


# --- XLSX ---------------------------------------------------------------------------------------

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _xlsx_line(sheet: Worksheet, text: str, *, bold: bool = False, centre: bool = False,
               width: int = 13) -> None:
    sheet.append(sheet_cells(sheet, [text]))
    cell = sheet.cell(sheet.max_row, 1)
    cell.font = Font(name="Times New Roman", bold=bold)
    if centre:
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row,
                          end_column=width)
        cell.alignment = Alignment(horizontal="center")


def _xlsx_table(sheet: Worksheet, head: list[Span], width: int,
                rows: Iterable[tuple[list[Any], bool]]) -> None:
    """A table of the form: its header spans merged, then its lines (`bold` for the numbered
    rows), every cell boxed."""
    top = sheet.max_row + 1
    height = max(r + n for r, _c, n, _w, _t in head)
    grid: list[list[Any]] = [[None] * width for _row in range(height)]
    for r, c, _n, _w, text in head:
        grid[r][c] = text
    for line in grid:
        sheet.append(sheet_cells(sheet, line))
    for r, c, n, w, _text in head:
        if n > 1 or w > 1:
            sheet.merge_cells(start_row=top + r, start_column=c + 1, end_row=top + r + n - 1,
                              end_column=c + w)
    for row in sheet.iter_rows(min_row=top, max_row=top + height - 1, max_col=width):
        for cell in row:
            cell.font, cell.alignment, cell.border = Font(bold=True), CENTRED, BOX
    for values, bold in rows:
        sheet.append(sheet_cells(sheet, values + [None] * (width - len(values))))
        for cell in sheet[sheet.max_row][:width]:
            cell.border = BOX
            cell.font = Font(bold=bold)
            if cell.column > 1:
                cell.alignment = Alignment(horizontal="center", vertical="center")
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="center")


def summary_xlsx(summary: AccidentSummary) -> bytes:
    """The form on one sheet (numbers kept numeric, money in thousands of đồng), the units
    on a second."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục XII"
    marking = MARKINGS.get(summary.classification)
    if marking:
        _xlsx_line(sheet, marking, bold=True)
        sheet.cell(sheet.max_row, 1).font = Font(bold=True, color="C00000")
    for text in (ANNEX, ANNEX_TITLE, ANNEX_BASIS):
        _xlsx_line(sheet, text, bold=text != ANNEX_BASIS, centre=True)
    _xlsx_line(sheet, "")
    lines = header_lines(summary)
    _xlsx_line(sheet, lines[0])
    _xlsx_line(sheet, TITLE, bold=True, centre=True)
    for text in lines[1:]:
        _xlsx_line(sheet, text)
    _xlsx_line(sheet, "")
    _xlsx_line(sheet, TABLE_I, bold=True)
    _xlsx_table(sheet, TABLE_I_HEAD, 13,
                ((_row_values(row), row.level == 0) for row in summary.rows))
    _xlsx_line(sheet, "")
    _xlsx_line(sheet, TABLE_II, bold=True)
    _xlsx_table(sheet, TABLE_II_HEAD, 6, [(list(summary.damage.form_values()), False)])
    _xlsx_line(sheet, "")
    for text in (SIGNATURE, SIGNATURE_NOTE):
        _xlsx_line(sheet, text, bold=text == SIGNATURE)
        sheet.cell(sheet.max_row, 1).alignment = Alignment(horizontal="right")
    sheet.column_dimensions["A"].width = 48
    for column in range(2, 14):
        sheet.column_dimensions[get_column_letter(column)].width = 12

    units = book.create_sheet("Theo đơn vị")
    _xlsx_line(units, UNITS_TITLE, bold=True)
    units.append(sheet_cells(units, list(UNIT_COLUMNS)))
    for cell in units[units.max_row]:
        cell.font, cell.alignment, cell.border = Font(bold=True), CENTRED, BOX
    for line in summary.units:
        units.append(sheet_cells(units, unit_line_values(line)))
    units.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- DOCX ---------------------------------------------------------------------------------------

FONT = "Times New Roman"  # as the reports' DOCX (reports/render/docx.py)
SIZE_TEXT, SIZE_TABLE, SIZE_HEAD = Pt(13), Pt(10), Pt(9)
NAME_MM, CODE_MM, TEXT_WIDTH_MM = 60, 20, 297 - 20 - 15


def _run(paragraph: Any, text: str, size: Pt, *, bold: bool = False,
         italic: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.font.bold, run.font.italic = FONT, size, bold, italic
    # Every script slot, so that no Vietnamese letter falls back to another font.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _line(document: Any, text: str, *, bold: bool = False, italic: bool = False,
          align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT, size: Pt = SIZE_TEXT,
          after: Pt | None = None) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = 0
    paragraph.paragraph_format.space_after = Pt(2) if after is None else after
    _run(paragraph, text, size, bold=bold, italic=italic)


def _cell(cell: _Cell, text: str, *, bold: bool = False, centre: bool = True,
          size: Pt = SIZE_TABLE) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.space_after = 0
    _run(paragraph, text, size, bold=bold)


def _docx_table(document: Any, head: list[Span], widths: list[float],
                rows: Sequence[tuple[list[Any], bool]], *, labelled: bool = True) -> Table:
    """A table of the form (`labelled`: its first column names the line, left-aligned)."""
    height = max(r + n for r, _c, n, _w, _t in head)
    table = document.add_table(rows=height + len(rows), cols=len(widths))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
    for r, c, n, w, text in head:
        cell = table.cell(r, c)
        if n > 1 or w > 1:
            cell = cell.merge(table.cell(r + n - 1, c + w - 1))
        _cell(cell, text, bold=True, size=SIZE_HEAD)
    for r in range(height):  # the header repeats on every page the table runs over
        table.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for index, (values, bold) in enumerate(rows):
        cells = table.rows[height + index].cells
        for column, value in enumerate(values):
            text = value if isinstance(value, str) else format_number(value)
            _cell(cells[column], text, bold=bold, centre=column > 0 or not labelled)
    return table


def summary_docx(summary: AccidentSummary) -> bytes:
    """The form on A4 landscape, in Times New Roman as the reports' DOCX."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(15)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    marking = MARKINGS.get(summary.classification)
    if marking:
        _line(document, marking, bold=True)
    _line(document, ANNEX, bold=True, align=centre)
    _line(document, ANNEX_TITLE, bold=True, align=centre)
    _line(document, ANNEX_BASIS, italic=True, align=centre, after=Pt(10))
    lines = header_lines(summary)
    _line(document, lines[0])
    _line(document, TITLE, bold=True, align=centre, size=Pt(14))
    for text in lines[1:]:
        _line(document, text)
    _line(document, TABLE_I, bold=True, after=Pt(4))
    figure_mm = (TEXT_WIDTH_MM - NAME_MM - CODE_MM) / 11
    _docx_table(document, TABLE_I_HEAD, [NAME_MM, CODE_MM, *[figure_mm] * 11],
                [(_row_values(row), row.level == 0) for row in summary.rows])
    _line(document, "", after=Pt(6))
    _line(document, TABLE_II, bold=True, after=Pt(4))
    _docx_table(document, TABLE_II_HEAD, [60, 40, 40, 40, 40, 42],
                [(list(summary.damage.form_values()), False)], labelled=False)
    _line(document, "", after=Pt(6))
    _line(document, SIGNATURE, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _line(document, SIGNATURE_NOTE, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if summary.units:
        document.add_page_break()
        _line(document, UNITS_TITLE, bold=True, after=Pt(4))
        unit_head: list[Span] = [(0, i, 1, 1, t) for i, t in enumerate(UNIT_COLUMNS)]
        _docx_table(document, unit_head, [55, *[(TEXT_WIDTH_MM - 55) / 12] * 12],
                    [([v if v is not None else "" for v in unit_line_values(line)], False)
                     for line in summary.units])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
