"""The directives' figures in the metric registry (core.figures.metrics): the tasks assigned
to units in the four buckets of QĐ 42/2014, computed once by `figures.task_figures`."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cnqp.core.figures.metrics import Better, Link, Metric, Source, register, register_source
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit
from cnqp.directives.figures import TaskFigures, task_figures

register_source(Source("directives", task_figures, TaskFigures))

TASKS = _("tasks")
PERMISSION = "directives.view_task"


def tasks_link(bucket: str = "") -> Link:
    """The tasks of a bucket today (the list filters by today's bucket: for a past period the
    list is the nearest a link can be)."""

    def link(period: ReportPeriod, unit: OrgUnit | None) -> str:
        query = {"bucket": bucket} if bucket else {}
        if unit is not None:
            query["lead_unit"] = str(unit.pk)
        return f"{reverse('directives:tasks-list')}?{urlencode(query)}"

    return link


FIGURES = [
    ("assigned", _("Tasks followed"), Better.HIGHER, ""),
    ("assigned_in_period", _("Tasks assigned in the period"), Better.HIGHER, ""),
    ("done", _("Tasks completed"), Better.HIGHER, ""),
    ("done_on_time", _("Tasks completed on time"), Better.HIGHER, "done_on_time"),
    ("done_late", _("Tasks completed late"), Better.LOWER, "done_late"),
    ("not_done", _("Tasks not completed"), Better.LOWER, ""),
    ("open_in_time", _("Tasks not completed, within the deadline"), Better.HIGHER,
     "open_in_time"),
    ("overdue", _("Tasks overdue, not completed"), Better.LOWER, "overdue"),
]

register(
    *(Metric(f"directives.tasks_{name}", "directives", name, label, TASKS, better=better,
             link=tasks_link(bucket), permission=PERMISSION)
      for name, label, better, bucket in FIGURES),
    Metric("directives.tasks_overdue_share", "directives", "overdue_share",
           _("Share of tasks overdue"), "%", better=Better.LOWER, decimals=1,
           link=tasks_link("overdue"), permission=PERMISSION),
    *(Metric(f"directives.tasks_by_directive.{name}", "directives", f"by_directive.*.{name}",
             label, TASKS, better=better, permission=PERMISSION, compared=False)
      for name, label, better, _bucket in FIGURES
      if name in ("assigned", "done_on_time", "done_late", "open_in_time", "overdue")),
)
