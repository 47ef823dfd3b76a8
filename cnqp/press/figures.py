"""The press figures: the items published in a period, in total and by kind, the same for the
same period a year before and how many times as many ("gấp 1,8 lần"), by unit (each unit
directly under the one reported on, with its whole subtree) and by outlet (the ten with the
most items). Six grouped queries whatever the number of items. Registered in `metrics.py`;
the report section and the dashboard read them from the registry (docs/press-figures.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, CharField, Count, Max, Q, QuerySet, Value, When

from cnqp.core.access.scoping import within_unit
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit, User
from cnqp.press.choices import KINDS
from cnqp.press.models import PressItem
from cnqp.press.selectors import visible_items, year_before

TOP_OUTLETS = 10
ITSELF = ""  # the branch of the items about the unit reported on itself


@dataclass(frozen=True)
class UnitRow:
    """A unit directly under the one reported on (or that unit itself, `own`), with the items
    about it and every unit under it."""

    code: str
    name: str
    total: int
    previous: int
    own: bool = False


@dataclass(frozen=True)
class OutletRow:
    outlet: str
    total: int


@dataclass(frozen=True)
class PressFigures:
    start: dt.date
    end: dt.date
    total: int = 0
    # the round number `total` is more than, as the reports say it ("hơn 1.000" for 1.043):
    # thousands from 1.000, hundreds from 100, else the total itself
    total_floor: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    previous_total: int = 0  # the same period a year before
    previous_by_kind: dict[str, int] = field(default_factory=dict)
    ratio: float | None = None  # total ÷ previous_total, one decimal; None without a previous
    by_unit: list[UnitRow] = field(default_factory=list)
    by_outlet: list[OutletRow] = field(default_factory=list)
    classification: int = 0


def round_floor(total: int) -> int:
    for step in (1000, 100):
        if total >= step:
            return total // step * step
    return total


def times(total: int, previous: int) -> float | None:
    """How many times as many, to one decimal, halves up (1.037 ÷ 576 = 1,8)."""
    if not previous:
        return None
    return float((Decimal(total) / Decimal(previous)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def _counts(items: QuerySet[PressItem]) -> dict[str, int]:
    return items.aggregate(total=Count("pk"), level=Max("classification"),
                           **{kind: Count("pk", filter=Q(kind=kind)) for kind in KINDS})


def _root(user: User, unit: OrgUnit | None) -> OrgUnit | None:
    """The unit whose branches the rows are: the one reported on, else the reader's (the
    directorate for a reader who sees every unit)."""
    if unit is not None:
        return unit
    if user.sees_all_units:
        roots = list(OrgUnit.objects.filter(parent__isnull=True)[:2])
        return roots[0] if len(roots) == 1 else None
    return user.org_unit


def _by_unit(items: QuerySet[PressItem], root: OrgUnit | None, now: Q,
             before: Q) -> list[UnitRow]:
    if root is None:
        return []
    children = list(OrgUnit.objects.filter(parent=root).order_by("path"))
    branch = Case(*(When(subject_unit__path__startswith=c.path, then=Value(c.code))
                    for c in children), default=Value(ITSELF), output_field=CharField())
    counted = {row["branch"]: row for row in items.annotate(branch=branch).order_by()
               .values("branch").annotate(total=Count("pk", filter=now),
                                          previous=Count("pk", filter=before))}
    rows = [UnitRow(root.code, root.name, counted[ITSELF]["total"],
                    counted[ITSELF]["previous"], own=True)] if ITSELF in counted else []
    rows += [UnitRow(c.code, c.name, counted[c.code]["total"],
                     counted[c.code]["previous"]) for c in children if c.code in counted]
    return rows


def press_figures(user: User, period: ReportPeriod, unit: OrgUnit | None = None
                  ) -> PressFigures:
    """Items about `unit`'s subtree (all the reader may see without one) published in the
    period, and in the same period a year before."""
    start, end = period.start, period.end
    before_start, before_end = year_before(start), year_before(end)
    items = within_unit(visible_items(user), unit)
    now = Q(published_on__gte=start, published_on__lte=end)
    before = Q(published_on__gte=before_start, published_on__lte=before_end)
    current = _counts(items.filter(now))
    previous = _counts(items.filter(before))
    total, previous_total = current["total"], previous["total"]
    outlets = (items.filter(now).order_by().values("outlet").annotate(total=Count("pk"))
               .order_by("-total", "outlet")[:TOP_OUTLETS])
    return PressFigures(
        start=start, end=end, total=total, total_floor=round_floor(total),
        by_kind={kind: current[kind] for kind in KINDS}, previous_total=previous_total,
        previous_by_kind={kind: previous[kind] for kind in KINDS},
        ratio=times(total, previous_total),
        by_unit=_by_unit(items.filter(now | before), _root(user, unit), now, before),
        by_outlet=[OutletRow(row["outlet"], row["total"]) for row in outlets],
        classification=max(current["level"] or 0, previous["level"] or 0))
