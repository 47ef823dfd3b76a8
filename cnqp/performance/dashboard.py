"""The enterprises' performance on the home page (core.figures.dashboard's contract).

- "Production and business": the year's revenue, profit before tax, budget contributions,
  average headcount and average income against last year, each with the year's plan as its
  target, and revenue against the plan in per cent; the scenario summed is said in the
  panel's title ("số thực hiện", "số thực hiện và số ước thực hiện"); a chart of revenue by
  enterprise, each bar opening that enterprise's returns. A figure no accepted return of the
  year gives is left out rather than shown as 0; while the year sums other enterprises than
  the year before, the totals are not set against last year's, and the revenue's growth over
  the enterprises in both years is shown instead.
- "Development investment": the projects followed, key, in progress, behind schedule and
  disbursing slowly, capital disbursed and its rate against the capital plan.

Every number is read from the metric registry (metrics.py), every figure links to the
returns (or projects) it sums."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from django.utils.translation import gettext as _

from cnqp.core.figures import metrics
from cnqp.core.figures.dashboard import Chart, Figure, Panel, Target, metric_figures
from cnqp.core.figures.reporting import ReportChart, ReportPeriod
from cnqp.core.models import OrgUnit, User
from cnqp.performance.figures import PerformanceFigures
from cnqp.performance.metrics import returns_link
from cnqp.performance.report import scenario_names

ORDER = 35
# The business figures, with the plan metric each is measured against.
BUSINESS = {
    "performance.revenue": "performance.plan.revenue",
    "performance.profit_before_tax": "performance.plan.profit_before_tax",
    "performance.budget_contribution": "performance.plan.budget_contribution",
    "performance.headcount": "performance.plan.headcount",
    "performance.avg_income": "performance.plan.avg_income",
    "performance.of_plan.revenue": "",
}
INVESTMENT = ("performance.projects", "performance.projects_key_projects",
              "performance.projects_in_progress", "performance.projects_behind_schedule",
              "performance.projects_slow", "performance.projects_disbursed",
              "performance.projects_rate")


def _with_plans(user: User, year: int, figures: list[Figure]) -> list[Figure]:
    """Each figure with the year's plan as its target, when one was accepted."""
    period = ReportPeriod.annual(year)
    wanted = [BUSINESS[f.key] for f in figures if BUSINESS.get(f.key)]
    plans = metrics.measure(wanted, user, period)
    label = _("plan %(year)s") % {"year": year}
    out = []
    for figure in figures:
        plan = plans.get(BUSINESS.get(figure.key, ""))
        if plan is not None and plan.value is not None:
            figure = replace(figure, target=Target(value=plan.value, label=label, url=plan.url))
        out.append(figure)
    return out


def _by_enterprise(figures: PerformanceFigures, year: int) -> Chart | None:
    rows = [row for row in figures.by_enterprise if row.revenue is not None]
    if not rows:
        return None
    units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=[r.code for r in rows])}
    link = returns_link()
    period = ReportPeriod.annual(year)
    return Chart(
        ReportChart(title=_("Revenue of %(year)s by enterprise (million đồng)") % {"year": year},
                    kind="bar", categories=[row.code for row in rows],
                    series=[(_("Revenue"), [row.revenue or 0 for row in rows])]),
        links=[[link(period, units[row.code]) for row in rows]])


def known_figures(user: User, year: int, keys: Iterable[str]) -> list[Figure]:
    """`metric_figures` of the keys the user may read and the year has a value for: a figure
    no record gives is left out, not shown as 0."""
    registered = metrics.metrics()
    readable = [key for key in keys if key in registered
                and registered[key].readable_by(user)]
    now = metrics.measure(readable, user, ReportPeriod.annual(year))
    return metric_figures(user, year, [key for key in readable if now[key].value is not None])


def _like_for_like(user: User, year: int, figures: list[Figure]) -> list[Figure]:
    """While fewer (or more) enterprises are summed than a year before (the year's estimates
    still coming in), a total against last year's whole would read as a collapse: the totals
    lose their last year, and the revenue's growth over the enterprises in both years says
    how it went."""
    out = []
    for figure in figures:
        if BUSINESS.get(figure.key):
            figure = replace(figure, previous=None, previous_url="")
        out.append(figure)
        if figure.key == "performance.revenue":
            out += known_figures(user, year, ["performance.growth.revenue"])
    return out


def business_panel(user: User, year: int) -> Panel | None:
    period = ReportPeriod.annual(year)
    figures = known_figures(user, year, BUSINESS)
    if not figures:
        return None
    figures = _with_plans(user, year, figures)
    year_figures: PerformanceFigures = metrics.read("performance", user, period)
    if year_figures.outturn.enterprises != year_figures.previous.enterprises:
        figures = _like_for_like(user, year, figures)
    scenario = scenario_names(year_figures.scenarios)
    title = _("Production and business")
    if scenario:
        title = _("Production and business (%(scenario)s)") % {"scenario": scenario}
    chart = _by_enterprise(year_figures, year)
    return Panel(key="performance", title=title, order=ORDER, figures=figures,
                 charts=[chart] if chart else [])


def investment_panel(user: User, year: int) -> Panel | None:
    figures = known_figures(user, year, INVESTMENT)
    if not figures or not any(f.key == "performance.projects" and f.value for f in figures):
        return None
    return Panel(key="performance.investment", title=_("Development investment"),
                 order=ORDER, figures=figures)


def panels(user: User, year: int) -> list[Panel]:
    with metrics.remembering():  # the figures, targets and chart read each source once
        found = [business_panel(user, year), investment_panel(user, year)]
    return [panel for panel in found if panel is not None]
