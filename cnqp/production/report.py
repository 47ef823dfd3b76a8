"""The production section of the periodic reports.

Every figure is computed in the database with conditional aggregates, through
`scope_queryset` for the reading user (a user counts only the plans, items, serials, lots and
inspections they may see). Definitions: docs/production-figures.md.

- completion (N/M): over the plan items of the year's plans, M distinct product types, N
  those whose every item is done well: completed on or before its due date, with at least one
  final acceptance on its output and none failed (quality passed on the first try).
- output: accepted units (a passed, signed-off final acceptance) built in the period
  (`made_date`), serials counted one each and lots by their quantity; "repaired" when built
  under a repair item, "produced" otherwise (production items, or no item).
- acceptance: inspections dated in the period, per stage, passed and failed; the pass rate
  is passed / total, in per cent with one decimal; final acceptances also per month.

`production_figures` is the metric registry's source "production" (cnqp/production/metrics.py
names each of its numbers): the section, the home page, the plan board and the API read it
there and print it; nothing is counted, summed or divided while printing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, IntegerField, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.access.scoping import scope_queryset, within_unit
from cnqp.core.figures import metrics, rollups
from cnqp.core.figures.reporting import (
    ReportChart,
    ReportPeriod,
    ReportSection,
    ReportTable,
    SectionSpec,
)
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import format_date, format_number
from cnqp.documents.choices import ProductGroup
from cnqp.production.choices import (
    FundingSource,
    InspectionResult,
    InspectionStage,
    OnTimeStatus,
    PlanItemKind,
    PlanItemStatus,
)
from cnqp.production.models import (
    DeliveryLine,
    Inspection,
    Lot,
    OutputDay,
    PlanItem,
    SerialUnit,
)
from cnqp.production.rollups import DELIVERIES, INSPECTIONS, OUTPUT
from cnqp.production.selectors import UNBOUNDED, accepted_node_ids, annotate_flags

SECTION = SectionSpec(key="production", title=gettext_lazy("Production and repair"), order=30)


@dataclass(frozen=True)
class EnterpriseCompletion:
    code: str
    name: str
    done: int  # N: product types all of whose items are done well
    total: int  # M: distinct product types planned
    items: int
    completed: int
    on_time: int
    quality_passed: int


@dataclass(frozen=True)
class Completion:
    """The year's plans: N/M and the item counts for the directorate (the total row of the
    per-enterprise table) and per enterprise, and the planned quantities against the accepted
    output built under them."""

    done: int
    total: int
    items: int = 0
    completed: int = 0
    on_time: int = 0
    quality_passed: int = 0
    planned_quantity: int = 0
    accepted_quantity: int = 0  # accepted serials and lot quantities of the year's items
    enterprises: list[EnterpriseCompletion] = field(default_factory=list)
    # N/M over the defence product types funded from the budget only, as the directorate's
    # reports print it: "91/91 chủng loại sản phẩm quốc phòng từ các nguồn ngân sách"
    defence_done: int = 0
    defence_total: int = 0


@dataclass(frozen=True)
class StageRate:
    stage: str
    total: int
    passed: int
    failed: int
    rate: float | None  # passed / total in per cent, one decimal; None when none inspected


@dataclass(frozen=True)
class MonthFinals:
    """Final acceptances of one month ("2024-03") of the period: the home page's trend."""

    month: str
    total: int
    passed: int
    failed: int


@dataclass(frozen=True)
class TypeOutput:
    """Accepted output built in the period of one product type."""

    code: str
    produced_serials: int = 0
    repaired_serials: int = 0
    produced_lot_quantity: int = 0
    repaired_lot_quantity: int = 0


@dataclass(frozen=True)
class ProductionFigures:
    """Every production figure of a period (the source "production" of the metric registry,
    cnqp/production/metrics.py): output and inspections of [start, end], and the plans of
    `year`."""

    start: dt.date
    end: dt.date
    year: int
    completion: Completion
    produced_serials: int = 0
    produced_lot_quantity: int = 0
    repaired_serials: int = 0
    repaired_lot_quantity: int = 0
    accepted_serials: int = 0  # produced and repaired
    by_product_type: list[TypeOutput] = field(default_factory=list)
    stages: dict[str, StageRate] = field(default_factory=dict)
    final_by_month: list[MonthFinals] = field(default_factory=list)
    classification: int = 0  # the highest level among the records counted


def _completion(user: User, year: int, unit: OrgUnit | None,
                today: dt.date | None) -> tuple[Completion, int]:
    """The year's plans, and the highest level among them. Four queries: the enterprises
    with plans, every N/M and item figure in one aggregate over the items' flags, and the
    accepted output of the items (serials, lots)."""
    items = within_unit(scope_queryset(PlanItem.objects.filter(plan__year=year), user), unit)
    enterprises = list(items.order_by("plan__enterprise__code")
                       .values_list("plan__enterprise__code", "plan__enterprise__name")
                       .distinct())
    # done_well and quality_passed spelled from the flags they derive from, so that the inner
    # query selects each EXISTS once (unused annotations are left out of it).
    on_time = Q(on_time_status=OnTimeStatus.ON_TIME)
    quality = Q(has_final=True, has_failed=False)
    failing = ~(on_time & quality)

    def figures(prefix: str, scope: Q) -> dict[str, Any]:
        return {
            f"{prefix}types": Count("product_type", distinct=True, filter=scope),
            f"{prefix}failing": Count("product_type", distinct=True, filter=scope & failing),
            f"{prefix}items": Count("pk", filter=scope),
            f"{prefix}completed": Count("pk", filter=scope & Q(status=PlanItemStatus.COMPLETED)),
            f"{prefix}on_time": Count("pk", filter=scope & on_time),
            f"{prefix}quality": Count("pk", filter=scope & quality),
        }

    zero = Value(0, output_field=IntegerField())
    defence = Q(product_type__group=ProductGroup.DEFENSE,
                funding_source=FundingSource.STATE_BUDGET)
    aggregates = {**figures("", Q()), "level": Max("plan__classification"),
                  "planned": Coalesce(Sum("quantity"), zero),
                  "defence_types": Count("product_type", distinct=True, filter=defence),
                  "defence_failing": Count("product_type", distinct=True,
                                           filter=defence & failing)}
    for index, (code, _name) in enumerate(enterprises):
        aggregates.update(figures(f"e{index}_", Q(plan__enterprise__code=code)))
    # One aggregate over an inner query that computes each item's flags once (the slice
    # keeps PostgreSQL from inlining them into every FILTER, as a GROUP BY would not).
    row = annotate_flags(items, today)[:UNBOUNDED].aggregate(**aggregates)
    # The progress of the items summed over their output rather than item by item.
    accepted = Q(plan_item__in=items.values("pk"), node_id__in=accepted_node_ids())
    accepted_serials = SerialUnit.objects.filter(accepted).count()
    accepted_lots = Lot.objects.filter(accepted).aggregate(n=Coalesce(Sum("quantity"), zero))
    return Completion(
        done=row["types"] - row["failing"], total=row["types"], items=row["items"],
        completed=row["completed"], on_time=row["on_time"], quality_passed=row["quality"],
        planned_quantity=row["planned"], accepted_quantity=accepted_serials + accepted_lots["n"],
        defence_done=row["defence_types"] - row["defence_failing"],
        defence_total=row["defence_types"],
        enterprises=[EnterpriseCompletion(
            code=code, name=name, done=row[f"e{i}_types"] - row[f"e{i}_failing"],
            total=row[f"e{i}_types"], items=row[f"e{i}_items"],
            completed=row[f"e{i}_completed"], on_time=row[f"e{i}_on_time"],
            quality_passed=row[f"e{i}_quality"])
            for i, (code, name) in enumerate(enterprises)]), row["level"] or 0


def plan_completion(user: User, year: int, unit: OrgUnit | None = None,
                    today: dt.date | None = None) -> Completion:
    """The N/M figure of the year, for the directorate and per enterprise (for tests and
    services: pages, the API and reports read it from the metric registry)."""
    return _completion(user, year, unit, today)[0]


def _output(user: User, start: dt.date, end: dt.date,
            unit: OrgUnit | None) -> tuple[dict[str, int], list[TypeOutput]]:
    """Accepted output built in the period: totals (with `classification`, the highest level
    among the serials and lots counted), and per product type: from the rollup where it
    covers the user (one query), else from the serials and lots (two)."""
    days = rollups.rows(OUTPUT, user, unit, start, end)
    if days is not None:
        return _output_rolled(days)
    repair = Q(plan_item__kind=PlanItemKind.REPAIR)
    built = Q(made_date__gte=start, made_date__lte=end, node_id__in=accepted_node_ids())
    serials = within_unit(scope_queryset(SerialUnit.objects.filter(built), user), unit)
    lots = within_unit(scope_queryset(Lot.objects.filter(built), user), unit)
    zero = Value(0, output_field=IntegerField())
    per_type: dict[str, dict[str, int]] = {}
    totals = {"produced_serials": 0, "repaired_serials": 0, "produced_lot_quantity": 0,
              "repaired_lot_quantity": 0, "classification": 0}
    for kind, rows in (
            ("serials", serials.order_by().values("product_type__code").annotate(
                p=Count("pk", filter=~repair), r=Count("pk", filter=repair),
                level=Max("classification"))),
            ("lot_quantity", lots.order_by().values("product_type__code").annotate(
                p=Coalesce(Sum("quantity", filter=~repair), zero),
                r=Coalesce(Sum("quantity", filter=repair), zero),
                level=Max("classification")))):
        for row in rows:
            counts = per_type.setdefault(row["product_type__code"], {})
            counts[f"produced_{kind}"], counts[f"repaired_{kind}"] = row["p"], row["r"]
            totals[f"produced_{kind}"] += row["p"]
            totals[f"repaired_{kind}"] += row["r"]
            totals["classification"] = max(totals["classification"], row["level"] or 0)
    return totals, [TypeOutput(code, **counts) for code, counts in sorted(per_type.items())]


def _output_rolled(days: QuerySet[OutputDay]) -> tuple[dict[str, int], list[TypeOutput]]:
    zero = Value(0, output_field=IntegerField())
    sums = {f"{made}_{kind}": Coalesce(Sum("quantity", filter=Q(
        repair=(made == "repaired"), is_lot=(kind == "lot_quantity"))), zero)
        for made in ("produced", "repaired") for kind in ("serials", "lot_quantity")}
    grouped: Any = days.order_by().values("product_type__code").annotate(
        **sums, level=Max("classification"))
    rows: list[dict[str, Any]] = list(grouped)
    totals = {name: sum(row[name] for row in rows) for name in sums}
    totals["classification"] = max((row["level"] or 0 for row in rows), default=0)
    return totals, [TypeOutput(row["product_type__code"], **{n: row[n] for n in sums})
                    for row in sorted(rows, key=lambda r: r["product_type__code"])]


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of every month the period touches."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _inspections(user: User, start: dt.date, end: dt.date, unit: OrgUnit | None
                 ) -> tuple[dict[str, StageRate], list[MonthFinals], int]:
    """Inspections per stage, final acceptances per month, and the highest level among the
    inspected items: one query grouped by stage and month."""
    days = rollups.rows(INSPECTIONS, user, unit, start, end)
    if days is not None:  # the rollup covers the user
        rows = list(days.annotate(month=TruncMonth("day"))
                    .order_by().values("stage", "month").annotate(
                        total=Sum("total"), passed=Sum("passed"), failed=Sum("failed"),
                        level=Max("classification")))
    else:
        inspections = within_unit(scope_queryset(
            Inspection.objects.filter(date__gte=start, date__lte=end), user), unit)
        rows = list(inspections.annotate(month=TruncMonth("date")).order_by()
                    .values("stage", "month").annotate(
                        total=Count("pk"),
                        passed=Count("pk", filter=Q(result=InspectionResult.PASSED)),
                        failed=Count("pk", filter=Q(result=InspectionResult.FAILED)),
                        level=Max("classification")))
    stages = {}
    for stage in InspectionStage:
        total, passed, failed = (sum(r[name] for r in rows if r["stage"] == stage.value)
                                 for name in ("total", "passed", "failed"))
        stages[stage.value] = StageRate(stage.value, total, passed, failed,
                                        round(100 * passed / total, 1) if total else None)
    finals = {_month_start(r["month"]): r for r in rows
              if r["stage"] == InspectionStage.FINAL_ACCEPTANCE}
    months = [MonthFinals(f"{m:%Y-%m}", *((finals[m]["total"], finals[m]["passed"],
                                           finals[m]["failed"]) if m in finals else (0, 0, 0)))
              for m in _months(start, end)]
    return stages, months, max((r["level"] or 0 for r in rows), default=0)


def _month_start(value: dt.date | dt.datetime) -> dt.date:
    """TruncMonth of a date column, a date on either database."""
    return dt.date(value.year, value.month, 1)


def production_figures(user: User, start: dt.date, end: dt.date,
                       unit: OrgUnit | None = None, year: int | None = None,
                       today: dt.date | None = None) -> ProductionFigures:
    """The figures of the period [start, end] that `user` may see (plans of `year`, by
    default the year the period ends in), optionally only for `unit`'s subtree. Seven
    queries, whatever the number of records."""
    if start > end:
        raise ValueError(f"The period starts ({start}) after it ends ({end}).")
    totals, per_type = _output(user, start, end, unit)
    output_level = totals.pop("classification")
    completion, plan_level = _completion(user, year or end.year, unit, today)
    stages, months, stage_level = _inspections(user, start, end, unit)
    return ProductionFigures(
        start=start, end=end, year=year or end.year, completion=completion,
        accepted_serials=totals["produced_serials"] + totals["repaired_serials"],
        by_product_type=per_type, stages=stages, final_by_month=months,
        classification=max(output_level, plan_level, stage_level), **totals)


def figures_of_period(user: User, period: ReportPeriod,
                      unit: OrgUnit | None) -> ProductionFigures:
    """The metric registry's source "production": the figures of a report's period."""
    return production_figures(user, period.start, period.end, unit)


def _rate(rate: float | None) -> str:
    return "—" if rate is None else f"{format_number(rate, 1)}%"


def _headline(figures: ProductionFigures) -> str:
    """The plan's completion in the articles' words: over the defence product types funded
    from the budget when the plans have any ("91/91 chủng loại sản phẩm quốc phòng từ các
    nguồn ngân sách"), then over every product type planned when that differs."""
    n, c = format_number, figures.completion
    if not c.total:
        return _("No production or repair plan item for %(year)s.") % {"year": figures.year}
    every = _("Completed the production and repair of %(done)s/%(total)s product types on "
              "schedule and to the required quality (plan of %(year)s).") % {
        "done": n(c.done), "total": n(c.total), "year": figures.year}
    if not c.defence_total:
        return every
    defence = _("Completed the production and repair of %(done)s/%(total)s types of defence "
                "products from the budget sources on schedule and to the required quality "
                "(plan of %(year)s).") % {
        "done": n(c.defence_done), "total": n(c.defence_total), "year": figures.year}
    if (c.defence_done, c.defence_total) == (c.done, c.total):
        return defence
    return defence + " " + _("Over every product type planned (economic and dual-use "
                             "products, other funding): %(done)s/%(total)s.") % {
        "done": n(c.done), "total": n(c.total)}


def _made(serials: int, lot_quantity: int) -> str:
    """"12 units by serial number and 50 items in lots", naming only what there is."""
    parts = []
    if serials:
        parts.append(_("%(n)s units by serial number") % {"n": format_number(serials)})
    if lot_quantity:
        parts.append(_("%(n)s items in lots") % {"n": format_number(lot_quantity)})
    return _(" and ").join(parts)


def _output_clause(figures: ProductionFigures) -> str:
    """What was produced and repaired, zeros left out as a person would write it."""
    produced = _made(figures.produced_serials, figures.produced_lot_quantity)
    repaired = _made(figures.repaired_serials, figures.repaired_lot_quantity)
    clauses = ([_("produced %(what)s") % {"what": produced}] if produced else []) + (
        [_("repaired %(what)s") % {"what": repaired}] if repaired else [])
    if not clauses:
        return _("no accepted output produced or repaired yet")
    return _("%(clauses)s, all passing final acceptance") % {"clauses": ", ".join(clauses)}


def _acceptance_clause(final: StageRate) -> str:
    if not final.total:
        return _("no final acceptance recorded")
    return _("%(passed)s of %(inspected)s final acceptances passed (%(rate)s)") % {
        "passed": format_number(final.passed), "inspected": format_number(final.total),
        "rate": _rate(final.rate)}


def render_section(figures: ProductionFigures) -> ReportSection:
    """The section in the active language, phrased as the directorate's reports: "Hoàn thành
    sản xuất, sửa chữa 91/91 chủng loại sản phẩm đúng tiến độ, chất lượng"."""
    c = figures.completion
    final = figures.stages[InspectionStage.FINAL_ACCEPTANCE]
    headline = _headline(figures)
    output = _("From %(start)s to %(end)s: %(output)s; %(acceptance)s.") % {
        "start": format_date(figures.start), "end": format_date(figures.end),
        "output": _output_clause(figures), "acceptance": _acceptance_clause(final)}
    per_enterprise: list[list[str | int]] = [
        [f"{e.code} {e.name}", e.items, e.completed, e.on_time, e.quality_passed,
         f"{e.done}/{e.total}"] for e in c.enterprises]
    per_enterprise.append([_("Directorate"), c.items, c.completed, c.on_time,
                           c.quality_passed, f"{c.done}/{c.total}"])
    stages: list[list[str | int]] = [
        [str(InspectionStage(s.stage).label), s.total, s.passed, s.failed, _rate(s.rate)]
        for s in figures.stages.values()]
    return ReportSection(
        title=_("Production and repair"),
        paragraphs=[headline, output],
        tables=[
            ReportTable(title=_("Plan completion by enterprise"),
                        columns=[_("Enterprise"), _("Plan items"), _("Completed"),
                                 _("On time"), _("Quality passed"),
                                 _("Product types done well")],
                        rows=per_enterprise),
            ReportTable(title=_("Accepted output by product type"),
                        columns=[_("Product type"), _("Units produced"), _("Units repaired"),
                                 _("Produced in lots"), _("Repaired in lots")],
                        rows=[[t.code, t.produced_serials, t.repaired_serials,
                               t.produced_lot_quantity, t.repaired_lot_quantity]
                              for t in figures.by_product_type]),
            ReportTable(title=_("Inspections by stage"),
                        columns=[_("Stage"), _("Inspected"), _("Passed"), _("Failed"),
                                 _("Pass rate")],
                        rows=stages),
        ],
    )


def build_section(user: User, period: ReportPeriod, unit: OrgUnit | None) -> ReportSection:
    """The section of a periodic report (core.reporting's contract), marked with the highest
    level among the plans, serials, lots and inspections its figures count."""
    figures: ProductionFigures = metrics.read("production", user, period, unit)
    section = render_section(figures)
    level = figures.classification
    stages = list(figures.stages.values())
    chart = ReportChart(
        title=_("Inspections by stage"), kind="bar",
        categories=[str(InspectionStage(s.stage).label) for s in stages],
        series=[(_("Passed"), [s.passed for s in stages]),
                (_("Failed"), [s.failed for s in stages])])
    return replace(section, key=SECTION.key, classification=level, charts=[chart],
                   tables=[replace(t, classification=level) for t in section.tables])


# --- serials received (the source "production.received") ------------------------------


@dataclass(frozen=True)
class Received:
    """Serial units delivered to a unit or below it (the metric registry's source
    "production.received"): in the period, and in every year up to its end."""

    start: dt.date
    end: dt.date
    received_serials: int = 0
    serials_held: int = 0
    classification: int = 0  # the highest level among the serials counted


def received_figures(user: User, period: ReportPeriod, unit: OrgUnit | None) -> Received:
    """The serials the user may see delivered to `unit`'s subtree; without a unit, to every
    unit for a reader who sees them all, else to the reader's own (what a user unit's home
    page counts, as the serial list's "received in" filter). One query."""
    recipient = unit if unit is not None or user.sees_all_units else user.org_unit
    held = rollups.rows(DELIVERIES, user, None, None, period.end)
    received = rollups.rows(DELIVERIES, user, None, period.start, period.end)
    if held is not None and received is not None:  # the rollup covers the user
        if recipient is not None:
            held, received = (days.filter(recipient__path__startswith=recipient.path)
                              for days in (held, received))
        zero = Value(0, output_field=IntegerField())
        counted = [days.aggregate(n=Coalesce(Sum("quantity"), zero), level=Max("classification"))
                   for days in (held, received)]
        return Received(period.start, period.end, received_serials=counted[1]["n"],
                        serials_held=counted[0]["n"], classification=counted[0]["level"] or 0)
    lines = DeliveryLine.objects.filter(delivery__date__lte=period.end)
    if recipient is not None:
        lines = lines.filter(delivery__recipient__path__startswith=recipient.path)
    elif not user.sees_all_units:
        lines = lines.none()
    in_period = lines.filter(delivery__date__gte=period.start)
    row = scope_queryset(SerialUnit.objects.filter(pk__in=lines.values("serial_id")),
                         user).aggregate(
        held=Count("pk"), received=Count("pk", filter=Q(pk__in=in_period.values("serial_id"))),
        level=Max("classification"))
    return Received(period.start, period.end, received_serials=row["received"],
                    serials_held=row["held"], classification=row["level"] or 0)
