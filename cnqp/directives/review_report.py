"""The report of a review conference (báo cáo sơ kết, tổng kết), built as the periodic reports'
`Report` object and rendered by the same machinery (DOCX in the layout of Decree 30/2020, PDF
from the DOCX, XLSX annex, HTML preview).

Its figures are the review's frozen rows only (`ReviewFigure`), as the reader may see them:
nothing is recomputed, so the report says what the conference judged whenever it is
downloaded, and a row of a level above the reader's clearance is neither in a table nor in
the marking. Two queries: the figures, and the directives reviewed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.figures.reporting import ReportPeriod, ReportSection, ReportTable
from cnqp.core.models import User
from cnqp.core.text import format_date, format_number
from cnqp.directives.choices import Assessment
from cnqp.directives.models import Directive, Review, ReviewFigure
from cnqp.reports.assembly import default_position, default_recipients, parent_agency
from cnqp.reports.document import Header, Report, Signature
from cnqp.reports.render.docx import render_docx


@dataclass(frozen=True)
class ReviewReport:
    """The report, and for the HTML preview the records behind each figure: `links[n]` holds,
    for table `n`, one {column index: url} per row."""

    report: Report
    links: dict[int, list[dict[int, str]]]


def years_label(start: dt.date, end: dt.date) -> str:
    """"2016-2021", "2023": the years a period spans, as a column heading prints them."""
    return str(start.year) if start.year == end.year else f"{start.year}-{end.year}"


def figure_cell(value: Decimal | None, decimals: int) -> str | int:
    """A whole figure stays an integer (numeric in the XLSX); others print with `decimals`."""
    if value is None:
        return "—"
    if value == value.to_integral_value():
        return int(value)
    return format_number(value, decimals)


def change_cell(change: Decimal | None) -> str:
    return "—" if change is None else format_number(change, 1)


def _columns(review: Review) -> list[tuple[str, str]]:
    now = years_label(review.period_start, review.period_end)
    # the years on a line of their own: the figure columns are narrow
    columns = [("no", _("Row number")), ("name", _("Indicator")), ("measure", _("Unit")),
               ("target", _("Target set")), ("value", f"{_('This period')}\n{now}")]
    if review.compare_start and review.compare_end:
        before = years_label(review.compare_start, review.compare_end)
        columns.append(("previous", f"{_('Earlier period')}\n{before}"))
    columns.append(("per_year", _("Yearly average, this period")))
    if review.compare_start and review.compare_end:
        columns += [("previous_per_year", _("Yearly average, earlier period")),
                    ("change", _("Change (%)"))]
    columns.append(("assessment", _("Assessment")))
    return columns


def _row(keys: list[str], number: int, figure: ReviewFigure) -> list[str | int]:
    cells: dict[str, str | int] = {
        "no": str(number), "name": figure.indicator_name, "measure": figure.measure,
        "target": figure.target_text,
        "value": figure_cell(figure.value, figure.decimals),
        "previous": figure_cell(figure.previous_value, figure.decimals),
        "per_year": figure_cell(_one_decimal(figure.per_year), 1),
        "previous_per_year": figure_cell(_one_decimal(figure.previous_per_year), 1),
        "change": change_cell(figure.per_year_change),
        "assessment": str(figure.get_assessment_display()),
    }
    return [cells[key] for key in keys]


def _one_decimal(value: Decimal | None) -> Decimal | None:
    """A yearly average to one decimal ("4,6"), and whole when that decimal is 0 ("5")."""
    return None if value is None else value.quantize(Decimal("0.1"))


def _grouped(figures: Iterable[ReviewFigure]) -> dict[str, dict[str, list[ReviewFigure]]]:
    """Directive number → objective → figures, in the frozen order."""
    grouped: dict[str, dict[str, list[ReviewFigure]]] = {}
    for figure in figures:
        grouped.setdefault(figure.directive_number, {}).setdefault(
            figure.item_text, []).append(figure)
    return grouped


def _tally(figures: list[ReviewFigure]) -> str:
    """"Of 6 indicators: 2 exceeded, 3 achieved, 1 not achieved.", from the frozen verdicts."""
    counts = {verdict: sum(1 for f in figures if f.assessment == verdict)
              for verdict in Assessment.values}
    parts = [f"{n} {str(Assessment(verdict).label).lower()}"
             for verdict, n in counts.items() if n]
    return _("Of %(total)s indicators: %(parts)s.") % {"total": len(figures),
                                                        "parts": ", ".join(parts)}


def _directive_title(number: str, directive: Directive | None) -> str:
    if directive is None:
        return _("Results of implementing %(number)s") % {"number": number}
    return _("Results of implementing %(kind)s %(number)s") % {
        "kind": str(directive.get_kind_display()).lower(), "number": number}


def _introduction(review: Review, directives: list[Directive]) -> str:
    reviewed = "; ".join(
        # a title reads on from the number: "Nghị quyết 195-NQ/ĐU ... về lãnh đạo ..."
        _("%(kind)s %(number)s of %(date)s of %(issuer)s %(title)s") % {
            "kind": directive.get_kind_display(), "number": directive.number,
            "date": format_date(directive.issued_on), "issuer": directive.issuer,
            "title": directive.title[:1].lower() + directive.title[1:]}
        for directive in directives)
    period = _("from %(start)s to %(end)s") % {"start": format_date(review.period_start),
                                               "end": format_date(review.period_end)}
    if review.compare_start and review.compare_end:
        period += _(", compared with the period from %(start)s to %(end)s") % {
            "start": format_date(review.compare_start), "end": format_date(review.compare_end)}
    assert review.frozen_at is not None  # only a held review has a report
    return _("Carrying out %(reviewed)s, %(unit)s reviews the results of its implementation "
             "%(period)s. The figures below are those the conference judged, taken from the "
             "records of the information system on %(frozen)s:") % {
        "reviewed": reviewed or review.title, "unit": review.owner_unit.name,
        "period": period, "frozen": format_date(review.frozen_at.date())}


def _conclusions(review: Review) -> list[ReportSection]:
    """The conference's conclusions, one paragraph a line: a section of their own, since the
    closing is a single paragraph (a line break in a justified paragraph stretches the line
    before it across the page)."""
    paragraphs = [line.strip() for line in review.conclusions.splitlines() if line.strip()]
    if not paragraphs:
        return []
    return [ReportSection(title=_("Conclusions of the conference"), paragraphs=paragraphs,
                          classification=review.classification, key="conclusions")]


def _closing(review: Review) -> str:
    return _("The above is the report of %(unit)s on the %(title)s./.") % {
        "unit": review.owner_unit.name, "title": review.title[:1].lower() + review.title[1:]}


def build_review_report(user: User, review: Review) -> ReviewReport:
    """The report of a held review as `user` may see its frozen figures."""
    if review.frozen_at is None:
        raise ValueError("a review has a report once it is held")
    figures = list(scope_queryset(ReviewFigure.objects.filter(review=review), user)
                   .order_by("position"))
    directives = list(scope_queryset(review.directives.all(), user)
                      .order_by("issued_on", "number"))
    by_number = {d.number: d for d in directives}
    columns = _columns(review)
    keys = [key for key, _label in columns]
    sections: list[ReportSection] = []
    links: dict[int, list[dict[int, str]]] = {}
    table_number = 0
    for number, objectives in _grouped(figures).items():
        tables, paragraphs, shown = [], [], []
        for item_text, rows in objectives.items():
            table_number += 1
            tables.append(ReportTable(
                title=_("Results against the indicators: %(item)s") % {"item": item_text},
                columns=[label for _key, label in columns],
                rows=[_row(keys, n, f) for n, f in enumerate(rows, 1)],
                classification=max(f.classification for f in rows)))
            links[table_number] = [
                {keys.index(key): url for key, url in (("value", f.url),
                                                       ("previous", f.previous_url))
                 if url and key in keys} for f in rows]
            shown += rows
            paragraphs += [f"{f.indicator_name}: {f.evidence}" for f in rows if f.evidence]
        sections.append(ReportSection(
            title=_directive_title(number, by_number.get(number)),
            paragraphs=[_tally(shown), *paragraphs], tables=tables,
            classification=max(review.classification, *(t.classification for t in tables)),
            key=number))
    unit = review.owner_unit
    report = Report(
        header=Header(parent_agency=parent_agency(unit).upper(), issuing_unit=unit.name.upper(),
                      number="    ", symbol=f"BC-{unit.code}", place="Hà Nội",
                      date=review.held_on, document_type="BÁO CÁO", title=review.title),
        kind=review.kind, period=ReportPeriod(review.period_start, review.period_end),
        unit_code=unit.code, introduction=[_introduction(review, directives)],
        sections=[*sections, *_conclusions(review)], closing=_closing(review),
        recipients=default_recipients(unit),
        signature=Signature(position=default_position(unit).upper()))
    return ReviewReport(report, links)


def review_docx(built: ReviewReport) -> bytes:
    """The DOCX of the periodic reports: its tables laid out by `reports.render.layout` like
    every report table (ten columns with the earlier period: landscape pages; no column
    narrower than its longest word, so the row number and the figures keep theirs)."""
    return render_docx(built.report)
