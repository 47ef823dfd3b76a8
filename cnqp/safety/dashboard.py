"""The production-safety panel of the home page (core.figures.dashboard's contract): the year's
incidents, those the resolutions' zero targets count (no especially serious incident; no
serious one in production, nor in research and prototyping: the targets themselves, with
their verdict, come from the directives in force that set them), assets overdue for
inspection and findings still open at the year's end, each against last year and linked to
exactly the records it counts; a chart of the year's incidents by activity. Every number is
read from the metric registry (metrics.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cnqp.core.figures import metrics
from cnqp.core.figures.dashboard import Chart, Panel, metric_figures
from cnqp.core.figures.reporting import ReportChart, ReportPeriod
from cnqp.core.models import User
from cnqp.safety.figure_rows import SafetyFigures
from cnqp.safety.figures import figure_link

SHOWN = ("safety.incidents", "safety.especially_serious", "safety.serious_production",
         "safety.serious_research", "safety.assets_overdue", "safety.findings_open",
         "safety.findings_first_found")


def _by_activity(figures: SafetyFigures, year: int) -> Chart:
    rows, period = figures.by_activity, figures.period
    return Chart(
        ReportChart(title=_("Incidents of %(year)s by activity") % {"year": year}, kind="bar",
                    categories=[r.label for r in rows],
                    series=[(_("Incidents"), [r.harm.incidents for r in rows])]),
        links=[[figure_link("incidents", period, None, **r.narrow) for r in rows]])


def panels(user: User, year: int) -> list[Panel]:
    with metrics.remembering():  # the chart reads the year's figures the metrics read
        figures = metric_figures(user, year, SHOWN)
        if not figures:
            return []
        charts = []
        if user.has_perm("safety.view_incident"):
            year_figures: SafetyFigures = metrics.read("safety", user, ReportPeriod.annual(year))
            charts.append(_by_activity(year_figures, year))
    return [Panel(key="safety", title=_("Safety in production"), order=45, figures=figures,
                  charts=charts)]
