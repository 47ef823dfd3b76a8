"""The production panels of the home page (core.dashboard's contract), every number read from
the metric registry (cnqp/production/metrics.py).

For the directorate and the enterprises: the year's plan completion (N/M product types done
well, against the M the plans hold), the plan quantities delivered, accepted output and the
final-acceptance pass rate, each against last year; charts of completion per enterprise and
of the final acceptances passed and failed month by month (the quality trend). For a user
unit: the serials it received."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.choices import OrgUnitKind
from cnqp.core.figures import metrics
from cnqp.core.figures.dashboard import Chart, Figure, Panel, Target, metric_figures
from cnqp.core.figures.reporting import ReportChart, ReportPeriod
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import format_date
from cnqp.production.choices import InspectionResult, InspectionStage
from cnqp.production.metrics import INSPECTIONS
from cnqp.production.report import ProductionFigures

SHOWN = ("production.types_done_well", "production.plan_output",
         "production.accepted_serials", "production.final_pass_rate")
# A figure's target from the plans: the metric it is held against, and how that is named.
TARGETS = {
    "production.types_done_well": ("production.types_planned",
                                   gettext_lazy("product types in the plans of %(year)s")),
    "production.plan_output": ("production.planned_quantity",
                               gettext_lazy("planned quantity of %(year)s")),
}
RECEIVED = ("production.received_serials", "production.serials_held")


def _url(name: str, **query: Any) -> str:
    return f"{reverse(f'production:{name}')}?{urlencode(query)}"


def _with_targets(user: User, year: int, figures: list[Figure]) -> list[Figure]:
    """The plan's own targets: its product types and quantities, from the registry too."""
    planned = metrics.measure([TARGETS[f.key][0] for f in figures if f.key in TARGETS], user,
                              ReportPeriod.annual(year))
    shown = []
    for figure in figures:
        if figure.key in TARGETS:
            key, label = TARGETS[figure.key]
            target = planned[key]
            if target.value is not None:
                figure = replace(figure, target=Target(target.value, str(label) % {"year": year},
                                                       target.url))
        shown.append(figure)
    return shown


def _finals_url(start: dt.date, end: dt.date, result: str) -> str:
    return _url("inspections-list", stage=InspectionStage.FINAL_ACCEPTANCE, result=result,
                date_from=format_date(start), date_to=format_date(end))


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _completion_chart(figures: ProductionFigures, year: int) -> Chart:
    enterprises = figures.completion.enterprises
    ids = dict(OrgUnit.objects.filter(code__in=[e.code for e in enterprises])
               .values_list("code", "pk"))
    return Chart(
        ReportChart(title=_("Plan completion %(year)s by enterprise") % {"year": year},
                    kind="bar", categories=[e.code for e in enterprises],
                    series=[(_("Product types done well"), [e.done for e in enterprises]),
                            (_("Product types planned"), [e.total for e in enterprises])]),
        links=[[_url("plan-items-list", year=year, enterprise=ids[e.code],
                     type_done_well="true") for e in enterprises],
               [_url("plan-items-list", year=year, enterprise=ids[e.code])
                for e in enterprises]])


def _finals_chart(figures: ProductionFigures, year: int) -> Chart:
    """Passed and failed final acceptances per month: counts, so a month without any is a
    zero bar rather than a rate that does not exist."""
    months = figures.final_by_month
    results = (InspectionResult.PASSED, InspectionResult.FAILED)
    return Chart(
        ReportChart(title=_("Final acceptances by month"), kind="stacked",
                    categories=[m.month[5:] for m in months],
                    series=[(_("Passed"), [m.passed for m in months]),
                            (_("Failed"), [m.failed for m in months])]),
        links=[[_finals_url(dt.date(year, int(m.month[5:]), 1),
                            _month_end(year, int(m.month[5:])), result) for m in months]
               for result in results])


def _plan_panel(user: User, year: int) -> Panel:
    with metrics.remembering():  # the year and the year before computed once each
        figures = _with_targets(user, year, metric_figures(user, year, SHOWN))
        now: ProductionFigures = metrics.read("production", user, ReportPeriod.annual(year))
    charts = [_completion_chart(now, year)]
    if user.has_perm(INSPECTIONS):
        charts.append(_finals_chart(now, year))
    return Panel(key="production", title=_("Production and repair"), order=30,
                 figures=figures, charts=charts)


def _user_unit_panel(user: User, year: int) -> Panel:
    with metrics.remembering():
        figures = metric_figures(user, year, RECEIVED)
    return Panel(key="production", title=_("Products received"), order=30, figures=figures)


def panels(user: User, year: int) -> list[Panel]:
    unit = user.org_unit
    if unit is not None and unit.kind == OrgUnitKind.USER_UNIT:
        if not user.has_perm("production.view_serialunit"):
            return []
        return [_user_unit_panel(user, year)]
    if not user.has_perm("production.view_planitem"):
        return []
    return [_plan_panel(user, year)]
