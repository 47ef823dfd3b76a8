"""Wide tables on landscape pages, and columns never narrower than their longest word (issue
21: twelve columns set in portrait broke Vietnamese syllables). The DOCX read back with
python-docx; the PDF (one LibreOffice conversion: slow) read with pypdf."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from pypdf import PdfReader

from cnqp.core.figures.reporting import ReportSection, ReportTable
from cnqp.reports.document import Report, cell_text
from cnqp.reports.render import layout
from cnqp.reports.render.docx import LANDSCAPE_TEXT_WIDTH_MM, TEXT_WIDTH_MM, render_docx
from cnqp.reports.render.pdf import docx_to_pdf, soffice_path
from cnqp.reports.tests.test_documents import sample

QUALITY = ["Chủng loại sản phẩm", "Lượt nghiệm thu xuất xưởng", "Tỷ lệ đạt",
           "Đã bàn giao (đang sử dụng)", "Sản phẩm bị phản ánh lỗi",
           "Số lỗi trên 1.000 sản phẩm bàn giao", "Phản ánh chất lượng",
           "Mức sử dụng trung bình đến khi hư hỏng", "Sự không phù hợp chưa đóng",
           "Sự không phù hợp đã đóng", "Lỗi trong sử dụng đã khắc phục", "Biện pháp quá hạn"]
ROWS: list[list[str | int]] = [
    ["Súng trường tự động 7,62 mm", 1_250, "97,6%", 11_840, 35, "2,96", 41, "1.520 phát",
     3, 12, 30, 1],
    ["Đạn pháo 122 mm nghiệm thu", 348_000, "99,1%", 1_204_000, 120, "0,10", 130, "—",
     0, 4, 118, 0],
    ["Tổng cộng", 349_250, "99,0%", 1_215_840, 155, "0,13", 171, "—", 3, 16, 148, 1]]


def wide_report() -> Report:
    """The sample report (portrait tables) with a twelve-column table between two of them."""
    report = sample()
    first = report.sections[0]
    wide = ReportTable("Chất lượng theo chủng loại sản phẩm", QUALITY, ROWS)
    section = dataclasses.replace(first, tables=[first.tables[0], wide, first.tables[0]])
    return dataclasses.replace(report, sections=[section, *report.sections[1:]])


def read(report: Report) -> Any:
    return Document(io.BytesIO(render_docx(report)))


def section_of_tables(document: Any) -> list[int]:
    """The index of the section each table of the body lies in (a section ends with the
    paragraph that holds its `w:sectPr`)."""
    found, section = [], 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            found.append(section)
        elif child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            section += 1
    return found


def table_of(document: Any, first_header: str) -> Any:
    return next(t for t in document.tables if t.rows[0].cells[0].text == first_header)


def test_a_twelve_column_table_has_a_landscape_section_between_portrait_ones() -> None:
    document = read(wide_report())
    sections = document.sections
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE,
                                                 WD_ORIENT.PORTRAIT]
    sizes = [(round(s.page_width.mm), round(s.page_height.mm)) for s in sections]
    assert sizes == [(210, 297), (297, 210), (210, 297)]
    margins = {(s.top_margin, s.bottom_margin, s.left_margin, s.right_margin) for s in sections}
    assert len(margins) == 1
    # Headings, the first table, the wide one alone, then the rest back in portrait.
    heading, first, wide, *rest = section_of_tables(document)
    assert (heading, first, wide) == (0, 0, 1) and set(rest) == {2}
    assert document.tables[2].rows[0].cells[0].text == "Chủng loại sản phẩm"
    # The page numbers carry on: the header is the first section's, on every page.
    for section in sections[1:]:
        assert section.header.is_linked_to_previous
        assert not section.different_first_page_header_footer
        assert section.start_type == 2  # WD_SECTION_START.NEW_PAGE
    assert document.element.body.xpath(".//w:pgNumType[@w:start]") == []


def test_no_column_is_narrower_than_its_longest_word() -> None:
    document = read(wide_report())
    table = table_of(document, "Chủng loại sản phẩm")
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    size = table.rows[0].cells[0].paragraphs[0].runs[0].font.size.pt
    assert layout.SMALLEST_SIZE <= size <= 11
    widths = [column.width.mm for column in table.columns]
    assert sum(widths) == pytest.approx(LANDSCAPE_TEXT_WIDTH_MM, abs=0.5)
    for index, column in enumerate(table.columns):
        for cell in column.cells:
            assert cell.width.mm == pytest.approx(widths[index], abs=0.1)
            longest = layout.longest_word_mm(cell.text, size, bold=True)
            assert widths[index] >= longest + 2 * 1.9, (cell.text, widths[index])
    # Figures right-aligned; the names of the rows on the left.
    body = table.rows[1].cells
    assert body[1].paragraphs[0].alignment == 2 and body[0].paragraphs[0].alignment == 0
    # Figure columns stay narrow; the text column gets the room.
    assert widths[0] > max(widths[1:7])


def test_the_longest_words_are_measured_with_the_font() -> None:
    """Liberation Serif when installed, else the estimate: either way "nghiệm" is wider than
    "ngh" and bold wider than regular, and the minimum holds every word of a column."""
    assert layout.text_mm("nghiệm", 11) > layout.text_mm("ngh", 11) > 0
    assert layout.text_mm("NGHIỆM", 11, bold=True) > layout.text_mm("nghiệm", 11)
    assert layout.text_mm("Kỳ này\n2021-2025", 11) == layout.text_mm("2021-2025", 11)
    least = layout.minimum_widths(["Số lỗi", "Đã nghiệm thu"], [["1.234.567", 4]], 11)
    assert least[0] >= layout.text_mm("1.234.567", 11, bold=True) + layout.CELL_PADDING_MM
    assert least[1] >= layout.text_mm("nghiệm", 11, bold=True) + layout.CELL_PADDING_MM


WORDS = ["nghiệm", "xưởng", "thường", "NGHIỆM", "Đảm", "1.234.567", "(đang", "Mức", "ướp",
         "đồng/người/tháng)", "khắc", "phục", "100,0%", "Tổng", "W", "mmm"]


@pytest.mark.skipif(layout._font(False) is None, reason="Liberation Serif is not installed")
def test_without_the_font_the_estimate_errs_on_the_wide_side(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Measured with the font, then without it: the estimate is never narrower by more than
    the air CELL_PADDING_MM adds to the cell's margins (0.7 mm: 0.18 em at 11 pt)."""
    measured = {(w, bold): layout._em(w, bold) for w in WORDS for bold in (False, True)}
    monkeypatch.setattr(layout, "FONT_FOLDERS", ())
    layout._font.cache_clear()
    layout._em.cache_clear()
    try:
        assert layout._font(False) is None
        short = {key: (em, layout._em(*key)) for key, em in measured.items()
                 if layout._em(*key) < em - 0.05}
    finally:
        layout._font.cache_clear()
        layout._em.cache_clear()
    assert short == {}


def test_a_narrow_table_stays_portrait() -> None:
    document = read(sample())
    assert len(document.sections) == 1
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert not layout.is_landscape(["a"] * layout.LANDSCAPE_ABOVE)
    assert layout.is_landscape(["a"] * (layout.LANDSCAPE_ABOVE + 1))
    widths = [c.width.mm for c in table_of(document, "Cấp").columns]
    assert sum(widths) == pytest.approx(TEXT_WIDTH_MM, abs=0.5)


def test_two_wide_tables_in_a_row_share_one_landscape_section() -> None:
    report = sample()
    wide = ReportTable("Chất lượng", QUALITY, ROWS)
    section = ReportSection(title="Chất lượng", paragraphs=["Chất lượng sản phẩm."],
                            tables=[wide, wide], key="quality")
    document = read(dataclasses.replace(report, sections=[section]))
    assert [s.orientation for s in document.sections] == [WD_ORIENT.PORTRAIT,
                                                          WD_ORIENT.LANDSCAPE,
                                                          WD_ORIENT.PORTRAIT]
    assert section_of_tables(document) == [0, 1, 1, 2]  # the signature block is portrait


def test_the_font_shrinks_before_words_break_and_never_below_nine_points() -> None:
    columns = [f"Cột {i}" for i in range(12)]
    big = layout.fit(columns, [["x", *[10**8] * 11]], LANDSCAPE_TEXT_WIDTH_MM, 11)
    assert layout.SMALLEST_SIZE <= big.size < 11
    assert all(w >= layout.text_mm("100.000.000", big.size) for w in big.widths[1:])
    huge = layout.fit(columns, [["x", *[10**18] * 11]], LANDSCAPE_TEXT_WIDTH_MM, 11)
    assert huge.size == layout.SMALLEST_SIZE
    assert sum(huge.widths) == pytest.approx(LANDSCAPE_TEXT_WIDTH_MM)


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_has_the_wide_table_on_a_landscape_page_with_its_words_whole() -> None:
    reader = PdfReader(io.BytesIO(docx_to_pdf(render_docx(wide_report()))))
    pages = [(page.mediabox.width > page.mediabox.height, page.extract_text())
             for page in reader.pages]
    landscape = [text for wide, text in pages if wide]
    assert len(landscape) == 1 and len(pages) >= 3
    assert not pages[0][0] and not pages[-1][0]
    text = landscape[0]
    caption = "Bảng 2. Chất lượng theo chủng loại sản phẩm"
    assert caption in text
    # Every word of the page is whole: a cell wraps between words only ("nghiệm" never ends
    # a line as "nghi", "1.204.000" never as "1.204."), so each word on the page is a word of
    # the caption, a header or a cell, or the page number in the header.
    number = next(i for i, (wide, _text) in enumerate(pages) if wide) + 1
    printed = [caption, *QUALITY, *(cell_text(value) for row in ROWS for value in row)]
    known = {word for phrase in printed for word in phrase.split()}
    assert set(text.split()) - known == {str(number)}
    assert {word for name in QUALITY for word in name.split()} <= set(text.split())
