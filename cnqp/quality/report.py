"""The quality section of the periodic reports (the contract: cnqp/core/reporting.py).

Figures from `figures.quality_figures` (computed in the database over the records the reader
may see; definitions in docs/quality-figures.md), phrased as the directorate's reports put
it: the system "từ khâu thiết kế, sản xuất đến khâu sử dụng tại đơn vị", defects traced to the
stages of design, technology, materials and acceptance, and fixed.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.figures.reporting import (
    ReportChart,
    ReportPeriod,
    ReportSection,
    ReportTable,
    SectionSpec,
)
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import format_date, format_number
from cnqp.quality.choices import RootCauseStage
from cnqp.quality.figures import (
    UNDETERMINED,
    FigureRow,
    QualityFigures,
    quality_figures,
    usage_label,
)
from cnqp.quality.selectors import Period

SECTION = SectionSpec(key="quality", title=gettext_lazy("Product quality"), order=40)


def stage_label(stage: str) -> str:
    return _("Not yet determined") if stage == UNDETERMINED else str(RootCauseStage(stage).label)


def rate_text(value: float | None) -> str:
    return "—" if value is None else format_number(value, 1)


def usage_text(row: FigureRow) -> str:
    return "; ".join(f"{format_number(mean, 1)} {usage_label(unit)}"
                     for unit, mean in row.mean_usage) or "—"


def _row(label: str, row: FigureRow) -> list[str | int]:
    c = row.counts
    return [label, c["inspected"], f"{rate_text(row.pass_rate)}%" if row.pass_rate is not None
            else "—", c["delivered"], c["defects"], rate_text(row.per_thousand), c["failures"],
            usage_text(row), c["nc_open"], c["nc_closed"], c["fixed"], c["overdue_actions"]]


def columns(first: str) -> list[str]:
    return [first, _("Final acceptances"), _("Pass rate"), _("Delivered (in service)"),
            _("Defective serials"), _("Defects per 1,000 delivered"), _("Field reports"),
            _("Mean use before failure"), _("Non-conformances open"),
            _("Non-conformances closed"), _("Defects in use fixed"), _("Overdue actions")]


def render_section(figures: QualityFigures) -> ReportSection:
    n = format_number
    t = figures.total
    c = t.counts
    period = figures.period
    headline = _(
        "From %(start)s to %(end)s: %(passed)s of %(inspected)s final acceptances passed "
        "(%(rate)s%%); of %(delivered)s serial units in service, %(defects)s were reported "
        "defective (%(per)s per 1,000 delivered) in %(reports)s field reports; mean use before "
        "failure: %(usage)s.") % {
        "start": format_date(period.start), "end": format_date(period.end),
        "passed": n(c["passed"]), "inspected": n(c["inspected"]), "rate": rate_text(t.pass_rate),
        "delivered": n(c["delivered"]), "defects": n(c["defects"]),
        "per": rate_text(t.per_thousand), "reports": n(c["failures"]), "usage": usage_text(t)}
    by_stage = ", ".join(f"{stage_label(s.stage).lower()} {n(s.closed)}"
                         for s in figures.stages if s.closed)
    defects = _(
        "Non-conformances traced to their stage: %(closed)s closed in the period%(stages)s, "
        "%(open)s still open at its end; %(fixed)s defects found in use were fixed; "
        "%(overdue)s corrective actions are overdue.") % {
        "closed": n(c["nc_closed"]), "stages": f" ({by_stage})" if by_stage else "",
        "open": n(c["nc_open"]), "fixed": n(c["fixed"]), "overdue": n(c["overdue_actions"])}
    total_label = _("Total")
    stage_rows: list[list[str | int]] = [
        [stage_label(s.stage), s.open, s.closed, s.fixed] for s in figures.stages]
    stage_rows.append([total_label, sum(s.open for s in figures.stages),
                       sum(s.closed for s in figures.stages),
                       sum(s.fixed for s in figures.stages)])
    return ReportSection(
        key=SECTION.key, title=str(SECTION.title), paragraphs=[headline, defects],
        tables=[
            ReportTable(title=_("Quality by product type"), columns=columns(_("Product type")),
                        rows=[*(_row(f"{r.code} {r.name}", r) for r in figures.by_product_type),
                              _row(total_label, t)], classification=figures.classification),
            ReportTable(title=_("Quality by enterprise"), columns=columns(_("Enterprise")),
                        rows=[*(_row(f"{r.code} {r.name}", r) for r in figures.by_enterprise),
                              _row(total_label, t)], classification=figures.classification),
            ReportTable(title=_("Non-conformances by root-cause stage"),
                        columns=[_("Stage"), _("Open at the end"), _("Closed in the period"),
                                 _("Of which defects in use")],
                        rows=stage_rows, classification=figures.classification),
        ],
        charts=charts(figures), classification=figures.classification)


def charts(figures: QualityFigures) -> list[ReportChart]:
    types = [r for r in figures.by_product_type if r.counts["delivered"]]
    units = [r for r in figures.by_enterprise if r.counts["inspected"]]
    return [
        ReportChart(title=_("Defects per 1,000 delivered, by product type"), kind="bar",
                    categories=[r.code for r in types],
                    series=[(_("Per 1,000 delivered"), [r.per_thousand or 0 for r in types])]),
        ReportChart(title=_("Non-conformances by root-cause stage"), kind="bar",
                    categories=[stage_label(s.stage) for s in figures.stages],
                    series=[(_("Open at the end"), [s.open for s in figures.stages]),
                            (_("Closed in the period"), [s.closed for s in figures.stages])]),
        ReportChart(title=_("Final acceptance pass rate by enterprise (%)"), kind="bar",
                    categories=[r.code for r in units],
                    series=[(_("Pass rate"), [r.pass_rate or 0 for r in units])]),
    ]


def build_section(user: User, period: ReportPeriod, unit: OrgUnit | None) -> ReportSection:
    """The section for `period`, over what `user` may see, narrowed to the products of the
    enterprises in `unit`'s subtree (None: all)."""
    return render_section(quality_figures(user, Period(period.start, period.end),
                                          enterprise=unit))
