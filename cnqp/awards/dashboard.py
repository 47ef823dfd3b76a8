"""Emulation and awards on the home page (core.figures.dashboard's contract): the year's
awards, to collectives and to individuals, and the movements under way, against last year,
each linking to what it counts; a chart of the awards by level whose bars open them. Every
number is read from the metric registry (metrics.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cnqp.awards.choices import AwardLevel
from cnqp.awards.figures import AwardFigures
from cnqp.awards.metrics import awards_link
from cnqp.core.figures import metrics
from cnqp.core.figures.dashboard import Chart, Panel, metric_figures
from cnqp.core.figures.reporting import ReportChart, ReportPeriod
from cnqp.core.models import User

ORDER = 72
FIGURES = ("awards.awards", "awards.collective", "awards.individual",
           "awards.movements_active")


def panels(user: User, year: int) -> list[Panel]:
    if not user.has_perm("awards.view_award"):
        return []
    period = ReportPeriod.annual(year)
    with metrics.remembering():
        figures = metric_figures(user, year, FIGURES)
        result: AwardFigures = metrics.read("awards", user, period)
    if not result.now.awards and not result.previous.awards:
        return []
    levels = list(AwardLevel)
    chart = Chart(
        ReportChart(title=_("Awards of %(year)s by level") % {"year": year}, kind="bar",
                    categories=[str(level.label) for level in levels],
                    series=[(str(year), [result.by_level.get(lv, 0) for lv in levels]),
                            (str(year - 1),
                             [result.previous_by_level.get(lv, 0) for lv in levels])]),
        links=[[awards_link({"level": lv})(period, None) for lv in levels],
               [awards_link({"level": lv}, previous=True)(period, None) for lv in levels]])
    return [Panel(key="awards", title=_("Emulation and awards"), order=ORDER,
                  figures=figures, charts=[chart])]
