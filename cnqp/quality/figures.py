"""The quality figures of a period, per product type and per enterprise, computed in the
database: for each counted model one grouped query with conditional aggregates over the
records the user may see (the conditions are selectors.condition, defined once). Totals are
sums of the groups (every counted record has one product type and one enterprise).
Definitions: docs/quality-figures.md.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import OrgUnit, User
from cnqp.documents.models import ProductType
from cnqp.production.models import Inspection, SerialUnit
from cnqp.quality.choices import RootCauseStage, UsageUnit
from cnqp.quality.models import CorrectiveAction, FieldReport, NonConformance
from cnqp.quality.selectors import FIGURES, Period, condition, narrowed

DIMENSIONS = ("product_type", "enterprise")
UNDETERMINED = "undetermined"

# The grouping key of each counted model, per dimension.
_KEYS: dict[str, dict[type, Any]] = {
    "product_type": {
        Inspection: Coalesce("target__lot__product_type_id", "target__serial__product_type_id"),
        SerialUnit: "product_type_id", FieldReport: "product_type_id",
        NonConformance: "product_type_id", CorrectiveAction: "nonconformance__product_type_id"},
    "enterprise": {
        Inspection: "enterprise_id", SerialUnit: "enterprise_id",
        FieldReport: "enterprise_id", NonConformance: "enterprise_id",
        CorrectiveAction: "nonconformance__enterprise_id"},
}
_LEVELS = {Inspection: "classification", SerialUnit: "classification",
           FieldReport: "classification", NonConformance: "classification",
           CorrectiveAction: "classification"}


@dataclass
class FigureRow:
    """The figures of one product type, one enterprise, or all (key None)."""

    key: int | None
    code: str = ""
    name: str = ""
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIGURES, 0))
    usage: dict[str, tuple[int, Decimal]] = field(default_factory=dict)  # unit: (n, sum)

    @property
    def pass_rate(self) -> float | None:
        """Passed final acceptances per inspected, in per cent."""
        inspected = self.counts["inspected"]
        return round(100 * self.counts["passed"] / inspected, 1) if inspected else None

    @property
    def per_thousand(self) -> float | None:
        """Defective serials per 1,000 delivered."""
        delivered = self.counts["delivered"]
        return round(1000 * self.counts["defects"] / delivered, 1) if delivered else None

    @property
    def mean_usage(self) -> list[tuple[str, Decimal]]:
        """Mean usage before failure, per way of counting use (hours, cycles, rounds)."""
        return [(unit, (total / n).quantize(Decimal("0.1"))) for unit, (n, total)
                in sorted(self.usage.items()) if n]

    def add(self, other: FigureRow) -> None:
        for name, value in other.counts.items():
            self.counts[name] += value
        for unit, (n, total) in other.usage.items():
            mine = self.usage.get(unit, (0, Decimal(0)))
            self.usage[unit] = (mine[0] + n, mine[1] + total)


@dataclass(frozen=True)
class StageRow:
    stage: str  # a RootCauseStage value, or UNDETERMINED
    open: int
    closed: int
    fixed: int


@dataclass
class QualityFigures:
    period: Period
    total: FigureRow
    by_product_type: list[FigureRow]
    by_enterprise: list[FigureRow]
    stages: list[StageRow]
    classification: int = 0


def _base(user: User, model: type, figures: tuple[str, ...], period: Period,
          **narrow: Any) -> QuerySet[Any]:
    """The visible records of `model` that any of `figures` counts."""
    wanted = Q()
    for name in figures:
        wanted |= condition(name, period)
    visible = scope_queryset(model._default_manager.all(), user).filter(wanted)  # type: ignore[attr-defined]
    return narrowed(visible, **narrow).order_by()


def _count(name: str, period: Period) -> Count:
    return Count("pk", filter=condition(name, period))


# Each counted model's figures, in the queries that count them. The serials' figures are
# memberships of other tables (delivered, named in a report): each gets its own query, where
# PostgreSQL joins the membership (a semi-join); as FILTERs of one query they would be
# subplans, which at a million delivery lines no longer fit in memory and turn quadratic.
_QUERIES: tuple[tuple[type[Any], tuple[str, ...]], ...] = (
    (Inspection, ("inspected", "passed")),
    (SerialUnit, ("delivered",)),
    (SerialUnit, ("defects",)),
    (NonConformance, ("nc_open", "nc_closed", "fixed")),
    (CorrectiveAction, ("overdue_actions",)),
)


def _by_pair(user: User, period: Period, **narrow: Any
             ) -> tuple[dict[tuple[int, int], FigureRow], int]:
    """{(product type, enterprise): row} and the highest level among the records counted:
    one grouped query per entry of _QUERIES (both dimensions at once), one for the reports."""
    rows: dict[tuple[int, int], FigureRow] = defaultdict(lambda: FigureRow(None))
    level = 0
    for model, figures in _QUERIES:
        type_key, unit_key = _KEYS["product_type"][model], _KEYS["enterprise"][model]
        grouped = (_base(user, model, figures, period, **narrow)
                   .annotate(type_key=F(type_key) if isinstance(type_key, str) else type_key,
                             unit_key=F(unit_key))
                   .values("type_key", "unit_key")
                   .annotate(**{name: _count(name, period) if len(figures) > 1 else Count("pk")
                                for name in figures},  # one figure: the WHERE is its filter
                             level=Max(_LEVELS[model])))
        for r in grouped:
            level = max(level, r["level"] or 0)
            if r["type_key"] is None:
                continue
            for name in figures:
                rows[(r["type_key"], r["unit_key"])].counts[name] += r[name]
    reports = (_base(user, FieldReport, ("failures",), period, **narrow)
               .values("product_type_id", "enterprise_id", "usage_unit")
               .annotate(n=Count("pk"), total=Sum("usage_value"), level=Max("classification")))
    for r in reports:
        row = rows[(r["product_type_id"], r["enterprise_id"])]
        row.counts["failures"] += r["n"]
        n, total = row.usage.get(r["usage_unit"], (0, Decimal(0)))
        row.usage[r["usage_unit"]] = (n + r["n"], total + Decimal(str(r["total"] or 0)))
        level = max(level, r["level"] or 0)
    return dict(rows), level


def _folded(rows: dict[tuple[int, int], FigureRow], index: int) -> dict[int, FigureRow]:
    """The rows of one dimension (0: product type, 1: enterprise), summed over the other."""
    out: dict[int, FigureRow] = defaultdict(lambda: FigureRow(None))
    for pair, row in rows.items():
        out[pair[index]].add(row)
    return dict(out)


def stage_rows(user: User, period: Period, **narrow: Any) -> list[StageRow]:
    """Non-conformances open, closed and fixed per root-cause stage. One query."""
    figures = ("nc_open", "nc_closed", "fixed")
    grouped = {r["root_cause_stage"]: r for r in (
        _base(user, NonConformance, figures, period, **narrow).values("root_cause_stage")
        .annotate(**{name: _count(name, period) for name in figures}))}
    out = []
    for stage in [*RootCauseStage.values, ""]:
        r = grouped.get(stage, {})
        out.append(StageRow(stage or UNDETERMINED, r.get("nc_open", 0), r.get("nc_closed", 0),
                            r.get("fixed", 0)))
    return out


def quality_figures(user: User, period: Period, *, product_type: ProductType | None = None,
                    enterprise: OrgUnit | None = None) -> QualityFigures:
    """The figures of `period` over the records `user` may see, optionally of one product
    type and of one enterprise's subtree. Nine queries, whatever the data."""
    narrow = {"product_type": product_type, "enterprise": enterprise}
    pairs, level = _by_pair(user, period, **narrow)
    per_type, per_unit = _folded(pairs, 0), _folded(pairs, 1)
    types = ProductType.objects.in_bulk(list(per_type))
    units = OrgUnit.objects.in_bulk(list(per_unit))
    total = FigureRow(None)
    for key, row in per_type.items():
        row.key, row.code, row.name = key, types[key].code, types[key].name
        total.add(row)
    for key, row in per_unit.items():
        row.key, row.code, row.name = key, units[key].code, units[key].name
    return QualityFigures(
        period=period, total=total,
        by_product_type=sorted(per_type.values(), key=lambda r: r.code),
        by_enterprise=sorted(per_unit.values(), key=lambda r: r.code),
        stages=stage_rows(user, period, **narrow), classification=level)


def usage_label(unit: str) -> str:
    return str(UsageUnit(unit).label)
