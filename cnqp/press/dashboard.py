"""Press coverage on the home page (core.figures.dashboard's contract): the year's items in
total and by kind against last year, each linking to the items it counts; a chart of the kinds
this year and last, each bar opening its items. Every number is read from the metric registry
(metrics.py)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from cnqp.core.figures import metrics
from cnqp.core.figures.dashboard import Chart, Figure, Panel, metric_figures
from cnqp.core.figures.reporting import ReportChart, ReportPeriod
from cnqp.core.models import User
from cnqp.press.choices import PressKind
from cnqp.press.figures import PressFigures
from cnqp.press.metrics import PERMISSION, items_url

ORDER = 75
KEYS = ["press.items", *(f"press.{kind.value}" for kind in PressKind)]


def _chart(figures: PressFigures, year: int) -> Chart:
    kinds = list(PressKind)
    last, this = (dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31)), (
        dt.date(year, 1, 1), dt.date(year, 12, 31))
    return Chart(
        ReportChart(title=_("Press items by kind"), kind="bar",
                    categories=[str(k.label) for k in kinds],
                    series=[(str(year - 1), [figures.previous_by_kind.get(k.value, 0)
                                             for k in kinds]),
                            (str(year), [figures.by_kind.get(k.value, 0) for k in kinds])]),
        links=[[items_url(*last, kind=k.value) for k in kinds],
               [items_url(*this, kind=k.value) for k in kinds]])


def panels(user: User, year: int) -> list[Panel]:
    if not user.has_perm(PERMISSION):
        return []
    with metrics.remembering():
        figures: list[Figure] = metric_figures(user, year, KEYS)
        result: PressFigures = metrics.read("press", user, ReportPeriod.annual(year))
    if not result.total and not result.previous_total:
        return []
    return [Panel(key="press", title=_("Press coverage"), order=ORDER, figures=figures,
                  charts=[_chart(result, year)])]
