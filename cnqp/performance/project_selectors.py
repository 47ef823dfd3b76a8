"""Reading investment projects: what is late, what disburses slowly, the figures of a project
and of the directorate's portfolio in a year.

Everything is judged on a day (`on`): today for the lists, the year's last day (or today while
the year runs) for a year's figures.

- A milestone is late on a day when its planned date has passed and it was not reached by
  then, or was reached after it: `planned_on < on AND (actual_on IS NULL OR actual_on >
  planned_on)` (a milestone reached late stays late). Its days late: reached, the days from
  the planned to the actual date; not reached, from the planned date to the day.
- A project is finished on a day when its handover for operation was reached by then (or,
  judged today, when its status says completed or in operation); it is behind schedule when
  it is not finished and a milestone is late or its planned completion has passed.
- The disbursement rate of a year is what was disbursed in its quarters over their capital
  plan. It is slow when, once a quarter of the year has ended, less than
  `SLOW_DISBURSEMENT_SHARE` (80 %) of the plan of the quarters ended was disbursed in the year
  so far: a quarter still running counts what it disbursed, not what it plans.

The flags and sums are SQL (subqueries and conditions), so a list of projects costs the same
queries whatever its length; the figures of a year are two queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cnqp.core.access.scoping import scope_queryset, within_unit
from cnqp.core.models import OrgUnit, User
from cnqp.performance.choices import (
    MILESTONE_ORDER,
    FundingSource,
    MilestoneKind,
    PeriodKind,
    ProjectStatus,
)
from cnqp.performance.models import (
    Disbursement,
    Milestone,
    Project,
    ProjectFunding,
    ProjectVersion,
)
from cnqp.performance.periods import Period, period_label

# A year's disbursement is slow below this share of the capital planned for its quarters
# already ended (the directorate's yardstick: four fifths of the plan by the quarter's end).
SLOW_DISBURSEMENT_SHARE = Decimal("0.8")
FINISHED = (ProjectStatus.COMPLETED, ProjectStatus.OPERATING)

MONEY = DecimalField(max_digits=18, decimal_places=3)
ZERO = Decimal(0)


def judged_on(year: int, today: dt.date | None = None) -> dt.date:
    """The day a year is judged on: its last, or today while it runs."""
    today = today or timezone.localdate()
    return min(today, dt.date(year, 12, 31))


def quarters_ended(year: int, on: dt.date) -> int:
    """How many quarters of `year` have ended by `on` (a quarter ends with its last day: a
    past year, judged on 31/12, has ended all four)."""
    return sum(1 for quarter in (1, 2, 3, 4)
               if Period(year, PeriodKind.QUARTER, quarter).end <= on)


def rate(disbursed: Decimal | None, planned: Decimal | None) -> Decimal | None:
    """Disbursed over planned, in per cent to one decimal (None: nothing planned)."""
    if not planned:
        return None
    return (Decimal(disbursed or 0) * 100 / Decimal(planned)).quantize(Decimal("0.1"))


# --- milestones ----------------------------------------------------------------------------


def late_milestone(on: dt.date, prefix: str = "") -> Q:
    """The milestones late on `on` (prefix: the path from another model, "milestones__")."""
    return Q(**{f"{prefix}planned_on__lt": on}) & (
        Q(**{f"{prefix}actual_on__isnull": True})
        | Q(**{f"{prefix}actual_on__gt": F(f"{prefix}planned_on")}))


def days_late(milestone: Milestone, on: dt.date) -> int:
    """Days past the planned date: to the actual date once reached by `on`, else to `on`
    (0: on time, or not yet due)."""
    reached = milestone.actual_on is not None and milestone.actual_on <= on
    until = milestone.actual_on if reached else on
    assert until is not None
    return max(0, (until - milestone.planned_on).days)


@dataclass(frozen=True)
class MilestoneRow:
    milestone: Milestone
    days_late: int

    @property
    def late(self) -> bool:
        return self.days_late > 0


def milestone_rows(milestones: Iterable[Milestone], on: dt.date) -> list[MilestoneRow]:
    """A project's milestones in the order a project passes them, with their days late."""
    ordered = sorted(milestones, key=lambda m: MILESTONE_ORDER[MilestoneKind(m.kind)])
    return [MilestoneRow(m, days_late(m, on)) for m in ordered]


# --- projects ------------------------------------------------------------------------------


def finished(on: dt.date, today: dt.date | None = None) -> Q:
    """The projects handed over for operation by `on` (judged today: or whose status says
    they are completed or in operation)."""
    today = today or timezone.localdate()
    operated = Exists(Milestone.objects.filter(project=OuterRef("pk"),
                                               kind=MilestoneKind.OPERATION,
                                               actual_on__lte=on))
    condition = Q(operated)
    if on >= today:
        condition |= Q(status__in=FINISHED)
    return condition


def behind_schedule(on: dt.date, today: dt.date | None = None) -> Q:
    """The projects behind schedule on `on`: not finished, and a milestone late or the
    planned completion passed."""
    late = Exists(Milestone.objects.filter(late_milestone(on), project=OuterRef("pk")))
    return ~finished(on, today) & (Q(late) | Q(planned_end__lt=on))


def _sum(queryset: QuerySet[Disbursement], column: str) -> Coalesce:
    total = (queryset.filter(project=OuterRef("pk")).order_by().values("project")
             .annotate(total=Sum(column)).values("total"))
    return Coalesce(Subquery(total, output_field=MONEY), Value(ZERO), output_field=MONEY)


def slow(on: dt.date) -> Q:
    """The projects disbursing slowly in `on`'s year (needs `with_figures`' annotations)."""
    return Q(planned_ended__gt=0) & Q(
        disbursed_year__lt=F("planned_ended") * Value(SLOW_DISBURSEMENT_SHARE,
                                                      output_field=MONEY))


def with_figures(queryset: QuerySet[Project], year: int | None = None,
                 on: dt.date | None = None) -> QuerySet[Project]:
    """Each project with its figures, in SQL: disbursed and executed to date
    (`disbursed_total`, `executed_total`), the year's plan and disbursement (`planned_year`,
    `disbursed_year`, `planned_ended`: the plan of its quarters ended), the latest progress
    reported (`latest_progress`), and the flags `is_behind` and `is_slow`. The year is `on`'s
    (default today)."""
    on = on or timezone.localdate()
    year = on.year if year is None else year
    ended = quarters_ended(year, on)
    mine = Disbursement.objects.all()
    in_year = mine.filter(year=year)
    progress = (Disbursement.objects.filter(project=OuterRef("pk"))
                .order_by("-year", "-quarter").values("progress")[:1])
    annotated = queryset.annotate(
        disbursed_total=_sum(mine, "disbursed"),
        executed_total=_sum(mine, "executed"),
        planned_year=_sum(in_year, "planned"),
        disbursed_year=_sum(in_year, "disbursed"),
        planned_ended=_sum(in_year.filter(quarter__lte=ended), "planned"),
        latest_progress=Subquery(progress, output_field=IntegerField()),
        is_behind=Case(When(behind_schedule(on), then=Value(True)), default=Value(False),
                       output_field=BooleanField()),
    )
    return annotated.annotate(is_slow=Case(When(slow(on), then=Value(True)),
                                           default=Value(False), output_field=BooleanField()))


# --- a project's page ----------------------------------------------------------------------


@dataclass(frozen=True)
class VersionRow:
    """A decision with its funding by source, and what it changed against the one before."""

    version: ProjectVersion
    funding: dict[str, Decimal]
    total: Decimal
    previous: VersionRow | None = None

    @property
    def sources(self) -> list[tuple[str, str, Decimal, Decimal | None]]:
        """(source, its label, amount, change against the previous decision) for the sources
        either names."""
        before = self.previous.funding if self.previous else {}
        rows = []
        for source in FundingSource:
            if source in self.funding or source in before:
                amount = self.funding.get(source, ZERO)
                change = None if self.previous is None else amount - before.get(source, ZERO)
                rows.append((source.value, str(source.label), amount, change))
        return rows

    @property
    def total_change(self) -> Decimal | None:
        return None if self.previous is None else self.total - self.previous.total

    @property
    def end_change(self) -> int | None:
        """Days the planned completion moved (positive: later)."""
        if self.previous is None:
            return None
        return (self.version.planned_end - self.previous.version.planned_end).days

    @property
    def start_changed(self) -> bool:
        return (self.previous is not None
                and self.version.planned_start != self.previous.version.planned_start)


def version_rows(versions: Iterable[ProjectVersion]) -> list[VersionRow]:
    """The decisions in order, each with its funding (one query for all of them)."""
    versions = sorted(versions, key=lambda v: v.number)
    funding: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for row in ProjectFunding.objects.filter(version__in=[v.pk for v in versions]):
        funding[row.version_id][row.source] = row.amount
    rows: list[VersionRow] = []
    for version in versions:
        amounts = funding[version.pk]
        rows.append(VersionRow(version, amounts, sum(amounts.values(), ZERO),
                               rows[-1] if rows else None))
    return rows


@dataclass(frozen=True)
class QuarterRow:
    quarter: Disbursement
    label: str  # "quý II/2024"

    @property
    def rate(self) -> Decimal | None:
        return rate(self.quarter.disbursed, self.quarter.planned)


@dataclass
class DisbursementYear:
    """A year of a project's disbursement: its quarters and totals."""

    year: int
    quarters: list[QuarterRow] = field(default_factory=list)
    planned: Decimal = ZERO
    disbursed: Decimal = ZERO
    executed: Decimal = ZERO
    progress: int | None = None

    @property
    def rate(self) -> Decimal | None:
        return rate(self.disbursed, self.planned)


def disbursement_years(quarters: Iterable[Disbursement]) -> list[DisbursementYear]:
    """The quarters grouped by year, the latest year first, quarters in order, with the
    year's totals and the progress at its last quarter reported."""
    years: dict[int, DisbursementYear] = {}
    for quarter in sorted(quarters, key=lambda d: (-d.year, d.quarter)):
        year = years.setdefault(quarter.year, DisbursementYear(quarter.year))
        year.quarters.append(QuarterRow(quarter, period_label(quarter.year,
                                                              PeriodKind.QUARTER,
                                                              quarter.quarter)))
        year.planned += quarter.planned
        year.disbursed += quarter.disbursed
        year.executed += quarter.executed
        year.progress = quarter.progress
    return list(years.values())


# --- the portfolio's figures ---------------------------------------------------------------


@dataclass(frozen=True)
class ProjectFigures:
    """The directorate's investment projects in a year, as a reader may see them.

    `projects`: those approved by the year's end and not handed over before it began;
    `key_projects` among them; `in_progress`: those not finished by the year's end (today
    while it runs); `completed`: handed over for operation in the year; `behind_schedule`:
    behind on that day. Capital (million đồng): `planned` and `disbursed` over the year's
    quarters, `rate` = disbursed ÷ planned in per cent (None: nothing planned), `executed`
    the value executed in the year; `slow` the projects disbursing slowly."""

    year: int
    projects: int
    key_projects: int
    in_progress: int
    completed: int
    behind_schedule: int
    slow: int
    planned: Decimal
    disbursed: Decimal
    rate: Decimal | None
    executed: Decimal


def year_projects(queryset: QuerySet[Project], year: int) -> QuerySet[Project]:
    """The projects of a year: approved by its end, not handed over before it began."""
    approved = Exists(ProjectVersion.objects.filter(project=OuterRef("pk"), number=0,
                                                    decision_date__lte=dt.date(year, 12, 31)))
    before = Exists(Milestone.objects.filter(project=OuterRef("pk"),
                                             kind=MilestoneKind.OPERATION,
                                             actual_on__lt=dt.date(year, 1, 1)))
    return queryset.filter(approved).exclude(before)


def project_figures(user: User, year: int, unit: OrgUnit | None = None,
                    today: dt.date | None = None) -> ProjectFigures:
    """The figures of `year` from the projects `user` may see (a classified project above
    their clearance is neither seen nor counted), in `unit`'s subtree when given, as of
    `today` (a report of the year's first half passes its end): the capital disbursed and the
    value executed up to that day's quarter, against the whole year's capital plan. Two
    queries."""
    today = today or timezone.localdate()
    on = judged_on(year, today)
    projects = year_projects(within_unit(scope_queryset(Project.objects.all(), user), unit),
                             year)
    completed = Exists(Milestone.objects.filter(
        project=OuterRef("pk"), kind=MilestoneKind.OPERATION,
        actual_on__range=(dt.date(year, 1, 1), on)))
    counts: dict[str, Any] = with_figures(projects, year, on).aggregate(
        projects=Count("pk"),
        key_projects=Count("pk", filter=Q(key_project=True)),
        in_progress=Count("pk", filter=~finished(on, today)),
        completed=Count("pk", filter=Q(completed)),
        behind_schedule=Count("pk", filter=behind_schedule(on, today)),
        slow=Count("pk", filter=Q(is_slow=True)),
    )
    quarters = within_unit(scope_queryset(Disbursement.objects.filter(year=year), user), unit)
    to_date = Q(quarter__lte=(on.month - 1) // 3 + 1) if on.year == year else Q()
    sums = quarters.aggregate(planned=Sum("planned"),
                              disbursed=Sum("disbursed", filter=to_date),
                              executed=Sum("executed", filter=to_date))
    planned, disbursed = sums["planned"] or ZERO, sums["disbursed"] or ZERO
    return ProjectFigures(
        year=year, projects=counts["projects"], key_projects=counts["key_projects"],
        in_progress=counts["in_progress"], completed=counts["completed"],
        behind_schedule=counts["behind_schedule"], slow=counts["slow"], planned=planned,
        disbursed=disbursed, rate=rate(disbursed, planned),
        executed=sums["executed"] or ZERO)
