"""The report of a held review: built from its frozen figures only, as the reader may see
them (a secret figure is neither in a lower reader's tables nor in the marking), offered once
the review is held, and downloaded with an audit entry."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from cnqp.core.choices import AuditAction, Classification
from cnqp.core.models import AuditEntry
from cnqp.directives import choices
from cnqp.directives.factories import (
    DirectiveFactory,
    DirectiveItemFactory,
    IndicatorFactory,
    ReviewFactory,
    ReviewFigureFactory,
)
from cnqp.directives.review_report import build_review_report, figure_cell, review_docx
from cnqp.reports.render import layout
from cnqp.reports.render.docx import LANDSCAPE_TEXT_WIDTH_MM

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(org: Any) -> Any:
    """A review of 195-NQ/ĐU held by the directorate, 2016-2021 against 2011-2015: two bound
    indicators of objective (1), one of them secret, and a qualitative one of objective (2)."""
    directive = DirectiveFactory(number="195-NQ/ĐU", owner_unit=org.root,
                                 title="Về lãnh đạo công tác khoa học công nghệ")
    first = DirectiveItemFactory(directive=directive, ordinal="(1)", text="Đổi mới KHCN")
    second = DirectiveItemFactory(directive=directive, ordinal="(2)", text="Nâng cao chất lượng")
    review: Any = ReviewFactory(owner_unit=org.root, status=choices.ReviewStatus.FROZEN,
                           frozen_at=timezone.now(),
                           title="Sơ kết 5 năm thực hiện Nghị quyết 195-NQ/ĐU",
                           period_start=dt.date(2016, 1, 1),
                           conclusions="Hội nghị thống nhất tiếp tục thực hiện Nghị quyết")
    review.directives.add(directive)
    common = {"review": review, "directive_number": directive.number}
    accepted = ReviewFigureFactory(
        **common, indicator=IndicatorFactory(item=first), position=1, item_text=str(first),
        indicator_name="Số đề tài được nghiệm thu", target_text="≥ 20 đề tài",
        value=Decimal(23), previous_value=Decimal(15), years=Decimal("6.00"),
        previous_years=Decimal("5.00"), assessment=choices.Assessment.EXCEEDED,
        url="/research/projects/?accepted=2016-2021", previous_url="/research/projects/?old=1")
    secret = ReviewFigureFactory(
        **common, indicator=IndicatorFactory(item=first, metric_key="research.applied"),
        position=2, item_text=str(first), indicator_name="Số đề tài được áp dụng",
        target_text="≥ 777 đề tài", value=Decimal(812), previous_value=Decimal(640),
        years=Decimal("6.00"), previous_years=Decimal("5.00"),
        classification=Classification.SECRET)
    qualitative = ReviewFigureFactory(
        **common, indicator=IndicatorFactory(item=second, metric_key="",
                                             target_kind=choices.TargetKind.QUALITATIVE),
        position=3, item_text=str(second), indicator_name="Chất lượng sản phẩm",
        metric_key="", measure="", target_kind=choices.TargetKind.QUALITATIVE,
        target_text="Nâng lên rõ rệt", value=None, previous_value=None, years=Decimal("6.00"),
        assessment=choices.Assessment.ACHIEVED, evidence="Tỷ lệ sản phẩm đạt loại 1 tăng")
    return {"review": review, "accepted": accepted, "secret": secret,
            "qualitative": qualitative}


def docx_text(data: bytes) -> tuple[str, list[list[list[str]]]]:
    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = [[[cell.text for cell in row.cells] for row in table.rows]
              for table in document.tables]
    return text, tables


def test_the_docx_holds_each_bound_indicator_target_and_both_periods(
        held: Any, make_user: Any, org: Any) -> None:
    reader = make_user(["leadership"], org.root, Classification.SECRET)
    built = build_review_report(reader, held["review"])
    text, tables = docx_text(review_docx(built))
    assert "Sơ kết 5 năm thực hiện Nghị quyết 195-NQ/ĐU" in text
    assert "Số:     /BC-TCCNQP" in tables[0][0][0]  # the number left for the clerk
    figures = tables[1:-1]  # between the heading block and the signature block
    assert len(figures) == 2  # one table per objective
    header, *rows = figures[0]
    assert len(header) == 10 and "2016-2021" in header[4] and "2011-2015" in header[5]
    by_name = {row[1]: row for row in rows}
    accepted = by_name["Số đề tài được nghiệm thu"]
    assert accepted[3:9] == ["≥ 20 đề tài", "23", "15", "3,8", "3", "27,8"]
    applied = by_name["Số đề tài được áp dụng"]
    assert applied[3:6] == ["≥ 777 đề tài", "812", "640"]
    # the qualitative indicator: no figure, its evidence in the text, its verdict in the row
    (quality,) = figures[1][1:]
    assert quality[4] == "—" and "Tỷ lệ sản phẩm đạt loại 1 tăng" in text
    assert built.report.marking == "TỐI MẬT" and "TỐI MẬT" in "".join(tables[0][0])
    # the conclusions close the report, before the closing line and the signature
    assert text.index("Hội nghị thống nhất tiếp tục thực hiện Nghị quyết") > text.index("(2)")
    assert text.rstrip().endswith("./.")


def test_the_ten_column_tables_are_laid_out_on_landscape_pages(
        held: Any, make_user: Any, org: Any) -> None:
    """With the earlier period the figure tables have ten columns: landscape pages, and the
    widths of the reports' layout (no column narrower than its longest word)."""
    reader = make_user(["leadership"], org.root, Classification.SECRET)
    document = Document(io.BytesIO(review_docx(build_review_report(reader, held["review"]))))
    assert [round(s.page_width.mm) for s in document.sections] == [210, 297, 210]
    table = document.tables[1]
    size = table.rows[0].cells[0].paragraphs[0].runs[0].font.size.pt
    widths = [column.width.mm for column in table.columns]
    assert sum(widths) == pytest.approx(LANDSCAPE_TEXT_WIDTH_MM, abs=0.5)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            assert width >= layout.longest_word_mm(cell.text, size, bold=True), cell.text


def test_the_report_never_recomputes(held: Any, make_user: Any, org: Any,
                                     monkeypatch: Any) -> None:
    """Nothing but the frozen rows: the metric registry is not asked."""
    from cnqp.core.figures import metrics

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the report recomputed a figure")

    monkeypatch.setattr(metrics, "measure", refuse, raising=False)
    monkeypatch.setattr(metrics, "metrics", refuse)
    reader = make_user(["leadership"], org.root, Classification.SECRET)
    assert build_review_report(reader, held["review"]).report.tables()


def test_a_lower_clearance_sees_neither_the_secret_row_nor_its_figures(
        held: Any, make_user: Any, org: Any, client_for: Any) -> None:
    low = make_user(["leadership"], org.root, Classification.UNCLASSIFIED)
    built = build_review_report(low, held["review"])
    assert built.report.classification == 0 and built.report.marking == ""
    text, tables = docx_text(review_docx(built))
    cells = "\n".join(c for table in tables for row in table for c in row)
    assert "Số đề tài được nghiệm thu" in cells
    for hidden in ("Số đề tài được áp dụng", "812", "640", "≥ 777"):
        assert hidden not in cells and hidden not in text
    page = client_for(low).get(reverse("directives:reviews-detail", args=[held["review"].pk]))
    assert b"812" not in page.content
    workbook = load_workbook(io.BytesIO(
        b"".join(client_for(low).get(reverse("directives:review-report-file",
                                             args=[held["review"].pk, "xlsx"])
                                     ).streaming_content)))
    values = {str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row}
    assert "Số đề tài được nghiệm thu" in values and "812" not in values


def test_a_draft_review_has_no_report(org: Any, make_user: Any, client_for: Any) -> None:
    draft: Any = ReviewFactory(owner_unit=org.root)
    client = client_for(make_user(["admin"], org.root))
    for answer in (client.get(reverse("directives:review-report", args=[draft.pk])),
                   client.get(reverse("directives:review-report-file", args=[draft.pk, "docx"]))):
        assert answer.status_code == 404
    page = client.get(reverse("directives:reviews-detail", args=[draft.pk]))
    assert page.status_code == 200 and page.context["report_links"] == []
    with pytest.raises(ValueError):
        build_review_report(make_user(["admin"], org.root), draft)


def test_another_unit_gets_no_report(held: Any, make_user: Any, org: Any,
                                     client_for: Any) -> None:
    other = make_user(["enterprise_staff"], org.enterprise_b)
    url = reverse("directives:review-report-file", args=[held["review"].pk, "docx"])
    # a directorate review binds the units under it: they read it, but not another's review
    review: Any = ReviewFactory(owner_unit=org.enterprise_a, status=choices.ReviewStatus.FROZEN,
                           frozen_at=timezone.now())
    assert client_for(other).get(url).status_code == 200
    assert client_for(other).get(reverse("directives:review-report-file",
                                         args=[review.pk, "docx"])).status_code == 404


def test_downloads_are_audited_with_the_report_level(held: Any, make_user: Any, org: Any,
                                                     client_for: Any) -> None:
    reader = make_user(["leadership"], org.root, Classification.SECRET)
    client = client_for(reader)
    review = held["review"]
    page = client.get(reverse("directives:reviews-detail", args=[review.pk]))
    labels = [label for label, _url in page.context["report_links"]]
    assert labels[1:] == ["DOCX", "PDF", "XLSX"]
    answer = client.get(reverse("directives:review-report-file", args=[review.pk, "docx"]))
    assert answer.status_code == 200 and b"".join(answer.streaming_content)[:2] == b"PK"
    assert answer["Content-Disposition"].endswith('BC-TCCNQP-20220315.docx"')
    entry = AuditEntry.objects.get(action=AuditAction.DOWNLOAD)
    assert entry.object_id == str(review.pk) and entry.changes["report"] == "docx"
    assert entry.classification == Classification.SECRET and entry.actor == reader
    assert client.get(reverse("directives:review-report-file", args=[review.pk, "odt"])
                      ).status_code == 404
    assert AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).count() == 1


def test_the_preview_links_each_figure_to_the_records_it_counted(
        held: Any, make_user: Any, org: Any, client_for: Any) -> None:
    reader = make_user(["leadership"], org.root, Classification.SECRET)
    answer = client_for(reader).get(reverse("directives:review-report",
                                            args=[held["review"].pk]))
    assert answer.status_code == 200
    html = answer.content.decode()
    assert '<a href="/research/projects/?accepted=2016-2021" data-counted>23</a>' in html
    assert '<a href="/research/projects/?old=1" data-counted>15</a>' in html
    assert 'id="report-marking">TỐI MẬT<' in html
    # a classified preview is a read of the classified figures
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(
        held["review"].pk), classification=Classification.SECRET).exists()


def test_figures_print_the_vietnamese_way() -> None:
    assert figure_cell(Decimal("1234"), 0) == 1234
    assert figure_cell(Decimal("4.6"), 1) == "4,6"
    assert figure_cell(None, 0) == "—"
