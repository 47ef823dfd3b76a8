"""The files: the DOCX read back with python-docx (layout values of Decree 30/2020), the
XLSX annex, the PDF (one LibreOffice conversion: slow), and the secrecy marking."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook
from pypdf import PdfReader

from cnqp.core.choices import Classification
from cnqp.core.figures.reporting import ReportChart, ReportPeriod, ReportSection, ReportTable
from cnqp.reports.document import Header, Report, Signature
from cnqp.reports.render.docx import render_docx
from cnqp.reports.render.pdf import docx_to_pdf
from cnqp.reports.render.xlsx import SHEET_NAME_LIMIT, render_xlsx


def sample(level: int = 0, table_level: int = 0) -> Report:
    section = ReportSection(
        title="Khoa học và công nghệ",
        paragraphs=["Thực hiện 150 đề tài, nhiệm vụ KHCN các cấp (16 cấp quốc gia, 52 cấp Bộ "
                    "Quốc phòng, 82 cấp Tổng cục); đã đánh giá, nghiệm thu 32 đề tài."],
        tables=[ReportTable("Đề tài, nhiệm vụ theo cấp và theo từng giai đoạn của năm báo cáo",
                            ["Cấp", "Đang thực hiện", "Nghiệm thu"],
                            [["Cấp quốc gia", 16, 5], ["Cấp Bộ Quốc phòng", 1234, 27],
                             ["Tổng cộng", 1250, 32]], classification=table_level)],
        charts=[ReportChart("Đề tài theo cấp", "bar", ["Quốc gia", "Bộ"], [("Số đề tài",
                                                                              [16, 52])])],
        classification=level, key="research")
    second = ReportSection(title="Sản xuất, sửa chữa", paragraphs=["Hoàn thành 91/91."],
                           tables=[ReportTable("Kiểm tra theo công đoạn", ["Công đoạn", "Đạt"],
                                               [["Nghiệm thu", 91]])], key="production")
    return Report(
        header=Header("BỘ QUỐC PHÒNG", "TỔNG CỤC CÔNG NGHIỆP QUỐC PHÒNG", "05", "BC-TCCNQP",
                      "Hà Nội", dt.date(2024, 1, 5), "BÁO CÁO", "Tổng kết công tác năm 2023"),
        kind="annual", period=ReportPeriod.annual(2023), unit_code="",
        introduction=["Tổng cục Công nghiệp quốc phòng báo cáo kết quả công tác năm 2023:"],
        sections=[section, second], closing="Trên đây là báo cáo./.",
        recipients=["Bộ Quốc phòng (để báo cáo)", "Các cơ quan, đơn vị", "Lưu: VT, TCCNQP"],
        signature=Signature("KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM", "Trần Văn Minh"))


def texts(document: Any) -> list[str]:
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found.extend(p.text for p in cell.paragraphs)
    return found


def all_runs(document: Any) -> list[Any]:
    runs = [r for p in document.paragraphs for r in p.runs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                runs.extend(r for p in cell.paragraphs for r in p.runs)
    return runs


def find(document: Any, text: str) -> Any:
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    if paragraph.text == text:
                        return paragraph
    return next(p for p in document.paragraphs if p.text == text)


def test_docx_page_margins_fonts_and_heading() -> None:
    document = Document(io.BytesIO(render_docx(sample())))
    section = document.sections[0]
    # Stored in twentieths of a point: compare in whole millimetres.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25
    assert 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35
    assert 15 <= round(section.right_margin.mm) <= 20
    assert document.styles["Normal"].font.name == "Times New Roman"
    runs = [r for r in all_runs(document) if r.text]
    assert runs and all(r.font.name == "Times New Roman" for r in runs)
    fonts = runs[0]._element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:cs")) == "Times New Roman"

    heading = find(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert heading.runs[0].bold and Pt(12) <= heading.runs[0].font.size <= Pt(13)
    motto = find(document, "Độc lập - Tự do - Hạnh phúc")
    assert motto.runs[0].bold and motto.runs[0].underline
    assert Pt(13) <= motto.runs[0].font.size <= Pt(14)
    place = find(document, "Hà Nội, ngày 05 tháng 01 năm 2024")
    assert place.runs[0].italic
    assert find(document, "Số: 05/BC-TCCNQP").runs[0].font.size == Pt(13)
    unit = find(document, "TỔNG CỤC CÔNG NGHIỆP QUỐC PHÒNG")
    assert unit.runs[0].bold
    assert find(document, "BỘ QUỐC PHÒNG").runs[0].bold is False
    assert find(document, "BÁO CÁO").runs[0].bold
    assert find(document, "Tổng kết công tác năm 2023").runs[0].bold


def test_docx_body_recipients_signature_and_page_numbers() -> None:
    document = Document(io.BytesIO(render_docx(sample())))
    body = next(p for p in document.paragraphs if p.text.startswith("Thực hiện 150"))
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert 10 <= round(body.paragraph_format.first_line_indent.mm, 1) <= 12.7
    assert Pt(13) <= body.runs[0].font.size <= Pt(14)
    assert "I. KHOA HỌC VÀ CÔNG NGHỆ" in texts(document)
    assert "II. SẢN XUẤT, SỬA CHỮA" in texts(document)
    assert "Bảng 1. Đề tài, nhiệm vụ theo cấp và theo từng giai đoạn của năm báo cáo" in \
        texts(document)
    assert "Biểu đồ 1. Đề tài theo cấp" in texts(document)
    assert len(document.inline_shapes) == 1
    figures = document.tables[1]  # the heading block is table 0
    assert [c.text for c in figures.rows[2].cells] == ["Cấp Bộ Quốc phòng", "1.234", "27"]
    label = find(document, "Nơi nhận:")
    assert label.runs[0].bold and label.runs[0].italic
    all_text = texts(document)
    assert "- Bộ Quốc phòng (để báo cáo);" in all_text and "- Lưu: VT, TCCNQP." in all_text
    assert "KT. CHỦ NHIỆM" in all_text and "PHÓ CHỦ NHIỆM" in all_text
    assert find(document, "Trần Văn Minh").runs[0].bold
    # Page numbers from page 2: a PAGE field in the header, the first page's header empty.
    section = document.sections[0]
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and 'w:fldCharType="begin"' in header_xml
    assert not section.first_page_header.paragraphs[0].text


@pytest.mark.parametrize(("level", "table_level", "marking"), [
    (0, 0, None), (Classification.CONFIDENTIAL, 0, "MẬT"),
    (0, Classification.SECRET, "TỐI MẬT"), (Classification.TOP_SECRET, 0, "TUYỆT MẬT")])
def test_secrecy_marking_exactly_when_something_classified_is_included(
        level: int, table_level: int, marking: str | None) -> None:
    report = sample(level, table_level)
    assert report.marking == (marking or "")
    document = Document(io.BytesIO(render_docx(report)))
    found = [t for t in texts(document) if t in ("MẬT", "TỐI MẬT", "TUYỆT MẬT")]
    assert found == ([marking] if marking else [])
    if marking:
        paragraph = find(document, marking)
        assert paragraph.runs[0].bold
        borders = paragraph._p.pPr.find(qn("w:pBdr"))
        assert {child.tag.split("}")[1] for child in borders} == {"top", "left", "bottom",
                                                                  "right"}


def test_xlsx_annex_holds_every_table() -> None:
    report = sample(0, Classification.SECRET)
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    assert len(book.sheetnames) == 1 + len(report.tables())
    assert all(len(name) <= SHEET_NAME_LIMIT for name in book.sheetnames)
    first = book[book.sheetnames[1]]
    rows = list(first.iter_rows(values_only=True))
    assert rows[0][0] == "TỐI MẬT"  # the classified table's sheet carries its marking
    header = next(i for i, r in enumerate(rows) if r[0] == "Cấp")
    assert rows[header + 2] == ("Cấp Bộ Quốc phòng", 1234, 27)
    assert isinstance(rows[header + 2][1], int)
    assert first.cell(header + 1, 1).font.bold
    second = book[book.sheetnames[2]]
    assert next(second.iter_rows(values_only=True))[0] == "Bảng 2. Kiểm tra theo công đoạn"


def test_pdf_renders_with_the_heading_and_the_figures() -> None:
    pdf = docx_to_pdf(render_docx(sample(Classification.CONFIDENTIAL)))
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: 05/BC-TCCNQP" in text and "MẬT" in text
    assert "150 đề tài" in text and "1.234" in text and "91/91" in text
    box = reader.pages[0].mediabox
    assert round(float(box.width) * 25.4 / 72) == 210
    assert round(float(box.height) * 25.4 / 72) == 297
