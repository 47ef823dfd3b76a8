"""The quality figures of a period, per product type and per enterprise, computed in the
database: for each counted model one grouped query with conditional aggregates over the
records the user may see (the conditions are selectors.condition, defined once). Totals are
sums of the groups (every counted record has one product type and one enterprise).
Definitions: docs/quality-figures.md.

`quality_figures` is the "quality" source of the metric registry (metrics.py): its result
holds every number the section, the panel, the figures page and the API print, rates and
means included, so that none is worked out again while printing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.figures import rollups
from cnqp.core.figures.rollups import Rollup
from cnqp.core.models import OrgUnit, User
from cnqp.documents.models import ProductType
from cnqp.production.choices import InspectionStage
from cnqp.production.models import Inspection, SerialUnit
from cnqp.production.rollups import DELIVERIES, INSPECTIONS
from cnqp.quality.choices import RootCauseStage, UsageUnit
from cnqp.quality.models import CorrectiveAction, FieldReport, NonConformance
from cnqp.quality.selectors import FIGURES, Period, condition, narrowed

DIMENSIONS = ("product_type", "enterprise")
UNDETERMINED = "undetermined"
STAGES = (*RootCauseStage.values, UNDETERMINED)

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


@dataclass(frozen=True)
class FigureRow:
    """The figures of one product type, one enterprise, or all: the counts (`FIGURES`), the
    pass rate in per cent and the defects per 1,000 delivered (one decimal, None with nothing
    to divide by), and the mean use before failure per way of counting use (hours, cycles,
    rounds: only those some failure was counted in)."""

    code: str = ""
    name: str = ""
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIGURES, 0))
    pass_rate: float | None = None
    per_thousand: float | None = None
    mean_usage: dict[str, float] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip()


@dataclass
class _Tally:
    """A row being summed: counts, and per usage unit the failures and their total use."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIGURES, 0))
    usage: dict[str, tuple[int, Decimal]] = field(default_factory=dict)

    def add(self, other: _Tally) -> None:
        for name, value in other.counts.items():
            self.counts[name] += value
        for unit, (n, total) in other.usage.items():
            mine = self.usage.get(unit, (0, Decimal(0)))
            self.usage[unit] = (mine[0] + n, mine[1] + total)

    def row(self, code: str = "", name: str = "") -> FigureRow:
        c = self.counts
        return FigureRow(
            code=code, name=name, counts=dict(c),
            pass_rate=round(100 * c["passed"] / c["inspected"], 1) if c["inspected"] else None,
            per_thousand=(round(1000 * c["defects"] / c["delivered"], 1) if c["delivered"]
                          else None),
            mean_usage={unit: float((total / n).quantize(Decimal("0.1")))
                        for unit, (n, total) in sorted(self.usage.items()) if n})


@dataclass(frozen=True)
class StageRow:
    """Non-conformances of one root-cause stage: open at the period's end, closed in it, and
    of those closed the defects found in use."""

    open: int = 0
    closed: int = 0
    fixed: int = 0


@dataclass(frozen=True)
class QualityFigures:
    """The figures of one period as far as one user may see. Rows per product type and per
    enterprise are keyed by the record's id as text (a path names it; an id is no figure),
    in the order of their codes; stages by RootCauseStage value or UNDETERMINED, in STAGES
    order. The stages sum to the total's nc_open, nc_closed and fixed (every non-conformance
    has a product type)."""

    period: Period
    total: FigureRow
    by_product_type: dict[str, FigureRow]
    by_enterprise: dict[str, FigureRow]
    stages: dict[str, StageRow]
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


# The queries production's rollups answer (cnqp/production/rollups.py): final acceptances
# of the period from the inspections by day, serials delivered by its end from the deliveries
# by day; (rollup, the rows counted, whether from the period's start or ever, the sums).
_ROLLED: dict[tuple[str, ...], tuple[Rollup, Q, bool, dict[str, Any]]] = {
    ("inspected", "passed"): (INSPECTIONS, Q(stage=InspectionStage.FINAL_ACCEPTANCE), True,
                              {"inspected": Sum("total"), "passed": Sum("passed")}),
    ("delivered",): (DELIVERIES, Q(), False, {"delivered": Sum("quantity")}),
}


def _rolled(user: User, figures: tuple[str, ...], period: Period, *,
            product_type: ProductType | None = None, enterprise: OrgUnit | None = None
            ) -> QuerySet[Any] | None:
    """The grouped rows of a query of _QUERIES read from a rollup, or None where none covers
    the user (then the records are counted)."""
    if figures not in _ROLLED:
        return None
    rollup, where, from_start, sums = _ROLLED[figures]
    days = rollups.rows(rollup, user, enterprise, period.start if from_start else None,
                        period.end)
    if days is None:
        return None
    if product_type is not None:
        days = days.filter(product_type=product_type)
    return (days.filter(where).order_by()
            .values(type_key=F("product_type_id"), unit_key=F("unit_id"))
            .annotate(**sums, level=Max("classification")))


def _by_pair(user: User, period: Period, **narrow: Any
             ) -> tuple[dict[tuple[int, int], _Tally], int]:
    """{(product type, enterprise): tally} and the highest level among the records counted:
    one grouped query per entry of _QUERIES (both dimensions at once), one for the reports."""
    rows: dict[tuple[int, int], _Tally] = defaultdict(_Tally)
    level = 0
    for model, figures in _QUERIES:
        grouped = _rolled(user, figures, period, **narrow)
        if grouped is None:
            type_key, unit_key = _KEYS["product_type"][model], _KEYS["enterprise"][model]
            grouped = (_base(user, model, figures, period, **narrow)
                       .annotate(type_key=F(type_key) if isinstance(type_key, str)
                                 else type_key, unit_key=F(unit_key))
                       .values("type_key", "unit_key")
                       .annotate(**{name: _count(name, period) if len(figures) > 1
                                    else Count("pk")  # one figure: the WHERE is its filter
                                    for name in figures}, level=Max(_LEVELS[model])))
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


def _folded(rows: dict[tuple[int, int], _Tally], index: int) -> dict[int, _Tally]:
    """The rows of one dimension (0: product type, 1: enterprise), summed over the other."""
    out: dict[int, _Tally] = defaultdict(_Tally)
    for pair, row in rows.items():
        out[pair[index]].add(row)
    return dict(out)


def stage_rows(user: User, period: Period, **narrow: Any) -> dict[str, StageRow]:
    """Non-conformances open, closed and fixed per root-cause stage. One query."""
    figures = ("nc_open", "nc_closed", "fixed")
    grouped = {r["root_cause_stage"] or UNDETERMINED: r for r in (
        _base(user, NonConformance, figures, period, **narrow).values("root_cause_stage")
        .annotate(**{name: _count(name, period) for name in figures}))}
    return {stage: StageRow(grouped.get(stage, {}).get("nc_open", 0),
                            grouped.get(stage, {}).get("nc_closed", 0),
                            grouped.get(stage, {}).get("fixed", 0)) for stage in STAGES}


def quality_figures(user: User, period: Period, *, product_type: ProductType | None = None,
                    enterprise: OrgUnit | None = None) -> QualityFigures:
    """The figures of `period` over the records `user` may see, optionally of one product
    type and of one enterprise's subtree. Nine queries, whatever the data."""
    narrow = {"product_type": product_type, "enterprise": enterprise}
    pairs, level = _by_pair(user, period, **narrow)
    per_type, per_unit = _folded(pairs, 0), _folded(pairs, 1)
    types = ProductType.objects.in_bulk(list(per_type))
    units = OrgUnit.objects.in_bulk(list(per_unit))
    total = _Tally()
    for tally in per_type.values():
        total.add(tally)
    by_type = sorted(per_type.items(), key=lambda kv: types[kv[0]].code)
    by_unit = sorted(per_unit.items(), key=lambda kv: units[kv[0]].code)
    return QualityFigures(
        period=period, total=total.row(),
        by_product_type={str(pk): t.row(types[pk].code, types[pk].name) for pk, t in by_type},
        by_enterprise={str(pk): t.row(units[pk].code, units[pk].name) for pk, t in by_unit},
        stages=stage_rows(user, period, **narrow), classification=level)


def usage_label(unit: str) -> str:
    return str(UsageUnit(unit).label)
