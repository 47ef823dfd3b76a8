"""The science-and-technology panel of the home page (core.dashboard's contract): the year's
figures against last year's, each linked to the projects it counts, and the pipeline; every
number read from the metric registry."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from cnqp.core.figures import metrics
from cnqp.core.figures.dashboard import Chart, Panel, metric_figures
from cnqp.core.figures.reporting import ReportChart, ReportPeriod
from cnqp.core.models import User
from cnqp.research import selectors
from cnqp.research.choices import PIPELINE, ProjectLevel

SHOWN = ("research.in_execution", "research.opened", "research.accepted", "research.applied")


def panels(user: User, year: int) -> list[Panel]:
    if not user.has_perm("research.view_researchproject"):
        return []
    today: selectors.Pipeline = metrics.read("research.pipeline", user,
                                             ReportPeriod.annual(year))
    pipeline = ReportChart(
        title=_("Research pipeline today, by level"), kind="stacked",
        categories=[str(stage.label) for stage in PIPELINE],
        series=[(str(ProjectLevel(level).label),
                 [today.grid[s.value][level] for s in PIPELINE])
                for level in selectors.LEVELS])
    base = reverse("research:projects-list")
    links = [[f"{base}?{urlencode({'status': s.value, 'level': level})}" for s in PIPELINE]
             for level in selectors.LEVELS]
    return [Panel(key="research", title=_("Science and technology"), order=10,
                  figures=metric_figures(user, year, SHOWN), charts=[Chart(pipeline, links)])]
