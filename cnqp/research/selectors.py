"""Reads of science and technology shared by the pages, the API and the reports.

Every read starts from `scope_queryset` for the reading user, so a list, a count, a chart and a
report figure can never disagree about which projects a user may see. The definitions of the
period figures (which projects each one counts) live here, once, as querysets: the figures
aggregate them (report.py) and the pages list them (`?figure=...&start=...&end=...`).
Definitions in words: docs/research-figures.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from cnqp.core.access.scoping import scope_queryset, within_unit
from cnqp.core.models import OrgUnit, User
from cnqp.research.choices import EXECUTING, PIPELINE, ProjectLevel, ProjectStatus, Step
from cnqp.research.models import Initiative, ProjectEvent, ResearchProject

# Figures counted from the steps dated in the period: the project took one of these steps.
STEP_FIGURES: dict[str, tuple[str, ...]] = {
    "opened": (Step.OPEN,),
    "completed": (Step.COMPLETE,),
    "evaluated": (Step.ACCEPT, Step.FAIL_ACCEPTANCE),
    "accepted": (Step.ACCEPT,),
    "failed_acceptance": (Step.FAIL_ACCEPTANCE,),
    "eligible_o": (Step.ELIGIBLE_O,),
    "o_series": (Step.O_SERIES,),
    "applied": (Step.APPLY,),
    "extended": (Step.EXTEND,),
    "suspended": (Step.SUSPEND,),
    "cancelled": (Step.CANCEL,),
}
# Figures about the stage of projects through or at the end of the period.
STAGE_FIGURES = ("in_execution", "overdue")
UNBOUNDED = 2**62
FIGURES = (*STAGE_FIGURES, *STEP_FIGURES)


def check_period(start: dt.date, end: dt.date) -> None:
    if start > end:
        raise ValueError(f"The period starts ({start}) after it ends ({end}).")


def visible_projects(user: User, unit: OrgUnit | None = None) -> QuerySet[ResearchProject]:
    """The projects `user` may see; with `unit`, only those hosted in its subtree."""
    return within_unit(scope_queryset(ResearchProject.objects.all(), user), unit)


def visible_initiatives(user: User, unit: OrgUnit | None = None) -> QuerySet[Initiative]:
    return within_unit(scope_queryset(Initiative.objects.all(), user), unit)


# --- the definitions ---------------------------------------------------------------------------


def _stage_as_of(events: QuerySet[ProjectEvent]) -> Subquery:
    """The stage after the latest of `events` (same-day steps in the order recorded)."""
    return Subquery(events.order_by("-on_date", "-id").values("to_status")[:1])


def with_stage_flags(projects: QuerySet[ResearchProject], start: dt.date,
                     end: dt.date) -> QuerySet[ResearchProject]:
    """Annotate what the stage figures need, for the period [start, end]: the stage before
    `start` and at the end of `end`, the end date in force at `end`, and whether a step dated
    in the period left from or led into execution."""
    events = ProjectEvent.objects.filter(project=OuterRef("pk"))
    in_period = events.filter(on_date__gte=start, on_date__lte=end)
    last_extension = (events.filter(step=Step.EXTEND, on_date__lte=end)
                      .order_by("-on_date", "-id").values("new_end")[:1])
    return projects.annotate(
        stage_before=_stage_as_of(events.filter(on_date__lt=start)),
        stage_at_end=_stage_as_of(events.filter(on_date__lte=end)),
        end_in_force=Coalesce(Subquery(last_extension), F("planned_end")),
        touched=Exists(in_period.filter(Q(from_status__in=EXECUTING)
                                        | Q(to_status__in=EXECUTING))),
    )


def stage_condition(figure: str, end: dt.date) -> Q:
    """Over `with_stage_flags`:

    - in_execution, at some moment of the period: the stage before `start` is opened or in
      progress, or a step dated in the period leaves from or leads into one of them;
    - overdue at `end`: in execution at the end of `end` with the end date in force then (the
      new end of the latest extension dated up to `end`, else the planned end) before `end`.
    """
    if figure == "in_execution":
        return Q(stage_before__in=EXECUTING) | Q(touched=True)
    if figure == "overdue":
        return Q(stage_at_end__in=EXECUTING, end_in_force__lt=end)
    raise ValueError(f"unknown stage figure {figure!r}")


def counted_by(projects: QuerySet[ResearchProject], figure: str, start: dt.date,
               end: dt.date) -> QuerySet[ResearchProject]:
    """The projects among `projects` that `figure` counts for the period: what a number in a
    report links to."""
    check_period(start, end)
    if figure in STEP_FIGURES:
        steps = ProjectEvent.objects.filter(step__in=STEP_FIGURES[figure], on_date__gte=start,
                                            on_date__lte=end)
        return projects.filter(pk__in=steps.values("project_id"))
    if figure in STAGE_FIGURES:
        return with_stage_flags(projects, start, end).filter(stage_condition(figure, end))
    raise ValueError(f"unknown figure {figure!r}")


# --- the counts --------------------------------------------------------------------------------

LEVELS = [level.value for level in ProjectLevel]


def stage_counts(projects: QuerySet[ResearchProject], start: dt.date,
                 end: dt.date) -> dict[str, int]:
    """In execution and overdue, in total and per level (`in_execution__national`, ...), in
    one query: Django computes the annotations once per project in an inner query and
    aggregates over it. `classification`: the highest level among the projects counted."""
    # A project with no step since `start` is at the same stage before, in and after the
    # period: its current status. So only projects executing now or with a step since
    # `start` can count, and the per-project subqueries run for those alone.
    moved = ProjectEvent.objects.filter(on_date__gte=start).values("project_id")
    flagged = with_stage_flags(
        projects.filter(Q(status__in=EXECUTING) | Q(pk__in=moved)), start, end)
    counted = stage_condition("in_execution", end) | stage_condition("overdue", end)
    aggregates: dict[str, Any] = {"classification": Max("classification", filter=counted)}
    for figure in STAGE_FIGURES:
        condition = stage_condition(figure, end)
        aggregates[figure] = Count("pk", filter=condition)
        for level in LEVELS:
            aggregates[f"{figure}__{level}"] = Count("pk", filter=condition & Q(level=level))
    # The slice (no bound in practice) keeps the per-project subqueries in an inner query
    # that PostgreSQL and SQLite do not flatten: flattened, each FILTER of the aggregate
    # evaluated them again (11 times per project).
    return flagged[:UNBOUNDED].aggregate(**aggregates)


def step_counts(projects: QuerySet[ResearchProject], start: dt.date,
                end: dt.date) -> dict[str, int]:
    """The step figures, in total and per level: distinct projects, one query over the steps
    of the period. `classification`: the highest level among the projects counted."""
    events = ProjectEvent.objects.filter(project__in=projects.values("pk"),
                                         on_date__gte=start, on_date__lte=end)
    counted_steps = sorted({step for steps in STEP_FIGURES.values() for step in steps})
    aggregates: dict[str, Any] = {
        "classification": Max("project__classification", filter=Q(step__in=counted_steps))}
    for figure, steps in STEP_FIGURES.items():
        aggregates[figure] = Count("project_id", distinct=True, filter=Q(step__in=steps))
        for level in LEVELS:
            aggregates[f"{figure}__{level}"] = Count(
                "project_id", distinct=True, filter=Q(step__in=steps, project__level=level))
    return events.aggregate(**aggregates)


def yearly_trend(projects: QuerySet[ResearchProject], years: list[int],
                 step_figures: tuple[str, ...]) -> dict[str, list[int]]:
    """Per calendar year: projects in execution, and the given step figures, by the same
    definitions as `counted_by`. The steps of every year in one grouped query; in execution
    one query a year (it depends on each project's stage at the year's start)."""
    events = ProjectEvent.objects.filter(project__in=projects.values("pk"),
                                         on_date__year__gte=years[0],
                                         on_date__year__lte=years[-1])
    counts = (events.annotate(year=ExtractYear("on_date")).order_by().values("year")
              .annotate(**{figure: Count("project_id", distinct=True,
                                         filter=Q(step__in=STEP_FIGURES[figure]))
                           for figure in step_figures}))
    per_year: dict[int, dict[str, Any]] = {row["year"]: dict(row) for row in counts}
    trend: dict[str, list[int]] = {"in_execution": []}
    for year in years:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        trend["in_execution"].append(counted_by(projects, "in_execution", start, end).count())
    for figure in step_figures:
        trend[figure] = [per_year.get(year, {}).get(figure, 0) for year in years]
    return trend


def pipeline(projects: QuerySet[ResearchProject]) -> dict[str, dict[str, int]]:
    """Projects per stage and level, today: {stage: {level: n}} in one grouped query."""
    grid: dict[str, dict[str, int]] = {s.value: dict.fromkeys(LEVELS, 0) for s in ProjectStatus}
    rows = projects.order_by().values("status", "level").annotate(n=Count("pk"))
    for row in rows:
        grid[row["status"]][row["level"]] = row["n"]
    return grid


@dataclass(frozen=True)
class Pipeline:
    """The projects per stage and level today (`grid[stage][level]`), whatever the period:
    the home page's pipeline chart."""

    grid: dict[str, dict[str, int]]
    classification: int = 0


def pipeline_figures(user: User, period: object, unit: OrgUnit | None) -> Pipeline:
    projects = visible_projects(user, unit)
    level = projects.aggregate(level=Max("classification"))["level"] or 0
    return Pipeline(pipeline(projects), classification=level)


def overdue_now(projects: QuerySet[ResearchProject]) -> QuerySet[ResearchProject]:
    """In execution past the end date in force, today: the flag of the lists."""
    return projects.filter(status__in=EXECUTING, current_end__lt=timezone.localdate())


def stage_order() -> list[str]:
    return [s.value for s in PIPELINE]
