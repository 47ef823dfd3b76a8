"""The quality panel of the home page (core.dashboard's contract): field failures reported,
non-conformances still open, closed, and fixed in the year, overdue corrective actions, each
against last year and linked to exactly the records it counts; a chart of the year's
non-conformances by root-cause stage. Every number is a registered metric of the "quality"
source (metrics.py), read for the year and the year before, each computed once.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cnqp.core.choices import OrgUnitKind
from cnqp.core.figures import metrics
from cnqp.core.figures.dashboard import Chart, Panel, metric_figures
from cnqp.core.figures.reporting import ReportChart, ReportPeriod
from cnqp.core.models import User
from cnqp.quality.figures import QualityFigures
from cnqp.quality.report import stage_label

SHOWN = ("quality.failures", "quality.nc_open", "quality.nc_closed", "quality.fixed",
         "quality.overdue_actions")
FILED = ("quality.failures",)  # what a user unit's panel shows: the reports it filed


def panels(user: User, year: int) -> list[Panel]:
    unit = user.org_unit
    if unit is not None and unit.kind == OrgUnitKind.USER_UNIT:
        if not user.has_perm("quality.view_fieldreport"):
            return []
        return [Panel(key="quality", title=_("Quality reports filed"), order=40,
                      figures=metric_figures(user, year, FILED))]
    if not user.has_perm("quality.view_nonconformance"):
        return []
    period = ReportPeriod.annual(year)
    with metrics.remembering():  # the chart reads the year the figures read
        figures = metric_figures(user, year, SHOWN)
        now: QualityFigures = metrics.read("quality", user, period)
    stages = now.stages
    chart = Chart(
        ReportChart(title=_("Non-conformances of %(year)s by root-cause stage") % {
            "year": year}, kind="stacked",
            categories=[stage_label(stage) for stage in stages],
            series=[(pgettext("non-conformance", "Open"), [s.open for s in stages.values()]),
                    (_("Closed"), [s.closed for s in stages.values()])]),
        links=[[_link(f"quality.{name}.{stage}", period) for stage in stages]
               for name in ("nc_open", "nc_closed")])
    return [Panel(key="quality", title=_("Quality over the whole life"), order=40,
                  figures=figures, charts=[chart])]


def _link(key: str, period: ReportPeriod) -> str:
    link = metrics.metric(key).link
    return link(period, None) if link else ""
