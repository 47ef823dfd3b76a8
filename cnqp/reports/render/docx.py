"""The report as a DOCX in the layout of Decree 30/2020/NĐ-CP on administrative documents
(Appendix I: format and layout). The values used are the constants below; docs/reports.md
gives each with the rule it follows.

Layout of the first page, as the decree's sample: a borderless two-column table with the
agency block on the left (parent agency, issuing unit in bold with a short rule under it, the
number and symbol, the secrecy marking) and the national heading on the right (the motto
underlined, then the place and date in italics); then the type and title of the document,
centred in bold; the body; "Nơi nhận:" and the signature side by side. Page numbers are in
the top margin, centred, from page 2."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION_START
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from cnqp.reports.document import Report, cell_text, is_figure
from cnqp.reports.render import layout
from cnqp.reports.render.charts import chart_png

FONT = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)  # A4
MARGIN_TOP, MARGIN_BOTTOM = Mm(20), Mm(20)  # decree: 20-25 mm
MARGIN_LEFT, MARGIN_RIGHT = Mm(30), Mm(15)  # decree: 30-35 mm and 15-20 mm
TEXT_WIDTH_MM = 210 - 30 - 15
LANDSCAPE_TEXT_WIDTH_MM = 297 - 30 - 15  # the same margins
HEADER_DISTANCE = Mm(10)

NATIONAL_HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
SIZE_AGENCY = Pt(13)  # 12-13, capitals; the issuing unit in bold
SIZE_NATIONAL = Pt(12)  # 12-13, bold, capitals
SIZE_MOTTO = Pt(13)  # 13-14, bold, underlined
SIZE_NUMBER = Pt(13)
SIZE_PLACE_DATE = Pt(14)  # 13-14, italics
SIZE_TYPE = Pt(14)  # 13-14, bold, capitals
SIZE_TITLE = Pt(14)  # 13-14, bold
SIZE_BODY = Pt(14)  # 13-14
SIZE_TABLE = Pt(12)
SIZE_WIDE_TABLE = Pt(11)  # tables of more than WIDE_TABLE columns
WIDE_TABLE = 6
SIZE_RECIPIENTS_LABEL = Pt(12)  # bold italic
SIZE_RECIPIENTS = Pt(11)
SIZE_SIGNATURE = Pt(14)  # 13-14, bold, capitals
SIZE_PAGE_NUMBER = Pt(13)  # 13-14
SIZE_MARKING = Pt(13)
FIRST_LINE_INDENT = Mm(10)  # decree: 1-1.27 cm
SPACE_AFTER = Pt(6)  # decree: at least 6 pt between paragraphs
LINE_SPACING = 1.15  # decree: single to 1.5 lines
AGENCY_COLUMN_MM, NATIONAL_COLUMN_MM = 66, TEXT_WIDTH_MM - 66
RECIPIENTS_COLUMN_MM, SIGNATURE_COLUMN_MM = 80, TEXT_WIDTH_MM - 80
CHART_WIDTH = Mm(160)


def _fonts(run_properties: Any) -> None:
    """Times New Roman for every script slot (Word picks the East Asian or complex-script
    slot for some characters; Vietnamese must not fall back to another font)."""
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _run(paragraph: Paragraph, text: str, size: Pt, *, bold: bool = False,
         italic: bool = False, underline: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = size
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    _fonts(run._element.get_or_add_rPr())


def _paragraph(container: DocxDocument | _Cell, text: str = "", size: Pt = SIZE_BODY, *,
               align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER, bold: bool = False,
               italic: bool = False, underline: bool = False, after: Pt | int = 0,
               ) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), after
    fmt.first_line_indent = 0
    if text:
        _run(paragraph, text, size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _cell_paragraph(cell: _Cell) -> Paragraph:
    """The cell's first, empty paragraph (a new cell has one), then new ones."""
    first = cell.paragraphs[0]
    return first if not first.text and not first.runs else cell.add_paragraph()


def _border(paragraph: Paragraph, sides: tuple[str, ...], size: int = 6) -> None:
    borders = OxmlElement("w:pBdr")
    for side in sides:
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), str(size))
        line.set(qn("w:space"), "1")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    paragraph._p.get_or_add_pPr().append(borders)


def _rule(cell: _Cell, column_mm: int, length_mm: int) -> None:
    """A short centred rule: an empty paragraph with a bottom border, indented so the rule
    is `length_mm` long (under the issuing unit, and under the title)."""
    paragraph = _paragraph(cell, "", Pt(4))
    side = Mm(max((column_mm - length_mm) / 2, 0))
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    _border(paragraph, ("bottom",))


def _widths(table: Table, widths_mm: list[float]) -> None:
    """Both the grid (LibreOffice reads it) and each cell (Word reads those), in a fixed
    layout (`w:tblLayout w:type="fixed"`): neither program widens a column to its content."""
    table.autofit = False
    width = table._tbl.tblPr.find(qn("w:tblW"))
    if width is not None:
        width.set(qn("w:type"), "dxa")
        width.set(qn("w:w"), str(sum(Mm(w).twips for w in widths_mm)))
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _page_setup(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = HEADER_DISTANCE
    section.start_type = WD_SECTION_START.NEW_PAGE
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = SIZE_BODY
    _fonts(normal.element.get_or_add_rPr())
    # Page numbers from page 2: centred in the top margin; the first page's header is empty.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(paragraph, "PAGE", "2")


def _orient(document: DocxDocument, *, landscape: bool) -> None:
    """Go on in the orientation asked for: when the current section has the other one, it
    ends at its last paragraph (not at an added empty one, which could spill onto a page of
    its own) and a section on a new page begins, with the same margins and page size turned.
    It has no header of its own, so Word and LibreOffice carry on the first section's header
    and page numbers; and no different first page, which would leave its first page unnumbered.
    """
    if (document.sections[-1].orientation == WD_ORIENT.LANDSCAPE) == landscape:
        return
    body = document.element.body
    sentinel = body.get_or_add_sectPr()
    last = sentinel.getprevious()
    if last is None or last.tag != qn("w:p") or last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") \
            is not None:
        last = body.add_p()
    last.set_sectPr(sentinel.clone())
    for reference in sentinel.xpath("w:headerReference|w:footerReference"):
        sentinel.remove(reference)
    section = document.sections[-1]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = ((PAGE_HEIGHT, PAGE_WIDTH) if landscape
                                               else (PAGE_WIDTH, PAGE_HEIGHT))
    section.different_first_page_header_footer = False


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (begin, instruction, separate, the last computed value, end): Word and
    LibreOffice compute it when they lay the pages out."""
    parts: list[tuple[str, str]] = [("fldChar", "begin"), ("instrText", f" {instruction} "),
                                    ("fldChar", "separate"), ("t", placeholder),
                                    ("fldChar", "end")]
    for tag, value in parts:
        run = paragraph.add_run()
        run.font.name, run.font.size = FONT, SIZE_PAGE_NUMBER
        _fonts(run._element.get_or_add_rPr())
        if tag == "t":
            run.text = value
            continue
        element = OxmlElement(f"w:{tag}")
        if tag == "fldChar":
            element.set(qn("w:fldCharType"), value)
        else:
            element.set(qn("xml:space"), "preserve")
            element.text = value
        run._element.append(element)


def _heading_block(document: DocxDocument, report: Report) -> None:
    header = report.header
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [AGENCY_COLUMN_MM, NATIONAL_COLUMN_MM])
    agency, national = table.rows[0].cells

    first = _cell_paragraph(agency)
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(first, header.parent_agency, SIZE_AGENCY)
    _paragraph(agency, header.issuing_unit, SIZE_AGENCY, bold=True)
    _rule(agency, AGENCY_COLUMN_MM, 24)
    _paragraph(agency, header.number_line, SIZE_NUMBER).paragraph_format.space_before = Pt(6)
    if report.marking:
        # The secrecy marking, boxed, under the number and symbol (Decree 30, position 10a).
        marking = _paragraph(agency, report.marking, SIZE_MARKING, bold=True)
        marking.paragraph_format.space_before = Pt(6)
        box = 12 + 4 * len(report.marking)
        side = Mm(max((AGENCY_COLUMN_MM - box) / 2, 0))
        marking.paragraph_format.left_indent = side
        marking.paragraph_format.right_indent = side
        _border(marking, ("top", "left", "bottom", "right"), size=12)

    top = _cell_paragraph(national)
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(top, NATIONAL_HEADING, SIZE_NATIONAL, bold=True)
    _paragraph(national, MOTTO, SIZE_MOTTO, bold=True, underline=True)
    place = _paragraph(national, header.place_date, SIZE_PLACE_DATE, italic=True)
    place.paragraph_format.space_before = Pt(22)

    _paragraph(document, "", SIZE_BODY, after=Pt(6))
    _paragraph(document, header.document_type, SIZE_TYPE, bold=True)
    title = _paragraph(document, header.title, SIZE_TITLE, bold=True)
    title.paragraph_format.space_after = Pt(2)
    rule = _paragraph(document, "", Pt(4), after=Pt(12))
    side = Mm((TEXT_WIDTH_MM - 40) / 2)
    rule.paragraph_format.left_indent, rule.paragraph_format.right_indent = side, side
    _border(rule, ("bottom",))


def _body(document: DocxDocument, text: str, *, bold: bool = False) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = FIRST_LINE_INDENT
    fmt.space_before, fmt.space_after = Pt(0), SPACE_AFTER
    fmt.line_spacing = LINE_SPACING
    _run(paragraph, text, SIZE_BODY, bold=bold)
    return paragraph


def _cell_text(cell: _Cell, text: str, size: Pt = SIZE_TABLE, *, bold: bool = False,
               align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT) -> None:
    paragraph = _cell_paragraph(cell)
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.first_line_indent = 0
    _run(paragraph, text, size, bold=bold)


def _table(document: DocxDocument, number: int, title: str, columns: list[str],
           rows: list[list[str | int]]) -> None:
    """A wide table on landscape pages of its own; columns never narrower than their longest
    word (render/layout.py decides both)."""
    landscape = layout.is_landscape(columns)
    _orient(document, landscape=landscape)
    caption = _paragraph(document, f"Bảng {number}. {title}", SIZE_BODY, bold=True,
                         after=Pt(4))
    caption.paragraph_format.keep_with_next = True
    table = document.add_table(rows=1 + len(rows), cols=len(columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    start = SIZE_WIDE_TABLE if len(columns) > WIDE_TABLE else SIZE_TABLE
    fitted = layout.fit(columns, rows, LANDSCAPE_TEXT_WIDTH_MM if landscape else TEXT_WIDTH_MM,
                        start.pt)
    _widths(table, fitted.widths)
    size = Pt(fitted.size)
    # The header row repeats on every page the table runs over.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, name in zip(table.rows[0].cells, columns, strict=True):
        _cell_text(cell, name, size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    last = len(rows) - 1
    totals = {_("Total"), _("Directorate")}
    for r, values in enumerate(rows):
        # A row whose cells wrap stays on one page (its figure is not cut from its label).
        table.rows[r + 1]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        # The last row of a section's table is its total when its first cell says so.
        total = r == last and len(rows) > 1 and values[0] in totals
        for cell, value in zip(table.rows[r + 1].cells, values, strict=False):
            _cell_text(cell, cell_text(value), size, bold=total,
                       align=WD_ALIGN_PARAGRAPH.RIGHT if is_figure(value)
                       else WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph(document, "", Pt(6), after=Pt(6))


def _signature_block(document: DocxDocument, report: Report) -> None:
    table = document.add_table(rows=1, cols=2)
    _widths(table, [RECIPIENTS_COLUMN_MM, SIGNATURE_COLUMN_MM])
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    row_properties.append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    label = _cell_paragraph(left)
    label.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _run(label, "Nơi nhận:", SIZE_RECIPIENTS_LABEL, bold=True, italic=True)
    for index, recipient in enumerate(report.recipients):
        end = "." if index == len(report.recipients) - 1 else ";"
        text = recipient.rstrip(".;")
        _paragraph(left, f"- {text}{end}", SIZE_RECIPIENTS, align=WD_ALIGN_PARAGRAPH.LEFT)
    lines = report.signature.position.splitlines() or [""]
    first = _cell_paragraph(right)
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(first, lines[0], SIZE_SIGNATURE, bold=True)
    for line in lines[1:]:
        _paragraph(right, line, SIZE_SIGNATURE, bold=True)
    for _blank in range(4):  # room for the signature and the seal
        _paragraph(right, "", SIZE_SIGNATURE)
    _paragraph(right, report.signature.name, SIZE_SIGNATURE, bold=True)


def render_docx(report: Report) -> bytes:
    document = Document()
    _page_setup(document)
    _heading_block(document, report)
    for paragraph in report.introduction:
        _body(document, paragraph)
    for part in report.outline():
        _orient(document, landscape=False)
        _body(document, f"{part.numeral}. {part.section.title.upper()}", bold=True)
        for paragraph in part.section.paragraphs:
            _body(document, paragraph)
        for number, table in part.tables:
            _table(document, number, table.title, table.columns, table.rows)
        for number, chart in part.charts:
            _orient(document, landscape=False)
            picture = _paragraph(document, "", SIZE_BODY)
            picture.paragraph_format.keep_with_next = True
            picture.add_run().add_picture(io.BytesIO(chart_png(chart)), width=CHART_WIDTH)
            _paragraph(document, f"Biểu đồ {number}. {chart.title}", SIZE_BODY, italic=True,
                       after=Pt(12))
    _orient(document, landscape=False)
    # The closing line stays with the signature block, which is never split across pages.
    _body(document, report.closing).paragraph_format.keep_with_next = True
    _paragraph(document, "", SIZE_BODY, after=Pt(6)).paragraph_format.keep_with_next = True
    _signature_block(document, report)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
