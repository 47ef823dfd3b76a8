"""The quality section of the periodic reports (the contract: cnqp/core/reporting.py).

Figures from the metric registry's "quality" source (`figures.quality_figures`, computed in
the database over the records the reader may see; definitions in docs/quality-figures.md),
phrased as the directorate's reports put it: the system "từ khâu thiết kế, sản xuất đến khâu
sử dụng tại đơn vị", defects traced to the stages of design, technology, materials and
acceptance, and fixed. Every number printed is one of the source's: rates, means and totals
included, nothing is worked out here.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.figures import metrics
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
from cnqp.quality.figures import UNDETERMINED, FigureRow, QualityFigures, usage_label

SECTION = SectionSpec(key="quality", title=gettext_lazy("Product quality"), order=40)

STAGE_LABELS: dict[str, str | Promise] = {
    **{stage.value: stage.label for stage in RootCauseStage},
    UNDETERMINED: gettext_lazy("Not yet determined")}


def stage_label(stage: str) -> str:
    return str(STAGE_LABELS[stage])


def rate_text(value: float | None) -> str:
    return "—" if value is None else format_number(value, 1)


def usage_text(row: FigureRow) -> str:
    return "; ".join(f"{format_number(mean, 1)} {usage_label(unit)}"
                     for unit, mean in row.mean_usage.items()) or "—"


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


def _service_clause(t: FigureRow) -> str:
    n, c = format_number, t.counts
    if not c["delivered"]:
        return _("no serial unit in service yet")
    if not c["defects"]:
        return _("of %(delivered)s serial units in service, none was reported defective") % {
            "delivered": n(c["delivered"])}
    return _("of %(delivered)s serial units in service, %(defects)s were reported defective "
             "(%(per)s per 1,000 delivered) in %(reports)s field reports") % {
        "delivered": n(c["delivered"]), "defects": n(c["defects"]),
        "per": rate_text(t.per_thousand), "reports": n(c["failures"])}


def headline(figures: QualityFigures) -> str:
    """Acceptances, units in service and their defects; what there is none of is said in
    words, not as "0/0 (—%)"."""
    t = figures.total
    c = t.counts
    acceptance = _("%(passed)s of %(inspected)s final acceptances passed (%(rate)s%%)") % {
        "passed": format_number(c["passed"]), "inspected": format_number(c["inspected"]),
        "rate": rate_text(t.pass_rate)} if c["inspected"] else _("no final acceptance recorded")
    usage = usage_text(t)
    return _("From %(start)s to %(end)s: %(acceptance)s; %(service)s%(usage)s.") % {
        "start": format_date(figures.period.start), "end": format_date(figures.period.end),
        "acceptance": acceptance, "service": _service_clause(t),
        "usage": "" if usage == "—" else _("; mean use before failure: %(usage)s") % {
            "usage": usage}}


def defects_paragraph(figures: QualityFigures) -> str:
    """Non-conformances traced to their stage, defects fixed, overdue actions; zero parts
    are left out or said in words."""
    n, c = format_number, figures.total.counts
    by_stage = ", ".join(f"{stage_label(stage).lower()} {n(s.closed)}"
                         for stage, s in figures.stages.items() if s.closed)
    states = []
    if c["nc_closed"]:
        states.append(_("%(closed)s closed in the period%(stages)s") % {
            "closed": n(c["nc_closed"]), "stages": f" ({by_stage})" if by_stage else ""})
    if c["nc_open"]:
        states.append(_("%(open)s still open at its end") % {"open": n(c["nc_open"])})
    parts = [_("Non-conformances traced to their stage: %(states)s") % {
        "states": ", ".join(states)} if states else
        _("No non-conformance was open or closed in the period")]
    if c["fixed"]:
        parts.append(_("%(fixed)s defects found in use were fixed") % {"fixed": n(c["fixed"])})
    parts.append(_("%(overdue)s corrective actions are overdue") % {
        "overdue": n(c["overdue_actions"])} if c["overdue_actions"] else
        _("no corrective action is overdue"))
    return "; ".join(parts) + "."


def render_section(figures: QualityFigures) -> ReportSection:
    t = figures.total
    c = t.counts
    total_label = _("Total")
    # The stages' total is the whole's: every non-conformance has exactly one stage.
    stage_rows: list[list[str | int]] = [
        [stage_label(stage), s.open, s.closed, s.fixed] for stage, s in figures.stages.items()]
    stage_rows.append([total_label, c["nc_open"], c["nc_closed"], c["fixed"]])
    return ReportSection(
        key=SECTION.key, title=str(SECTION.title),
        paragraphs=[headline(figures), defects_paragraph(figures)],
        tables=[
            ReportTable(title=_("Quality by product type"), columns=columns(_("Product type")),
                        rows=[*(_row(r.label, r) for r in figures.by_product_type.values()),
                              _row(total_label, t)], classification=figures.classification),
            ReportTable(title=_("Quality by enterprise"), columns=columns(_("Enterprise")),
                        rows=[*(_row(r.label, r) for r in figures.by_enterprise.values()),
                              _row(total_label, t)], classification=figures.classification),
            ReportTable(title=_("Non-conformances by root-cause stage"),
                        columns=[_("Stage"), _("Open at the end"), _("Closed in the period"),
                                 _("Of which defects in use")],
                        rows=stage_rows, classification=figures.classification),
        ],
        charts=charts(figures), classification=figures.classification)


def defect_rates(figures: QualityFigures) -> dict[str, tuple[FigureRow, float]]:
    """The product types with serials delivered (a rate), by key, with their rate."""
    return {key: (r, r.per_thousand) for key, r in figures.by_product_type.items()
            if r.per_thousand is not None}


def pass_rates(figures: QualityFigures) -> dict[str, tuple[FigureRow, float]]:
    """The enterprises with final acceptances (a rate), by key, with their rate."""
    return {key: (r, r.pass_rate) for key, r in figures.by_enterprise.items()
            if r.pass_rate is not None}


def charts(figures: QualityFigures) -> list[ReportChart]:
    types, units = defect_rates(figures).values(), pass_rates(figures).values()
    stages = figures.stages
    return [
        ReportChart(title=_("Defects per 1,000 delivered, by product type"), kind="bar",
                    categories=[r.code for r, _rate in types],
                    series=[(_("Per 1,000 delivered"), [rate for _r, rate in types])]),
        ReportChart(title=_("Non-conformances by root-cause stage"), kind="bar",
                    categories=[stage_label(stage) for stage in stages],
                    series=[(_("Open at the end"), [s.open for s in stages.values()]),
                            (_("Closed in the period"), [s.closed for s in stages.values()])]),
        ReportChart(title=_("Final acceptance pass rate by enterprise (%)"), kind="bar",
                    categories=[r.code for r, _rate in units],
                    series=[(_("Pass rate"), [rate for _r, rate in units])]),
    ]


def build_section(user: User, period: ReportPeriod, unit: OrgUnit | None) -> ReportSection:
    """The section for `period`, over what `user` may see, narrowed to the products of the
    enterprises in `unit`'s subtree (None: all)."""
    figures: QualityFigures = metrics.read("quality", user, period, unit)
    return render_section(figures)
