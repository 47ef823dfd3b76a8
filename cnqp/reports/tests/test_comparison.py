"""The comparison with the same period a year before: generic over the metric registry, built
for every section from the sources it read, through the whole pipeline (HTML preview, job,
DOCX, XLSX, PDF). A hand-built source and sections stand in for the apps, registered for the
test only; the research section is checked on the reports' own hand-built world."""

from __future__ import annotations

import datetime as dt
import io
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader

from cnqp.core.choices import Classification, JobStatus
from cnqp.core.figures import metrics
from cnqp.core.figures.metrics import Metric, Source
from cnqp.core.figures.reporting import ReportPeriod, ReportSection, SectionSpec
from cnqp.reports import assembly, services
from cnqp.reports.assembly import ReportSpec, build_report
from cnqp.reports.choices import ReportKind
from cnqp.reports.comparison import comparison_row, year_before
from cnqp.reports.render import layout
from cnqp.reports.render.docx import TEXT_WIDTH_MM
from cnqp.reports.render.pdf import soffice_path
from cnqp.reports.render.xlsx import sheet_name

YEAR = 2024
TITLE = "Comparison with the same period of the previous year"
HIDING = "research.change_researchproject"  # leadership reads everything, changes nothing


@dataclass(frozen=True)
class Output:
    """The hand-built source's result."""

    start: dt.date
    end: dt.date
    made: int = 0
    lost: int = 0
    fixed: int = 0
    rate: float = 0.0
    secret_count: int = 0
    quiet: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    classification: int = 0


FIGURES: dict[int, dict[str, Any]] = {  # by the year the period ends in
    YEAR: {"made": 1050, "lost": 3, "fixed": 8, "rate": 97.5, "secret_count": 5, "quiet": 9,
           "rows": {"a": 600, "b": 450}, "classification": Classification.UNCLASSIFIED},
    YEAR - 1: {"made": 1000, "lost": 0, "fixed": 10, "rate": 95.0, "secret_count": 4,
               "quiet": 7, "rows": {"a": 500, "b": 500}, "classification": Classification.SECRET},
}


@dataclass
class Fake:
    calls: list[ReportPeriod]
    leader: Any  # sees every unit, may not read the metric behind HIDING
    admin: Any


def section_module(key: str, order: int, reads: int) -> types.ModuleType:
    """A report.py whose section reads the source `reads` times (0: none)."""
    module = types.ModuleType(f"cnqp.fake_{key}.report")
    module.SECTION = SectionSpec(key=key, title=f"Mục {key}", order=order)

    def build_section(user: Any, period: ReportPeriod, unit: Any) -> ReportSection:
        made = [metrics.read("cmp", user, period, unit).made for _ in range(reads)]
        return ReportSection(title=f"Mục {key}", paragraphs=[f"Sản xuất {made}"], key=key)

    module.build_section = build_section
    return module


@pytest.fixture
def fake(monkeypatch: Any, org: Any, make_user: Any, media: Any) -> Fake:
    calls: list[ReportPeriod] = []

    def compute(user: Any, period: ReportPeriod, unit: Any) -> Output:
        calls.append(period)
        return Output(period.start, period.end, **FIGURES.get(period.end.year, {}))

    metrics.sources()  # the real registry found first: the test's copies hold it
    monkeypatch.setattr(metrics, "_sources", dict(metrics._sources))
    monkeypatch.setattr(metrics, "_metrics", dict(metrics._metrics))
    metrics.register_source(Source("cmp", compute, Output))
    metrics.register(
        Metric("cmp.made", "cmp", "made", "Sản phẩm làm ra", "chiếc"),
        Metric("cmp.lost", "cmp", "lost", "Sản phẩm hỏng", "chiếc", better="lower"),
        Metric("cmp.fixed", "cmp", "fixed", "Sản phẩm sửa", "chiếc"),
        Metric("cmp.rate", "cmp", "rate", "Tỷ lệ đạt", "%", decimals=1),
        Metric("cmp.secret_count", "cmp", "secret_count", "Chỉ tiêu hạn chế", "lần",
               permission=HIDING),
        Metric("cmp.quiet", "cmp", "quiet", "Không so sánh", "lần", compared=False),
        Metric("cmp.rows.*", "cmp", "rows.*", "Theo dòng", "chiếc"),
    )
    monkeypatch.setattr(assembly, "app_modules", lambda name: [
        ("research", section_module("cmp", 1, reads=2)),
        ("research", section_module("cmp_again", 2, reads=1)),
        ("research", section_module("cmp_none", 3, reads=0))])
    return Fake(calls, make_user(["leadership"], org.root, Classification.SECRET,
                                 username="lanhdao"),
                make_user(["admin"], org.root, Classification.SECRET, username="quantri"))


def spec(kind: str = ReportKind.ANNUAL, period: ReportPeriod | None = None,
         sections: tuple[str, ...] = ("cmp",)) -> ReportSpec:
    return ReportSpec(kind=kind, period=period or ReportPeriod.annual(YEAR), unit=None,
                      sections=list(sections), number="07", date=dt.date(YEAR + 1, 1, 5))


def comparison(section: ReportSection) -> Any:
    found = [t for t in section.tables if t.title == _(TITLE)]
    return found[0] if found else None


MADE = ["Sản phẩm làm ra", "chiếc", 1050, 1000, 50, "105,0"]
LOST = ["Sản phẩm hỏng", "chiếc", 3, 0, 3, "—"]  # nothing the year before: no ratio
FIXED = ["Sản phẩm sửa", "chiếc", 8, 10, -2, "80,0"]
RATE = ["Tỷ lệ đạt", "%", "97,5", "95,0", "2,5", "102,6"]
SECRET_COUNT = ["Chỉ tiêu hạn chế", "lần", 5, 4, 1, "125,0"]


# --- the period a year before -------------------------------------------------------------------


@pytest.mark.parametrize(("period", "expected"), [
    (ReportPeriod.annual(2024), ReportPeriod.annual(2023)),
    (ReportPeriod.half_year(2024), ReportPeriod.half_year(2023)),
    # 29 February becomes 28; a period ending on February's last day ends on it a year before
    (ReportPeriod(dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
     ReportPeriod(dt.date(2023, 2, 1), dt.date(2023, 2, 28))),
    (ReportPeriod(dt.date(2025, 1, 1), dt.date(2025, 2, 28)),
     ReportPeriod(dt.date(2024, 1, 1), dt.date(2024, 2, 29))),
    # starting on 29 February: 1 March, so that 1-28/02 and 29/02-31/03 still abut
    (ReportPeriod(dt.date(2024, 2, 29), dt.date(2024, 3, 31)),
     ReportPeriod(dt.date(2023, 3, 1), dt.date(2023, 3, 31))),
    (ReportPeriod(dt.date(2024, 4, 1), dt.date(2025, 3, 31)),
     ReportPeriod(dt.date(2023, 4, 1), dt.date(2024, 3, 31))),
    # longer than a year: the year before would overlap it
    (ReportPeriod(dt.date(2023, 1, 1), dt.date(2024, 1, 1)), None),
    (ReportPeriod(dt.date(2021, 1, 1), dt.date(2024, 12, 31)), None),
], ids=["annual", "half-year", "leap-february", "to-leap-february", "from-29-february",
        "twelve-months", "a-day-over", "four-years"])
def test_the_same_period_a_year_before(period: ReportPeriod,
                                       expected: ReportPeriod | None) -> None:
    assert year_before(period) == expected


def test_a_row_with_a_missing_value_has_no_change() -> None:
    metric = Metric("cmp.made", "cmp", "made", "Sản phẩm làm ra", "chiếc")
    assert comparison_row(metric, 7, None) == ["Sản phẩm làm ra", "chiếc", 7, "—", "—", "—"]


# --- the table ----------------------------------------------------------------------------------


def test_values_change_and_percentage(fake: Fake) -> None:
    report = build_report(fake.admin, spec())
    table = comparison(report.sections[0])
    assert table.columns == [_("Figure"), _("Unit of measure"), _("Reporting period"),
                             _("Same period of the previous year"),
                             _("Increase (+), decrease (-)"), _("Ratio (%)")]
    # In the order of the source's figures; not the figure left out of the comparison, nor
    # the breakdown.
    assert table.rows == [MADE, LOST, FIXED, RATE, SECRET_COUNT]
    # The year before counted a secret record: the table, its section and the report say so.
    assert table.classification == Classification.SECRET
    assert report.sections[0].classification == Classification.SECRET
    assert report.marking == "TỐI MẬT"
    assert report.sections[0].paragraphs == ["Sản xuất [1050, 1050]"]  # the section as built


def test_a_metric_the_user_may_not_read_is_left_out(fake: Fake) -> None:
    assert not fake.leader.has_perm(HIDING) and fake.admin.has_perm(HIDING)
    table = comparison(build_report(fake.leader, spec()).sections[0])
    assert table.rows == [MADE, LOST, FIXED, RATE]


def test_each_source_is_computed_once_per_period(fake: Fake) -> None:
    """Three sections, two reading the source (one twice): the period and the year before,
    once each; the figures are compared in the first section that read them."""
    report = build_report(fake.admin, spec(sections=("cmp", "cmp_again", "cmp_none")))
    assert fake.calls == [ReportPeriod.annual(YEAR), ReportPeriod.annual(YEAR - 1)]
    assert [comparison(s) is not None for s in report.sections] == [True, False, False]
    assert [len(s.tables) for s in report.sections] == [1, 0, 0]
    # Alone, the second section compares them itself.
    fake.calls.clear()
    alone = build_report(fake.admin, spec(sections=("cmp_again",)))
    assert comparison(alone.sections[0]).rows[0] == MADE
    assert fake.calls == [ReportPeriod.annual(YEAR), ReportPeriod.annual(YEAR - 1)]


def test_a_half_year_is_compared_with_the_first_half_of_the_year_before(fake: Fake) -> None:
    report = build_report(fake.admin, spec(ReportKind.HALF_YEAR, ReportPeriod.half_year(YEAR)))
    assert fake.calls == [ReportPeriod.half_year(YEAR), ReportPeriod.half_year(YEAR - 1)]
    assert comparison(report.sections[0]).rows[0] == MADE


def test_a_custom_period_is_compared_with_the_same_days_unless_longer_than_a_year(
        fake: Fake) -> None:
    february = ReportPeriod(dt.date(YEAR, 2, 1), dt.date(YEAR, 2, 29))
    report = build_report(fake.admin, spec(ReportKind.CUSTOM, february))
    assert fake.calls == [february, ReportPeriod(dt.date(YEAR - 1, 2, 1),
                                                 dt.date(YEAR - 1, 2, 28))]
    assert comparison(report.sections[0]).rows[0] == MADE
    fake.calls.clear()
    long = ReportPeriod(dt.date(YEAR - 2, 1, 1), dt.date(YEAR, 12, 31))
    report = build_report(fake.admin, spec(ReportKind.CUSTOM, long))
    assert fake.calls == [long] and report.sections[0].tables == []


def test_a_column_widens_to_its_longest_figure() -> None:
    """A figure is not broken over two lines: its column is at least as wide as it, and the
    room comes from the others; a figure too wide for the page shrinks the table's font."""
    columns = ["Chỉ tiêu", "Đơn vị tính", "Kỳ báo cáo", "Cùng kỳ năm trước",
               "Tăng (+), giảm (-)", "Tỷ lệ (%)"]
    rows: list[list[str | int]] = [
        ["Lợi ích", "đồng", 14_840_000_000, 16_054_000_000, -1_214_000_000, "92,4"],
        ["Thực hiện", "đề tài", 150, 142, 8, "105,6"]]
    fitted = layout.fit(columns, rows, TEXT_WIDTH_MM, 12)
    assert fitted.size == 12 and sum(fitted.widths) == pytest.approx(TEXT_WIDTH_MM)
    assert min(fitted.widths[2:5]) > 30  # 14.840.000.000 at 12 pt: about 27 mm, and margins
    short = layout.fit(columns, rows[1:], TEXT_WIDTH_MM, 12)
    assert short.widths[2] < fitted.widths[2] - 5
    # More wide figures than the page holds at 12 pt: a smaller font, not broken figures.
    crowded = layout.fit(columns, [["x", "đồng", *[10**12] * 4]], TEXT_WIDTH_MM, 12)
    assert 9 <= crowded.size < 12
    assert all(w >= layout.text_mm("1.000.000.000.000", crowded.size)
               for w in crowded.widths[2:])


# --- through the pipeline -----------------------------------------------------------------------


def docx_table(document: Any, caption: str) -> list[list[str]]:
    """The cells of the table right after the caption `caption` ("Bảng N. title")."""
    captions = [p for p in document.paragraphs if p.text == caption]
    assert captions, caption
    after = captions[0]._p.getnext()
    table = next(t for t in document.tables if t._tbl is after)
    # A row whose cells wrap is never split across two pages.
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows[1:])
    return [[cell.text for cell in row.cells] for row in table.rows]


def stored(report: Any, fmt: str) -> Path:
    path = services.file_of(report, fmt)
    assert path is not None, fmt
    return path


def test_the_job_writes_the_comparison_into_docx_xlsx_and_pdf(fake: Fake) -> None:
    formats = ["docx", "xlsx", "pdf"] if soffice_path() else ["docx", "xlsx"]
    report = services.start_generation(fake.admin, spec(), formats)
    report.refresh_from_db()
    job = report.job
    assert job is not None and job.status == JobStatus.DONE, job.error if job else None
    assert report.classification == Classification.SECRET  # the year before's level
    kept = report.content["sections"][0]["tables"]
    assert [t["title"] for t in kept] == [_(TITLE)]
    document = Document(io.BytesIO(stored(report, "docx").read_bytes()))
    cells = docx_table(document, f"Bảng 1. {_(TITLE)}")
    assert cells[0][0] == _("Figure")
    assert cells[1:] == [
        ["Sản phẩm làm ra", "chiếc", "1.050", "1.000", "50", "105,0"],
        ["Sản phẩm hỏng", "chiếc", "3", "0", "3", "—"],
        ["Sản phẩm sửa", "chiếc", "8", "10", "-2", "80,0"],
        ["Tỷ lệ đạt", "%", "97,5", "95,0", "2,5", "102,6"],
        ["Chỉ tiêu hạn chế", "lần", "5", "4", "1", "125,0"]]
    sheet = load_workbook(stored(report, "xlsx"))[sheet_name(1, _(TITLE), set())]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert ["Sản phẩm làm ra", "chiếc", 1050, 1000, 50, "105,0"] in values  # numbers numeric
    if "pdf" in formats:
        text = "".join(page.extract_text() for page in
                       PdfReader(stored(report, "pdf")).pages)
        assert "1.050" in text and "105,0" in text and "80,0" in text


def test_the_preview_shows_the_comparison(fake: Fake, client_for: Any) -> None:
    fields = {"kind": "annual", "year": YEAR, "sections": ["cmp"], "formats": ["docx"],
              "date": "05/01/2025", "place": "Hà Nội", "signer_position": "CHỦ NHIỆM"}
    page = client_for(fake.admin).get(reverse("reports:preview"), fields)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Bảng 1. {_(TITLE)}" in html
    assert '<td class="num">1.050</td><td class="num">1.000</td><td class="num">50</td>' \
           '<td class="num">105,0</td>' in html


# --- a real section -----------------------------------------------------------------------------


def test_the_research_section_compares_its_registered_figures(rw: Any) -> None:
    from cnqp.research.report import research_figures

    report = build_report(rw.admin, ReportSpec(
        kind=ReportKind.ANNUAL, period=ReportPeriod.annual(YEAR), unit=None,
        sections=["research"], number="01", date=dt.date(YEAR + 1, 1, 5)))
    research = report.sections[0]
    table = comparison(research)
    assert table is research.tables[-1]
    now = research_figures(rw.admin, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    before = research_figures(rw.admin, dt.date(YEAR - 1, 1, 1), dt.date(YEAR - 1, 12, 31))
    compared = [m for m in metrics.metrics().values()
                if m.source == "research" and m.compared and not m.is_breakdown]
    assert len(table.rows) == len(compared) > 10
    by_label = {row[0]: row for row in table.rows}
    for metric in compared:
        row = by_label[str(metric.label)]
        value, previous = getattr(now, metric.path), getattr(before, metric.path)
        assert row[2:5] == [value, previous, value - previous], metric.key
    assert by_label[str(metrics.metric("research.opened").label)][2:] == [3, 0, 3, "—"]
    assert table.classification == Classification.SECRET  # Z113's secret project
