"""The periodic reports' section on carrying out resolutions and directives: the tasks
assigned to units in the four buckets of QĐ 42/2014 at the end of the period, in total and per
directive, every number read from the metric registry (`metrics.py`)."""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.figures import metrics
from cnqp.core.figures.reporting import ReportPeriod, ReportSection, ReportTable, SectionSpec
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import format_date, format_number
from cnqp.directives.figures import TaskFigures

SECTION = SectionSpec(key="directives", title=gettext_lazy("Carrying out resolutions and "
                                                          "directives"), order=70)


def render_section(figures: TaskFigures) -> ReportSection:
    n = format_number
    if not figures.assigned:
        text = _("No task assigned under resolutions and directives was followed from "
                 "%(start)s to %(end)s.") % {"start": format_date(figures.start),
                                            "end": format_date(figures.end)}
        return ReportSection(title=str(SECTION.title), paragraphs=[text], key=SECTION.key)
    text = _(
        "Units followed %(assigned)s tasks assigned under resolutions and directives "
        "(%(new)s assigned in the period); %(done)s were completed (%(on_time)s on time, "
        "%(late)s late) and %(not_done)s not completed at %(end)s (%(in_time)s within their "
        "deadline, %(overdue)s overdue): %(share)s%% overdue.") % {
        "assigned": n(figures.assigned), "new": n(figures.assigned_in_period),
        "done": n(figures.done), "on_time": n(figures.done_on_time),
        "late": n(figures.done_late), "not_done": n(figures.not_done),
        "end": format_date(figures.end), "in_time": n(figures.open_in_time),
        "overdue": n(figures.overdue), "share": n(figures.overdue_share, 1)}
    rows: list[list[str | int]] = [
        [row.directive, row.assigned, row.done_on_time, row.done_late, row.open_in_time,
         row.overdue] for row in figures.by_directive]
    rows.append([_("Total"), figures.assigned, figures.done_on_time, figures.done_late,
                 figures.open_in_time, figures.overdue])
    table = ReportTable(
        title=_("Tasks assigned under resolutions and directives"),
        columns=[_("Resolution or directive"), _("Tasks"), _("Completed on time"),
                 _("Completed late"), _("Not completed, within the deadline"),
                 _("Overdue, not completed")],
        rows=rows, classification=figures.classification)
    return ReportSection(title=str(SECTION.title), paragraphs=[text], tables=[table],
                         classification=figures.classification, key=SECTION.key)


def build_section(user: User, period: ReportPeriod, unit: OrgUnit | None) -> ReportSection:
    figures: TaskFigures = metrics.read("directives", user, period, unit)
    return replace(render_section(figures), key=SECTION.key)
