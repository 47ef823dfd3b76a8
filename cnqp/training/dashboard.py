"""Training on the home page (core.figures.dashboard's contract): the year's courses held (the
safety module's sessions among them), participants and pass rate against last year, each
linking to what it counts; a chart of the courses by kind this year and last, each bar opening
its courses (the safety bar the safety module's sessions). Every number is read from the
metric registry (metrics.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cnqp.core.figures import metrics
from cnqp.core.figures.dashboard import Chart, Panel, metric_figures
from cnqp.core.figures.reporting import ReportChart, ReportPeriod
from cnqp.core.models import User
from cnqp.training.choices import FigureKind
from cnqp.training.figures import TrainingFigures
from cnqp.training.metrics import PERMISSION, courses_link

ORDER = 65
FIGURES = ("training.courses", "training.participants", "training.pass_rate",
           "training.kind.safety")


def panels(user: User, year: int) -> list[Panel]:
    if not user.has_perm(PERMISSION):
        return []
    period = ReportPeriod.annual(year)
    with metrics.remembering():
        figures = metric_figures(user, year, FIGURES)
        result: TrainingFigures = metrics.read("training", user, period)
    if not result.now.courses and not result.previous.courses:
        return []
    kinds = list(FigureKind)
    chart = Chart(
        ReportChart(title=_("Training courses of %(year)s by kind") % {"year": year},
                    kind="bar", categories=[str(kind.label) for kind in kinds],
                    series=[(str(year - 1), [result.by_kind[k].previous_courses
                                             for k in kinds]),
                            (str(year), [result.by_kind[k].courses for k in kinds])]),
        links=[[courses_link(k.value, previous=True)(period, None) for k in kinds],
               [courses_link(k.value)(period, None) for k in kinds]])
    return [Panel(key="training", title=pgettext("training", "Training"), order=ORDER,
                  figures=figures, charts=[chart])]
