"""The business figures in the metric registry (core.figures.metrics), computed once by
`figures.performance_figures` from the accepted returns: the outturn of the period (the most
final scenario each enterprise has), the same period a year before, the plan, growth and
share of plan, per enterprise. docs/performance-figures.md says what each counts."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cnqp.core.figures.metrics import Better, Link, Metric, Source, register, register_source
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit
from cnqp.performance.figures import (
    InvestmentFigures,
    PerformanceFigures,
    investment_figures,
    performance_figures,
)
from cnqp.performance.periods import Period

register_source(Source("performance", performance_figures, PerformanceFigures))
register_source(Source("performance.investment", investment_figures, InvestmentFigures))

PERMISSION = "performance.view_submission"
MILLION = _("million đồng")
PEOPLE = _("people")
INCOME = _("million đồng/person/month")
ENTERPRISES = _("enterprises")

# field of `Totals`, label, unit of measure, decimals
TOTALS = [
    ("revenue", _("Revenue"), MILLION, 0),
    ("revenue_defence", _("Defence production revenue"), MILLION, 0),
    ("revenue_economic", _("Economic production revenue"), MILLION, 0),
    ("revenue_services", _("Services revenue"), MILLION, 0),
    ("profit_before_tax", _("Profit before tax"), MILLION, 0),
    ("profit_after_tax", _("Profit after tax"), MILLION, 0),
    ("budget_contribution", _("State budget contributions"), MILLION, 0),
    ("equity", _("Equity at the period's end"), MILLION, 0),
    ("headcount", _("Average headcount"), PEOPLE, 0),
    ("women", _("Of whom women"), PEOPLE, 0),
    ("payroll", _("Payroll and income fund"), MILLION, 0),
    ("avg_income", _("Average income"), INCOME, 1),
    ("investment", _("Investment executed"), MILLION, 0),
]
RATIOS = ["revenue", "profit_before_tax", "profit_after_tax", "budget_contribution",
          "headcount", "avg_income", "investment"]
LABELS = {name: label for name, label, _m, _d in TOTALS}


def returns_link(summed: str = "outturn", year_before: bool = False) -> Link:
    """Exactly the returns a figure sums: the returns list's `summed` filter picks, as the
    source does, each enterprise's most final outturn (or latest plan) of the period."""

    def link(period: ReportPeriod, unit: OrgUnit | None) -> str:
        matched = Period.matching(period.start, period.end)
        if matched is None:
            return ""
        if year_before:
            matched = matched.year_before()
        query = {"year": str(matched.year), "period_kind": matched.kind,
                 "period_number": str(matched.number), "summed": summed}
        if unit is not None:
            query["unit"] = str(unit.pk)
        return f"{reverse('performance:returns-list')}?{urlencode(query)}"

    return link


register(
    *(Metric(f"performance.{name}", "performance", f"outturn.{name}", label, measure,
             decimals=decimals, link=returns_link(), permission=PERMISSION)
      for name, label, measure, decimals in TOTALS),
    Metric("performance.enterprises", "performance", "outturn.enterprises",
           _("Enterprises whose returns are summed"), ENTERPRISES, link=returns_link(),
           permission=PERMISSION),
    Metric("performance.equity_compared", "performance", "equity_compared",
           _("Enterprises with equity a year before"), ENTERPRISES, link=returns_link(),
           permission=PERMISSION, compared=False),
    Metric("performance.equity_preserved", "performance", "equity_preserved",
           _("Enterprises that preserved their equity"), ENTERPRISES, link=returns_link(),
           permission=PERMISSION),
    Metric("performance.expected", "performance", "expected",
           _("Enterprises that report"), ENTERPRISES, permission=PERMISSION, compared=False),
    *(Metric(f"performance.previous.{name}", "performance", f"previous.{name}",
             format_lazy(_("{figure}, same period a year before"), figure=label), measure,
             decimals=decimals, link=returns_link(year_before=True),
             permission=PERMISSION, compared=False)
      for name, label, measure, decimals in TOTALS),
    Metric("performance.previous.enterprises", "performance", "previous.enterprises",
           _("Enterprises summed a year before"), ENTERPRISES,
           link=returns_link(year_before=True), permission=PERMISSION,
           compared=False),
    *(Metric(f"performance.plan.{name}", "performance", f"plan.{name}",
             format_lazy(_("{figure}, plan"), figure=label), measure, decimals=decimals,
             link=returns_link("plan"), permission=PERMISSION, compared=False)
      for name, label, measure, decimals in TOTALS),
    Metric("performance.plan.enterprises", "performance", "plan.enterprises",
           _("Enterprises with a plan"), ENTERPRISES, link=returns_link("plan"),
           permission=PERMISSION, compared=False),
    *(Metric(f"performance.growth.{name}", "performance", f"growth.{name}",
             format_lazy(_("{figure} against the same period a year before"), figure=LABELS[name]),
             "%", decimals=1, link=returns_link(), permission=PERMISSION, compared=False)
      for name in RATIOS),
    *(Metric(f"performance.of_plan.{name}", "performance", f"of_plan.{name}",
             format_lazy(_("{figure} against the plan"), figure=LABELS[name]), "%", decimals=1,
             link=returns_link(), permission=PERMISSION, compared=False)
      for name in RATIOS),
    *(Metric(f"performance.scenarios.{group}", "performance", f"{group}.*",
             label, ENTERPRISES, permission=PERMISSION, compared=False)
      for group, label in (("scenarios", _("Enterprises by the scenario summed")),
                           ("base_scenarios", _("Enterprises a year before by scenario")),
                           ("plan_scenarios", _("Enterprises by plan version")))),
    *(Metric(f"performance.by_enterprise.{name}", "performance", f"by_enterprise.*.{name}",
             label, measure, decimals=decimals, permission=PERMISSION, compared=False)
      for name, label, measure, decimals in (
          ("revenue", LABELS["revenue"], MILLION, 0),
          ("profit_before_tax", LABELS["profit_before_tax"], MILLION, 0),
          ("budget_contribution", LABELS["budget_contribution"], MILLION, 0),
          ("headcount", LABELS["headcount"], PEOPLE, 0),
          ("avg_income", LABELS["avg_income"], INCOME, 1),
          ("revenue_growth", _("Revenue against the same period a year before"), "%", 1),
          ("revenue_of_plan", _("Revenue against the plan"), "%", 1))),
)


PROJECTS = _("projects")
PROJECT_PERMISSION = "performance.view_project"


def projects_link(**filters: str) -> Link:
    """The investment projects list (with a filter: the behind-schedule ones, the key ones)."""

    def link(period: ReportPeriod, unit: OrgUnit | None) -> str:
        query = dict(filters)
        if unit is not None:
            query["owner_unit"] = str(unit.pk)
        suffix = f"?{urlencode(query)}" if query else ""
        return f"{reverse('performance:projects-list')}{suffix}"

    return link


register(*(
    Metric(f"performance.projects_{name}" if name != "projects" else "performance.projects",
           "performance.investment", name, label, measure, better=better,
           decimals=decimals, link=link, permission=PROJECT_PERMISSION)
    for name, label, measure, better, decimals, link in (
        ("projects", _("Investment projects followed"), PROJECTS, Better.HIGHER, 0,
         projects_link()),
        ("key_projects", _("Key projects"), PROJECTS, Better.HIGHER, 0,
         projects_link(key_project="true")),
        ("in_progress", _("Projects in progress"), PROJECTS, Better.HIGHER, 0,
         projects_link()),
        ("completed", _("Projects handed over in the year"), PROJECTS, Better.HIGHER, 0,
         projects_link()),
        ("behind_schedule", _("Projects behind schedule"), PROJECTS, Better.LOWER, 0,
         projects_link(behind="true")),
        ("slow", _("Projects disbursing slowly"), PROJECTS, Better.LOWER, 0,
         projects_link(slow="true")),
        ("planned", _("Capital planned for the year"), MILLION, Better.HIGHER, 0,
         projects_link()),
        ("disbursed", _("Capital disbursed"), MILLION, Better.HIGHER, 0, projects_link()),
        ("rate", _("Disbursement against the capital plan"), "%", Better.HIGHER, 1,
         projects_link()),
        ("executed", _("Value of work executed"), MILLION, Better.HIGHER, 0, projects_link()),
    )))
