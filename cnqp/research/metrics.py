"""The research figures in the metric registry (core.figures.metrics): every number the
science-and-technology section, panel and API print, computed once by `research_figures`."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cnqp.core.figures.metrics import Better, Link, Metric, Source, register, register_source
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import format_date
from cnqp.research import selectors
from cnqp.research.choices import ProjectLevel, RecognitionLevel
from cnqp.research.report import FIGURE_LABELS, ResearchFigures, research_figures

LOWER_IS_BETTER = {"overdue", "failed_acceptance", "suspended", "cancelled"}
TOPICS = _("topics and tasks")


def _compute(user: User, period: ReportPeriod, unit: OrgUnit | None) -> ResearchFigures:
    return research_figures(user, period.start, period.end, unit)


register_source(Source("research", _compute, ResearchFigures))
register_source(Source("research.pipeline", selectors.pipeline_figures, selectors.Pipeline))


def figure_link(figure: str, level: str = "") -> Link:
    """The projects a figure counts: the project list filtered by the figure and period."""

    def link(period: ReportPeriod, unit: OrgUnit | None) -> str:
        query = {"figure": figure, "start": format_date(period.start),
                 "end": format_date(period.end)}
        if level:
            query["level"] = level
        if unit is not None:
            query["host_unit"] = str(unit.pk)
        return f"{reverse('research:projects-list')}?{urlencode(query)}"

    return link


def _initiatives_link(period: ReportPeriod, unit: OrgUnit | None) -> str:
    """The year's initiatives (the list filters one year: a longer period opens its last)."""
    query = {"year": str(period.end.year)}
    if unit is not None:
        query["unit"] = str(unit.pk)
    return f"{reverse('research:initiatives-list')}?{urlencode(query)}"


PROJECTS = "research.view_researchproject"
INITIATIVES = "research.view_initiative"

register(
    *(Metric(f"research.{name}", "research", name, FIGURE_LABELS[name], TOPICS,
             better=Better.LOWER if name in LOWER_IS_BETTER else Better.HIGHER,
             link=figure_link(name), permission=PROJECTS)
      for name in selectors.FIGURES),
    *(Metric(f"research.{name}.{level}", "research", f"by_level.{name}.{level}",
             format_lazy("{}, {}", FIGURE_LABELS[name], ProjectLevel(level).label),
             TOPICS, better=Better.LOWER if name in LOWER_IS_BETTER else Better.HIGHER,
             link=figure_link(name, level), permission=PROJECTS, compared=False)
      for name in selectors.FIGURES for level in selectors.LEVELS),
    Metric("research.initiatives", "research", "initiatives",
           _("Technical improvement initiatives recognised"), _("initiatives"),
           link=_initiatives_link, permission=INITIATIVES),
    Metric("research.initiative_benefit", "research", "initiative_benefit",
           _("Benefit of the initiatives"), _("VND"), permission=INITIATIVES),
    Metric("research.pipeline.*.*", "research.pipeline", "grid.*.*",
           _("Projects today, by stage and level"), TOPICS, permission=PROJECTS),
    *(Metric(f"research.initiatives.{level.value}", "research",
             f"initiatives_by_level.{level.value}",
             format_lazy("{}, {}", _("Technical improvement initiatives recognised"),
                         level.label),
             _("initiatives"), link=_initiatives_link, permission=INITIATIVES, compared=False)
      for level in RecognitionLevel),
)
