"""The periodic reports' section on the enterprises' production and business (and, once its
source is registered, development investment), phrased as the directorate's reports put it:
"Doanh thu toàn Tổng cục năm 2023 (số thực hiện) đạt ... triệu đồng, bằng 105,0% so với năm
2022", "thu nhập bình quân 14,2 triệu đồng/người/tháng", "các chỉ tiêu sản xuất kinh doanh
đạt được cao hơn so với năm 2022", "bảo toàn vốn doanh nghiệp", "đẩy nhanh tiến độ thực hiện
các dự án đầu tư".

Every number is read from the metric registry (metrics.py: the source "performance", and
"performance.investment" when registered): totals, growth, share of plan, counts of
enterprises by scenario. This module only words them; each figure says which scenario it sums
(docs/performance-figures.md). A figure no accepted return gives is said in words, never
printed as 0; a period that is no return period says which periods have figures.
"""

from __future__ import annotations

from typing import Any

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
from cnqp.performance.choices import OUTTURNS, Scenario
from cnqp.performance.figures import PerformanceFigures

SECTION = SectionSpec(key="performance",
                      title=gettext_lazy("Production, business and development investment"),
                      order=35)

INVESTMENT = "performance.investment"  # the investment projects' source
PROJECTS = "performance.view_project"  # who reads it

# How the reports name the figures a scenario gives.
SCENARIO_WORDS: dict[str, Any] = {
    Scenario.AUDITED: gettext_lazy("audited figures"),  # số quyết toán, kiểm toán
    Scenario.ACTUAL: gettext_lazy("actual figures"),  # số thực hiện
    Scenario.ESTIMATE: gettext_lazy("estimated figures"),  # số ước thực hiện
    Scenario.REVISED_PLAN: gettext_lazy("revised plan"),
    Scenario.PLAN: gettext_lazy("plan"),
}
# The indicators the "higher than last year" sentence judges, with their names in a sentence.
JUDGED = {
    "revenue": gettext_lazy("revenue"),
    "profit_before_tax": gettext_lazy("profit before tax"),
    "avg_income": gettext_lazy("average income"),
}
DASH = "—"


def scenario_words(counts: dict[str, int]) -> str:
    """"số thực hiện", or "số thực hiện của 16 doanh nghiệp, số ước thực hiện của 2 doanh
    nghiệp" when the enterprises' returns are of different scenarios (most final first)."""
    present = [s for s in (*OUTTURNS, Scenario.REVISED_PLAN, Scenario.PLAN) if counts.get(s)]
    if len(present) == 1:
        return str(SCENARIO_WORDS[present[0]])
    return ", ".join(_("%(scenario)s of %(count)s enterprises") % {
        "scenario": SCENARIO_WORDS[s], "count": format_number(counts[s])} for s in present)


def scenario_names(counts: dict[str, int]) -> str:
    """The scenarios summed, without counts: "số thực hiện và số ước thực hiện"."""
    present = [str(SCENARIO_WORDS[s]) for s in (*OUTTURNS, Scenario.REVISED_PLAN, Scenario.PLAN)
               if counts.get(s)]
    if len(present) <= 1:
        return "".join(present)
    return _("%(first)s and %(last)s") % {"first": ", ".join(present[:-1]),
                                          "last": present[-1]}


def is_annual(figures: PerformanceFigures) -> bool:
    return (figures.start.month, figures.start.day, figures.end.month,
            figures.end.day) == (1, 1, 12, 31)


def period_words(figures: PerformanceFigures) -> str:
    """"năm 2023", or the dates of a shorter period (its label would print "6 tháng")."""
    if is_annual(figures):
        return _("year %(year)s") % {"year": figures.year}
    return _("from %(start)s to %(end)s") % {"start": format_date(figures.start),
                                             "end": format_date(figures.end)}


def base_words(figures: PerformanceFigures) -> str:
    """What growth is measured against: "năm 2022" or "cùng kỳ năm 2022"."""
    if is_annual(figures):
        return _("year %(year)s") % {"year": figures.year - 1}
    return _("the same period of %(year)s") % {"year": figures.year - 1}


def percent(value: float | None) -> str:
    return DASH if value is None else f"{format_number(value, 1)}%"


def _cell(value: int | float | None, decimals: int = 0) -> str | int:
    if value is None:
        return DASH
    if decimals == 0 and isinstance(value, int):
        return value
    return format_number(value, decimals)


def _comparisons(figures: PerformanceFigures, name: str, with_base_scenario: bool) -> str:
    """", bằng 105,0% so với năm 2022 (số thực hiện) và 98,7% kế hoạch": what is known."""
    growth = getattr(figures.growth, name)
    of_plan = getattr(figures.of_plan, name)
    parts = []
    if growth is not None:
        base = base_words(figures)
        if with_base_scenario and figures.base_scenarios:
            base = f"{base} ({scenario_words(figures.base_scenarios)})"
        parts.append(_("%(percent)s of %(base)s") % {"percent": percent(growth), "base": base})
    if of_plan is not None:
        parts.append(_("%(percent)s of the plan") % {"percent": percent(of_plan)})
    if not parts:
        return ""
    if len(parts) == 2:
        return ", " + _("%(growth)s and %(plan)s") % {"growth": parts[0], "plan": parts[1]}
    return ", " + parts[0]


def headline(figures: PerformanceFigures, whose: str) -> str:
    """The revenue of `whose` ("toàn Tổng cục", or the unit reported on), its profit, budget
    contributions, headcount and income, each with its growth and share of plan, the
    scenario said once for the whole."""
    n = format_number
    o, before = figures.outturn, figures.previous
    no_data = _("no figure")
    clauses = []
    if o.revenue is None:
        first = _("Revenue of %(whose)s %(period)s (%(scenario)s): %(value)s") % {
            "whose": whose, "period": period_words(figures),
            "scenario": scenario_words(figures.scenarios),
            "value": no_data}
    else:
        first = _("Revenue of %(whose)s %(period)s (%(scenario)s) reached "
                  "%(value)s million đồng") % {
            "whose": whose, "period": period_words(figures),
            "scenario": scenario_words(figures.scenarios),
            "value": n(o.revenue)} + _comparisons(figures, "revenue", True)
    clauses.append(first)
    for name, known, unknown in (
            ("profit_before_tax", gettext_lazy("profit before tax %(value)s million đồng"),
             gettext_lazy("profit before tax: %(value)s")),
            ("budget_contribution",
             gettext_lazy("contributions to the state budget %(value)s million đồng"),
             gettext_lazy("contributions to the state budget: %(value)s"))):
        value = getattr(o, name)
        if value is None:
            clauses.append(str(unknown) % {"value": no_data})
        else:
            clauses.append(str(known) % {"value": n(value)}
                           + _comparisons(figures, name, False))
    if o.headcount is None:
        clauses.append(_("average headcount: %(value)s") % {"value": no_data})
    else:
        clauses.append(_("average headcount %(value)s people") % {"value": n(o.headcount)})
    if o.avg_income is None:
        clauses.append(_("average income: %(value)s") % {"value": no_data})
    else:
        income = _("average income %(value)s million đồng/person/month") % {
            "value": n(o.avg_income, 1)}
        if before.avg_income is not None:
            income += " " + _("(%(base)s: %(value)s)") % {"base": base_words(figures),
                                                          "value": n(before.avg_income, 1)}
        clauses.append(income)
    return "; ".join(clauses) + "."


def coverage(figures: PerformanceFigures) -> str:
    return _("The figures sum the accepted returns of %(summed)s of the %(expected)s "
             "enterprises that report.") % {"summed": format_number(figures.outturn.enterprises),
                                             "expected": format_number(figures.expected)}


def judgement(figures: PerformanceFigures) -> str:
    """"Các chỉ tiêu sản xuất kinh doanh đạt được cao hơn so với năm 2022" when revenue,
    profit before tax and average income all grew; else which fell or stood still."""
    growth = {name: getattr(figures.growth, name) for name in JUDGED}
    base = base_words(figures)
    if all(value is not None and value > 100 for value in growth.values()):
        return _("The production and business indicators achieved were higher than in "
                 "%(base)s.") % {"base": base}
    fell = [str(JUDGED[name]) for name, value in growth.items()
            if value is not None and value < 100]
    flat = [str(JUDGED[name]) for name, value in growth.items() if value == 100]
    sentences = []
    if fell:
        sentences.append(_("Compared with %(base)s, these indicators fell: %(names)s.") % {
            "base": base, "names": ", ".join(fell)})
    if flat:
        sentences.append(_("Compared with %(base)s, these indicators did not change: "
                           "%(names)s.") % {"base": base, "names": ", ".join(flat)})
    return " ".join(sentences)


def equity(figures: PerformanceFigures) -> str:
    if not figures.equity_compared:
        return _("No enterprise reported its equity for both this period and %(base)s: "
                 "whether equity was preserved cannot be said.") % {"base": base_words(figures)}
    return _("%(preserved)s/%(compared)s enterprises preserved their capital (equity at the "
             "end of the period not below that of %(base)s).") % {
        "preserved": format_number(figures.equity_preserved),
        "compared": format_number(figures.equity_compared), "base": base_words(figures)}


def business_paragraphs(figures: PerformanceFigures, whose: str) -> list[str]:
    if not figures.period:
        return [_("The report's period is no return period: the enterprises' production and "
                  "business figures exist per month, quarter, half-year and year.")]
    if not figures.outturn.enterprises:
        return [_("No accepted return yet for this period (%(period)s).") % {
            "period": period_words(figures)}]
    out = [headline(figures, whose), coverage(figures)]
    judged = judgement(figures)
    if judged:
        out.append(judged)
    out.append(equity(figures))
    return out


def enterprise_table(figures: PerformanceFigures) -> ReportTable:
    """A row per enterprise and the directorate's total row, all from the source."""
    o = figures.outturn
    rows: list[list[str | int]] = [
        [f"{row.code} {row.name}", str(SCENARIO_WORDS.get(row.scenario, row.scenario)),
         _cell(row.revenue), percent(row.revenue_growth), percent(row.revenue_of_plan),
         _cell(row.profit_before_tax), _cell(row.budget_contribution), _cell(row.headcount),
         _cell(row.avg_income, 1)]
        for row in figures.by_enterprise]
    rows.append([_("Total"), scenario_names(figures.scenarios), _cell(o.revenue),
                 percent(figures.growth.revenue), percent(figures.of_plan.revenue),
                 _cell(o.profit_before_tax), _cell(o.budget_contribution), _cell(o.headcount),
                 _cell(o.avg_income, 1)])
    return ReportTable(
        title=_("Production and business results by enterprise (million đồng)"),
        columns=[_("Enterprise"), _("Figures"), _("Revenue"),
                 _("Revenue against %(base)s (%%)") % {"base": base_words(figures)},
                 _("Revenue against the plan (%)"), _("Profit before tax"),
                 _("State budget contributions"), _("Average headcount (people)"),
                 _("Average income (million đồng/person/month)")],
        rows=rows, classification=figures.classification)


def charts(figures: PerformanceFigures) -> list[ReportChart]:
    out = []
    o = figures.outturn
    split = (o.revenue_defence, o.revenue_economic, o.revenue_services)
    if all(value is not None for value in split):
        out.append(ReportChart(
            title=_("Revenue by activity (million đồng)"), kind="pie",
            categories=[_("Defence production"), _("Economic production"), _("Services")],
            series=[(_("Revenue"), [value or 0 for value in split])]))
    rows = [row for row in figures.by_enterprise if row.revenue is not None]
    if rows:
        out.append(ReportChart(
            title=_("Revenue by enterprise (million đồng)"), kind="bar",
            categories=[row.code for row in rows],
            series=[(_("Revenue"), [row.revenue or 0 for row in rows])]))
    return out


def whose_figures(user: User, unit: OrgUnit | None) -> str:
    """Whose figures a sentence names: the whole directorate only when they are (no unit
    asked for, a reader who sees every unit); else the unit reported on, or the reader's."""
    if unit is None and user.sees_all_units:
        return _("the whole directorate")
    named = unit or user.org_unit
    return named.name if named is not None else _("the units you may see")


def render_business(figures: PerformanceFigures, whose: str) -> ReportSection:
    has_rows = bool(figures.period and figures.outturn.enterprises)
    return ReportSection(
        key=SECTION.key, title=str(SECTION.title),
        paragraphs=business_paragraphs(figures, whose),
        tables=[enterprise_table(figures)] if has_rows else [],
        charts=charts(figures) if has_rows else [],
        classification=figures.classification)


# --- development investment -------------------------------------------------------------------


def investment_paragraphs(projects: Any) -> list[str]:
    """The year's projects in the articles' phrasing (the source "performance.investment":
    figures.InvestmentFigures), every number read from it."""
    n = format_number
    if not projects.projects:
        return [_("No investment project is followed in %(year)s.") % {"year": projects.year}]
    out = [_("Development investment: %(projects)s investment projects were followed in "
             "%(year)s, of which %(key)s key projects; %(in_progress)s were in progress and "
             "%(completed)s were completed and handed over for operation.") % {
        "projects": n(projects.projects), "key": n(projects.key_projects),
        "in_progress": n(projects.in_progress), "completed": n(projects.completed),
        "year": projects.year}]
    if projects.planned:
        capital = _("Capital disbursed in %(year)s: %(disbursed)s million đồng of a capital "
                    "plan of %(planned)s million đồng") % {
            "year": projects.year, "disbursed": n(projects.disbursed),
            "planned": n(projects.planned)}
        if projects.rate is not None:
            capital += f" ({percent(projects.rate)})"
        out.append(capital + "; " + _("value of work executed %(executed)s million đồng.") % {
            "executed": n(projects.executed)})
    else:
        out.append(_("No capital is planned for the projects in %(year)s.") % {
            "year": projects.year})
    if projects.behind_schedule or projects.slow:
        out.append(_("%(behind)s projects are behind schedule and %(slow)s disburse slowly: "
                     "the progress of the defence-industry investment projects must be sped "
                     "up.") % {"behind": n(projects.behind_schedule), "slow": n(projects.slow)})
    else:
        out.append(_("No project is behind schedule or disbursing slowly."))
    if projects.late_projects:
        out.append(_("Projects behind schedule: %(names)s.") % {
            "names": "; ".join(projects.late_projects)})
    return out


def build_section(user: User, period: ReportPeriod, unit: OrgUnit | None) -> ReportSection:
    figures: PerformanceFigures = metrics.read("performance", user, period, unit)
    section = render_business(figures, whose_figures(user, unit))
    if INVESTMENT not in metrics.sources() or not user.has_perm(PROJECTS):
        return section
    projects = metrics.read(INVESTMENT, user, period, unit)
    level = max(section.classification, projects.classification)
    return ReportSection(
        key=section.key, title=section.title,
        paragraphs=[*section.paragraphs, *investment_paragraphs(projects)],
        tables=section.tables, charts=section.charts, classification=level)
