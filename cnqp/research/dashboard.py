"""The science-and-technology panel of the home page (core.dashboard's contract): the year's
figures against last year's, each linked to the projects it counts, and the pipeline."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from cnqp.core.figures.dashboard import Chart, Figure, Panel
from cnqp.core.figures.reporting import ReportChart
from cnqp.core.models import User
from cnqp.research import selectors
from cnqp.research.choices import PIPELINE, ProjectLevel
from cnqp.research.report import FIGURE_LABELS, research_figures

SHOWN = ("in_execution", "opened", "accepted", "applied")


def figure_url(figure: str, year: int) -> str:
    query = {"figure": figure, "start": f"01/01/{year}", "end": f"31/12/{year}"}
    return f"{reverse('research:projects-list')}?{urlencode(query)}"


def panels(user: User, year: int) -> list[Panel]:
    if not user.has_perm("research.view_researchproject"):
        return []
    now = research_figures(user, dt.date(year, 1, 1), dt.date(year, 12, 31))
    before = research_figures(user, dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31))
    figures = [Figure(key=f"research.{name}", label=str(FIGURE_LABELS[name]),
                      value=getattr(now, name), url=figure_url(name, year),
                      previous=getattr(before, name), previous_url=figure_url(name, year - 1))
               for name in SHOWN]
    grid = selectors.pipeline(selectors.visible_projects(user))
    pipeline = ReportChart(
        title=_("Research pipeline today, by level"), kind="stacked",
        categories=[str(stage.label) for stage in PIPELINE],
        series=[(str(ProjectLevel(level).label), [grid[s.value][level] for s in PIPELINE])
                for level in selectors.LEVELS])
    base = reverse("research:projects-list")
    links = [[f"{base}?{urlencode({'status': s.value, 'level': level})}" for s in PIPELINE]
             for level in selectors.LEVELS]
    return [Panel(key="research", title=_("Science and technology"), order=10,
                  figures=figures, charts=[Chart(pipeline, links)])]
