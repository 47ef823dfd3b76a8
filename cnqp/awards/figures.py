"""The emulation and awards figures, computed from the awards and movements the reader may
see, for a period and the same period a year before:

- the awards decided in the period (by decision date): in all, on collectives and on
  individuals, emulation titles and forms of commendation; the same a year before, and the
  period's awards as a percentage of the year before's;
- by level (State, Ministry of National Defence, directorate, unit) and by title, each with
  the year before;
- by unit: a row per unit directly under the unit asked for (the directorate's units without
  one), counting the awards of its whole subtree, and a row for awards to that unit itself;
- the movements under way in the period (begun by its end, not ended before its start) and
  those launched in it, with the names of those under way;
- the collective awards that stand out (State or Ministry level, or a directorate's flag).

Every count is a SQL aggregate: seven queries whatever the number of awards. Registered in
`metrics.py`; the report's section and the dashboard read them from the registry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, IntegerField, Max, Q, QuerySet, Value, When

from cnqp.awards.choices import LEVELS, AwardCategory, AwardLevel
from cnqp.awards.models import Award, Movement
from cnqp.core.access.scoping import scope_queryset, within_unit
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit, User

HIGHLIGHTS = 10  # collective awards named in the report, at most
NAMES = 5  # movements named, the earliest first


def year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Counts:
    awards: int = 0
    collective: int = 0
    individual: int = 0
    titles: int = 0  # emulation titles (danh hiệu thi đua)
    commendations: int = 0  # forms of commendation (hình thức khen thưởng)


@dataclass(frozen=True)
class TitleRow:
    code: str
    name: str
    level: str
    awards: int
    collective: int
    individual: int
    previous: int  # the same period a year before


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    awards: int
    collective: int
    individual: int
    previous: int


@dataclass(frozen=True)
class Highlight:
    unit: str
    title: str
    authority: str


@dataclass(frozen=True)
class AwardFigures:
    start: dt.date
    end: dt.date
    now: Counts = field(default_factory=Counts)
    previous: Counts = field(default_factory=Counts)
    of_previous: float | None = None  # the period's awards, % of the year before's
    by_level: dict[str, int] = field(default_factory=dict)
    previous_by_level: dict[str, int] = field(default_factory=dict)
    by_title: list[TitleRow] = field(default_factory=list)
    by_unit: list[UnitRow] = field(default_factory=list)
    movements_active: int = 0
    movements_launched: int = 0
    movement_names: list[str] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    classification: int = 0


INDIVIDUAL = ~Q(person_name="")


def _counts(prefix: str, when: Q) -> dict[str, Any]:
    return {
        f"{prefix}awards": Count("pk", filter=when),
        f"{prefix}collective": Count("pk", filter=when & ~INDIVIDUAL),
        f"{prefix}individual": Count("pk", filter=when & INDIVIDUAL),
        f"{prefix}titles": Count("pk", filter=when & Q(title__category=AwardCategory.TITLE)),
        f"{prefix}commendations": Count(
            "pk", filter=when & Q(title__category=AwardCategory.COMMENDATION)),
    }


def _levels(prefix: str, when: Q) -> dict[str, Any]:
    return {f"{prefix}{level}": Count("pk", filter=when & Q(title__level=level))
            for level in LEVELS}


def _branches(unit: OrgUnit | None) -> list[OrgUnit]:
    """The units whose subtrees make the rows: those directly under `unit`, or under the
    roots without one."""
    if unit is not None:
        return list(OrgUnit.objects.filter(parent=unit).order_by("code"))
    return list(OrgUnit.objects.filter(parent__parent__isnull=True, parent__isnull=False)
                .order_by("code"))


def _by_unit(awards: QuerySet[Award], unit: OrgUnit | None, now: Q,
             before: Q) -> list[UnitRow]:
    """A row per branch (its subtree), and the unit's (or roots') own awards: one grouped
    query, the branch chosen in SQL by the longest matching path."""
    branches = _branches(unit)
    if unit is not None:
        heads = [unit]
    else:
        heads = list(OrgUnit.objects.filter(parent__isnull=True).order_by("code"))
    whens = [When(unit__path__startswith=b.path, then=Value(b.pk)) for b in branches]
    whens += [When(unit_id=h.pk, then=Value(h.pk)) for h in heads]
    if not whens:
        return []
    grouped = (awards.annotate(branch=Case(*whens, default=Value(0),
                                           output_field=IntegerField()))
               .values("branch").annotate(
                   awards=Count("pk", filter=now),
                   collective=Count("pk", filter=now & ~INDIVIDUAL),
                   individual=Count("pk", filter=now & INDIVIDUAL),
                   previous=Count("pk", filter=before)).order_by())
    found = {row["branch"]: row for row in grouped}
    rows = []
    for head in [*heads, *branches]:
        row = found.get(head.pk)
        if row and (row["awards"] or row["previous"]):
            rows.append(UnitRow(head.code, head.name, row["awards"], row["collective"],
                                row["individual"], row["previous"]))
    return rows


def award_figures(user: User, period: ReportPeriod, unit: OrgUnit | None = None
                  ) -> AwardFigures:
    """The awards to units in `unit`'s subtree (all the reader may see without one)."""
    before_start, before_end = year_before(period.start), year_before(period.end)
    now = Q(decision_date__gte=period.start, decision_date__lte=period.end)
    before = Q(decision_date__gte=before_start, decision_date__lte=before_end)
    awards = within_unit(scope_queryset(Award.objects.all(), user), unit).filter(
        now | before).order_by()
    totals = awards.aggregate(level=Max("classification"), **_counts("", now),
                              **_counts("previous_", before), **_levels("level_", now),
                              **_levels("previous_level_", before))
    current = Counts(**{name: totals[name] for name in Counts.__dataclass_fields__})
    previous = Counts(**{name: totals[f"previous_{name}"]
                         for name in Counts.__dataclass_fields__})
    titles = (awards.values("title__code", "title__name", "title__level", "title__order")
              .annotate(awards=Count("pk", filter=now),
                        collective=Count("pk", filter=now & ~INDIVIDUAL),
                        individual=Count("pk", filter=now & INDIVIDUAL),
                        previous=Count("pk", filter=before))
              .order_by("title__order", "title__code"))
    movements = within_unit(scope_queryset(Movement.objects.all(), user), unit).filter(
        start__lte=period.end).exclude(end__lt=period.start)
    counted = movements.order_by().aggregate(
        active=Count("pk"), launched=Count("pk", filter=Q(start__gte=period.start)),
        level=Max("classification"))
    names = list(movements.order_by("start", "name").values_list("name", flat=True)[:NAMES])
    highlights = list(
        awards.filter(now, person_name="")
        .filter(Q(title__level__in=(AwardLevel.STATE, AwardLevel.MINISTRY))
                | Q(title__level=AwardLevel.DIRECTORATE, title__category=AwardCategory.TITLE))
        .order_by("title__order", "decision_date", "unit__code")
        .values_list("unit__name", "title__name", "authority")[:HIGHLIGHTS])
    level = max(totals["level"] or 0, counted["level"] or 0)
    return AwardFigures(
        start=period.start, end=period.end, now=current, previous=previous,
        of_previous=(round(100 * current.awards / previous.awards, 1)
                     if previous.awards else None),
        by_level={lv: totals[f"level_{lv}"] for lv in LEVELS},
        previous_by_level={lv: totals[f"previous_level_{lv}"] for lv in LEVELS},
        by_title=[TitleRow(r["title__code"], r["title__name"], r["title__level"],
                           r["awards"], r["collective"], r["individual"], r["previous"])
                  for r in titles],
        by_unit=_by_unit(awards, unit, now, before),
        movements_active=counted["active"], movements_launched=counted["launched"],
        movement_names=names,
        highlights=[Highlight(*row) for row in highlights],
        classification=level)
