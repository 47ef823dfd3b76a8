"""Legal work on the home page (core.figures.dashboard's contract): the year's documents in
drafting, issued, overdue, and the register's documents in force and due for review, against
last year, each linking to what it counts; a chart of the documents in drafting by kind whose
bars open them. Every number is read from the metric registry (metrics.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cnqp.core.figures import metrics
from cnqp.core.figures.dashboard import Chart, Panel, metric_figures
from cnqp.core.figures.reporting import ReportChart, ReportPeriod
from cnqp.core.models import User
from cnqp.legal.choices import DocumentKind
from cnqp.legal.figures import LegalFigures
from cnqp.legal.metrics import DRAFTS_PERMISSION, REGISTER_PERMISSION, drafts_link

ORDER = 66
FIGURES = ("legal.in_progress", "legal.issued", "legal.overdue", "legal.in_force",
           "legal.due_for_review")


def panels(user: User, year: int) -> list[Panel]:
    if not (user.has_perm(DRAFTS_PERMISSION) or user.has_perm(REGISTER_PERMISSION)):
        return []
    period = ReportPeriod.annual(year)
    with metrics.remembering():
        figures = metric_figures(user, year, FIGURES)
        result: LegalFigures = metrics.read("legal", user, period)
    now, before = result.now, result.previous
    if not any((now.in_progress, now.in_force, before.in_progress, before.in_force)):
        return []
    kinds = list(DocumentKind)
    chart = Chart(
        ReportChart(title=_("Legal documents in drafting in %(year)s by kind") % {"year": year},
                    kind="bar", categories=[str(k.label) for k in kinds],
                    series=[(str(year - 1), [result.previous_in_progress_by_kind.get(k.value, 0)
                                             for k in kinds]),
                            (str(year), [result.in_progress_by_kind.get(k.value, 0)
                                         for k in kinds])]),
        links=[[drafts_link("in_progress", True, kind=k.value)(period, None) for k in kinds],
               [drafts_link("in_progress", kind=k.value)(period, None) for k in kinds]])
    return [Panel(key="legal", title=pgettext("legal", "Legal work"), order=ORDER, figures=figures,
                  charts=[chart] if user.has_perm(DRAFTS_PERMISSION) else [])]
