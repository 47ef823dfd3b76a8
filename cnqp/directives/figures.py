"""The directives' own figures: the tasks assigned to units in the four buckets of QĐ
42/2014/QĐ-TTg at the end of a period, in total and per directive, as the reader may see them
(two grouped queries whatever the number of tasks). Registered in `metrics.py`; the periodic
reports' section and the API read them from the registry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Count, Max, Q

from cnqp.core.access.scoping import within_unit
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit, User
from cnqp.directives.choices import TaskStatus
from cnqp.directives.selectors import task_status, visible_tasks

BUCKETS = [status.value for status in TaskStatus]


@dataclass(frozen=True)
class DirectiveTasks:
    """One directive's tasks (a breakdown row)."""

    directive: str  # its number and symbol, as printed
    assigned: int
    done_on_time: int
    done_late: int
    open_in_time: int
    overdue: int


@dataclass(frozen=True)
class TaskFigures:
    """The tasks followed in a period (assigned by its end, not completed before it began)
    by their bucket at its end."""

    start: dt.date
    end: dt.date
    assigned: int = 0  # followed in the period
    assigned_in_period: int = 0
    done: int = 0
    done_on_time: int = 0
    done_late: int = 0
    not_done: int = 0
    open_in_time: int = 0
    overdue: int = 0
    overdue_share: float = 0.0  # overdue among those followed, per cent, one decimal
    by_directive: list[DirectiveTasks] = field(default_factory=list)
    classification: int = 0


def task_figures(user: User, period: ReportPeriod, unit: OrgUnit | None = None
                 ) -> TaskFigures:
    """Tasks whose lead unit is in `unit`'s subtree (all the reader may see without one)."""
    followed = (within_unit(visible_tasks(user), unit)
                .filter(assigned_on__lte=period.end)
                .exclude(completed_on__lt=period.start)
                .annotate(bucket=task_status(period.end)).order_by())
    counts = {f"{b}": Count("pk", filter=Q(bucket=b)) for b in BUCKETS}
    totals = followed.aggregate(
        assigned=Count("pk"), level=Max("classification"),
        assigned_in_period=Count("pk", filter=Q(assigned_on__gte=period.start)), **counts)
    grouped = (followed.values("directive__number", "directive__issued_on")
               .annotate(assigned=Count("pk"), **counts)
               .order_by("directive__issued_on", "directive__number"))
    rows = cast(list[dict[str, Any]], list(grouped))  # the bucket keys are known at run time
    assigned = totals["assigned"]
    return TaskFigures(
        start=period.start, end=period.end, assigned=assigned,
        assigned_in_period=totals["assigned_in_period"],
        done=totals[TaskStatus.DONE_ON_TIME] + totals[TaskStatus.DONE_LATE],
        done_on_time=totals[TaskStatus.DONE_ON_TIME], done_late=totals[TaskStatus.DONE_LATE],
        not_done=totals[TaskStatus.OPEN_IN_TIME] + totals[TaskStatus.OVERDUE],
        open_in_time=totals[TaskStatus.OPEN_IN_TIME], overdue=totals[TaskStatus.OVERDUE],
        overdue_share=round(100 * totals[TaskStatus.OVERDUE] / assigned, 1) if assigned else 0.0,
        by_directive=[DirectiveTasks(row["directive__number"], row["assigned"],
                                     *(row[b] for b in BUCKETS)) for row in rows],
        classification=totals["level"] or 0)
