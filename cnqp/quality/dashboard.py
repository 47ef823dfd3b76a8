"""The quality panel of the home page (core.dashboard's contract): field failures reported,
non-conformances still open, closed, and fixed in the year, overdue corrective actions, each
against last year and linked to exactly the records it counts (selectors.figure_records); a
chart of the year's non-conformances by root-cause stage. The figures over millions of
records (pass rate, defects per 1,000 delivered) stay on the figures page and in the reports.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cnqp.core.choices import OrgUnitKind
from cnqp.core.figures.dashboard import Chart, Figure, Panel
from cnqp.core.figures.reporting import ReportChart
from cnqp.core.models import User
from cnqp.quality.figures import stage_rows
from cnqp.quality.figures_page import figure_link
from cnqp.quality.report import stage_label
from cnqp.quality.selectors import Period, figure_records

SHOWN = ("failures", "nc_open", "nc_closed", "fixed", "overdue_actions")


def _period(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _label(figure: str) -> str:
    labels = {
        "failures": _("Field failures reported"),
        "nc_open": _("Non-conformances open at the year's end"),
        "nc_closed": _("Non-conformances closed"),
        "fixed": _("Field defects fixed"),
        "overdue_actions": _("Corrective actions overdue"),
    }
    return labels[figure]


def _figure(user: User, figure: str, year: int) -> Figure:
    now, before = _period(year), _period(year - 1)
    return Figure(
        key=f"quality.{figure}", label=_label(figure),
        value=figure_records(user, figure, now).count(),
        url=figure_link(figure, {"start": now.start, "end": now.end}),
        previous=figure_records(user, figure, before).count(),
        previous_url=figure_link(figure, {"start": before.start, "end": before.end}))


def panels(user: User, year: int) -> list[Panel]:
    unit = user.org_unit
    if unit is not None and unit.kind == OrgUnitKind.USER_UNIT:  # the reports it filed
        if not user.has_perm("quality.view_fieldreport"):
            return []
        return [Panel(key="quality", title=_("Quality reports filed"), order=40,
                      figures=[_figure(user, "failures", year)])]
    if not user.has_perm("quality.view_nonconformance"):
        return []
    figures = [_figure(user, name, year) for name in SHOWN]
    period = _period(year)
    stages = stage_rows(user, period)
    chosen = {"start": period.start, "end": period.end}
    chart = Chart(
        ReportChart(title=_("Non-conformances of %(year)s by root-cause stage") % {
            "year": year}, kind="stacked",
            categories=[stage_label(s.stage) for s in stages],
            series=[(pgettext("non-conformance", "Open"), [s.open for s in stages]),
                    (_("Closed"), [s.closed for s in stages])]),
        links=[[figure_link(name, chosen, stage=s.stage) for s in stages]
               for name in ("nc_open", "nc_closed")])
    return [Panel(key="quality", title=_("Quality over the whole life"), order=40,
                  figures=figures, charts=[chart])]
