"""International cooperation on the home page (core.figures.dashboard's contract): the year's
agreements, delegations out and in, exhibitions attended with their products, export contracts
and their value, against last year, each linking to what it counts; a chart of the export
contracts' value by category whose bars open them. Every number is read from the metric
registry (metrics.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cnqp.cooperation.choices import ContractCategory
from cnqp.cooperation.figures import CooperationFigures
from cnqp.cooperation.metrics import _contracts
from cnqp.core.figures import metrics
from cnqp.core.figures.dashboard import Chart, Panel, metric_figures
from cnqp.core.figures.reporting import ReportChart, ReportPeriod
from cnqp.core.models import User

ORDER = 64
FIGURES = ("cooperation.agreements", "cooperation.delegations_out",
           "cooperation.delegations_in", "cooperation.events", "cooperation.products",
           "cooperation.contracts", "cooperation.value_billion")
PERMISSIONS = ("cooperation.view_agreement", "cooperation.view_delegation",
               "cooperation.view_exhibition", "cooperation.view_exportcontract")


def panels(user: User, year: int) -> list[Panel]:
    if not any(user.has_perm(p) for p in PERMISSIONS):
        return []
    period = ReportPeriod.annual(year)
    with metrics.remembering():
        figures = metric_figures(user, year, FIGURES)
        result: CooperationFigures = metrics.read("cooperation", user, period)
    now, before = result.now, result.previous
    if not any((now.agreements, now.delegations_out, now.delegations_in, now.events,
                now.contracts, before.contracts, before.events)):
        return []
    charts = []
    if user.has_perm("cooperation.view_exportcontract") and (now.contracts
                                                             or before.contracts):
        categories = list(ContractCategory)
        charts.append(Chart(
            ReportChart(title=_("Export contracts of %(year)s by category, billion VND")
                        % {"year": year}, kind="bar",
                        categories=[str(c.label) for c in categories],
                        series=[(str(year), [now.defence_billion, now.economic_billion]),
                                (str(year - 1),
                                 [before.defence_billion, before.economic_billion])]),
            links=[[_contracts(c.value)(period, None) for c in categories],
                   [_contracts(c.value, previous=True)(period, None) for c in categories]]))
    return [Panel(key="cooperation", title=_("International cooperation"), order=ORDER,
                  figures=figures, charts=charts)]
