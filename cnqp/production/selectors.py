"""Reads of production shared by views, the API, services and reports.

The genealogy is an edge table; `reaches` answers "is `to` downstream of `from`?" with one
recursive CTE that works on SQLite and PostgreSQL. It uses UNION, not UNION ALL: a node
already reached is not walked again, so even a cycle that slipped into old data (an import
that bypassed the service) cannot make the walk loop forever.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
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
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from cnqp.core.access.scoping import get_visible_or_404, scope_queryset
from cnqp.core.models import User
from cnqp.production.choices import (
    InspectionResult,
    InspectionStage,
    NodeKind,
    OnTimeStatus,
    PlanItemStatus,
)
from cnqp.production.models import (
    DeliveryLine,
    GenealogyEdge,
    Inspection,
    Lot,
    MaterialLot,
    PlanItem,
    SerialUnit,
    TraceNode,
)
from cnqp.production.models.trace import NODE_ITEMS

# --- genealogy --------------------------------------------------------------------------------


def _downstream_sql(count: int) -> str:
    table = GenealogyEdge._meta.db_table
    placeholders = ", ".join(["%s"] * count)
    return (
        "WITH RECURSIVE downstream(node_id) AS ("
        " SELECT CAST(%s AS BIGINT)"
        " UNION"
        f" SELECT e.output_node_id FROM {table} e"
        " JOIN downstream d ON e.input_node_id = d.node_id"
        f") SELECT node_id FROM downstream WHERE node_id IN ({placeholders})"
    )


def reachable_among(from_node_id: int, candidates: Iterable[int]) -> set[int]:
    """Which of `candidates` are `from_node_id` itself or lie downstream of it (made, directly
    or through any number of steps, from it). One query."""
    wanted = sorted({int(c) for c in candidates})
    if not wanted:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(_downstream_sql(len(wanted)), [int(from_node_id), *wanted])
        return {int(row[0]) for row in cursor.fetchall()}


def reaches(from_node_id: int, to_node_id: int) -> bool:
    """Whether `to_node_id` is `from_node_id` or downstream of it. An edge input → output
    closes a cycle exactly when `reaches(output, input)`."""
    return bool(reachable_among(from_node_id, [to_node_id]))


def downstream_of(node_id: int) -> RawSQL:
    """The node and every node made from it, at any depth, as a subquery for
    `filter(node_id__in=...)`: one recursive CTE (a list filtered to a trace's reach)."""
    table = GenealogyEdge._meta.db_table
    return RawSQL(
        "WITH RECURSIVE downstream(node_id) AS ("
        " SELECT CAST(%s AS BIGINT)"
        " UNION"
        f" SELECT e.output_node_id FROM {table} e"
        " JOIN downstream d ON e.input_node_id = d.node_id"
        ") SELECT node_id FROM downstream", [int(node_id)])


def held_by(unit_id: int) -> Q:
    """Serials a unit holds: delivered last to it, or not delivered and built by it."""
    last = (DeliveryLine.objects.filter(serial_id=OuterRef("pk"))
            .order_by("-delivery__date", "-pk").values("delivery__recipient_id")[:1])
    delivered = DeliveryLine.objects.filter(serial_id=OuterRef("pk"))
    return (Q(pk__in=SerialUnit.objects.annotate(holder=Subquery(last))
              .filter(holder=unit_id).values("pk"))
            | Q(Q(enterprise_id=unit_id), ~Exists(delivered)))


ITEM_SLUGS = {NodeKind.MATERIAL_LOT: "material-lots", NodeKind.LOT: "lots",
              NodeKind.SERIAL: "serials"}


def node_related(prefix: str) -> list[str]:
    """select_related paths that bring each node's item along, for `TraceNode.item`."""
    return [f"{prefix}__{name}" for name in NODE_ITEMS.values()]


# --- acceptance -------------------------------------------------------------------------------


def accepted_q() -> Q:
    """A final acceptance that passed and was signed off."""
    return Q(stage=InspectionStage.FINAL_ACCEPTANCE, result=InspectionResult.PASSED,
             signed_off_at__isnull=False)


def accepted_node_ids() -> QuerySet[Any]:
    return Inspection.objects.filter(accepted_q()).values("target_id")


# --- plan items: progress, on time, quality ---------------------------------------------------

# A slice with no bound in practice: an aggregate over `queryset[:UNBOUNDED]` runs over an
# inner query that PostgreSQL does not flatten, so per-row subqueries are computed once.
UNBOUNDED = 2**62


def _count(rows: QuerySet[Any], constant: str) -> Coalesce:
    """COUNT(*) of a correlated subquery grouped on a column its filter makes constant."""
    counted = rows.order_by().values(constant).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def annotate_flags(items: QuerySet[PlanItem], today: dt.date | None = None
                   ) -> QuerySet[PlanItem]:
    """Each item with on_time_status, quality_passed (at least one final acceptance on its
    output, none failed) and done_well (completed on time with quality passed), and nothing
    else: the lean form the figures aggregate over. The quality tests are EXISTS probes of
    the (target, stage, result) index from the item's serials and lots; counting every final
    acceptance of every item instead took seconds at millions of inspections."""
    today = today or timezone.localdate()
    final = Q(stage=InspectionStage.FINAL_ACCEPTANCE)
    failed = final & Q(result=InspectionResult.FAILED)
    on_serials = Q(target__serial__plan_item=OuterRef("pk"))
    on_lots = Q(target__lot__plan_item=OuterRef("pk"))
    has_final = (Exists(Inspection.objects.filter(final, on_serials))
                 | Exists(Inspection.objects.filter(final, on_lots)))
    # Failed final acceptances are few: the items they fall on, hashed once per query, cost
    # less than a probe of every serial of every item that has none.
    # (No NULL in the sets: "pk IN (..., NULL)" is unknown, not false, for the other items.)
    failed_items = Inspection.objects.filter(failed)
    has_failed = (Q(pk__in=failed_items.filter(target__serial__plan_item__isnull=False)
                    .values("target__serial__plan_item"))
                  | Q(pk__in=failed_items.filter(target__lot__plan_item__isnull=False)
                      .values("target__lot__plan_item")))
    completed = Q(status=PlanItemStatus.COMPLETED)
    on_time = completed & Q(completed_on__lte=F("due_date"))
    return items.annotate(
        has_final=ExpressionWrapper(has_final, output_field=BooleanField()),
        has_failed=ExpressionWrapper(has_failed, output_field=BooleanField()),
    ).annotate(
        on_time_status=Case(
            When(on_time, then=Value(OnTimeStatus.ON_TIME.value)),
            When(completed, then=Value(OnTimeStatus.LATE.value)),
            When(due_date__lt=today, then=Value(OnTimeStatus.LATE.value)),
            default=Value(OnTimeStatus.OPEN.value), output_field=CharField()),
        quality_passed=Case(When(has_final=True, has_failed=False, then=Value(True)),
                            default=Value(False), output_field=BooleanField()),
        done_well=Case(When(on_time, has_final=True, has_failed=False, then=Value(True)),
                       default=Value(False), output_field=BooleanField()),
    )


def annotate_items(items: QuerySet[PlanItem], today: dt.date | None = None
                   ) -> QuerySet[PlanItem]:
    """Each item with, computed in the database (definitions: docs/production-figures.md):
    accepted_serials, accepted_lot_quantity, progress (their sum), final_inspections,
    failed_final (final acceptances on the item's output that failed), and the flags of
    `annotate_flags`: on_time_status, quality_passed and done_well. For pages of items;
    figures over many items aggregate `annotate_flags`."""
    accepted = Q(node_id__in=accepted_node_ids())
    serials = SerialUnit.objects.filter(accepted, plan_item=OuterRef("pk"))
    lot_quantity = (Lot.objects.filter(accepted, plan_item=OuterRef("pk")).order_by()
                    .values("plan_item").annotate(total=Sum("quantity")).values("total"))
    # Final acceptances of the item's serials and of its lots, counted apart and added: one
    # filter OR-ing the two joins made PostgreSQL scan every inspection for every item.
    final = Q(stage=InspectionStage.FINAL_ACCEPTANCE)
    serial_finals = Inspection.objects.filter(final, target__serial__plan_item=OuterRef("pk"))
    lot_finals = Inspection.objects.filter(final, target__lot__plan_item=OuterRef("pk"))
    failed = Q(result=InspectionResult.FAILED)
    return annotate_flags(items.annotate(
        accepted_serials=_count(serials, "plan_item"),
        accepted_lot_quantity=Coalesce(Subquery(lot_quantity, output_field=IntegerField()),
                                       Value(0)),
        final_inspections=_count(serial_finals, "stage") + _count(lot_finals, "stage"),
        failed_final=(_count(serial_finals.filter(failed), "result")
                      + _count(lot_finals.filter(failed), "result")),
    ).annotate(progress=F("accepted_serials") + F("accepted_lot_quantity")), today)


def accepted_output(item: PlanItem) -> int:
    """The item's progress: accepted serials plus accepted lot quantities."""
    annotated = annotate_items(PlanItem.objects.filter(pk=item.pk)).first()
    return int(getattr(annotated, "progress", 0) or 0)


def completion_figure(items: QuerySet[PlanItem], today: dt.date | None = None
                      ) -> tuple[int, int]:
    """(N, M) of "hoàn thành sản xuất, sửa chữa N/M chủng loại sản phẩm đúng tiến độ, chất
    lượng": M distinct product types among `items`, N those whose every item is done well.
    One query."""
    figures = annotate_flags(items, today).aggregate(
        types=Count("product_type", distinct=True),
        failing=Count("product_type", distinct=True, filter=Q(done_well=False)))
    return figures["types"] - figures["failing"], figures["types"]


def accepted() -> Exists:
    """Whether an item (by its node) passed its final acceptance: a list's annotation."""
    return Exists(Inspection.objects.filter(accepted_q(), target_id=OuterRef("node_id")))


def incoming_passed() -> Exists:
    """Whether a material lot passed its incoming inspection: a list's annotation."""
    return Exists(Inspection.objects.filter(target_id=OuterRef("node_id"),
                                            stage=InspectionStage.INCOMING,
                                            result=InspectionResult.PASSED))


def visible_node(user: Any, pk: Any) -> TraceNode:
    """A trace node (with its item) the user may see, by its number; otherwise 404."""
    number = int(pk) if str(pk).isdigit() else 0
    return get_visible_or_404(TraceNode.objects.select_related("material_lot", "lot", "serial"),
                              user, pk=number)


MATERIAL_LOT_TYPE = "material_lot"  # the genealogy form's "type" of a material lot


def nodes_by_number(user: User, type_code: str, number: str) -> list[TraceNode]:
    """The trace nodes a person names by product type and serial or lot number (numbers are
    unique per product type; a lot and a serial may share one), or, of MATERIAL_LOT_TYPE, by
    a material lot's code (unique per enterprise); only those the user may see. At most two
    queries."""
    number = number.strip().upper()
    kinds: list[tuple[Any, dict[str, str]]] = [(MaterialLot, {"code": number})]
    if type_code != MATERIAL_LOT_TYPE:
        kinds = [(SerialUnit, {"product_type__code": type_code, "serial_number": number}),
                 (Lot, {"product_type__code": type_code, "lot_number": number})]
    found: list[TraceNode] = []
    for model, lookup in kinds:
        rows = scope_queryset(model.objects.filter(**lookup), user).select_related("node")
        found += [row.node for row in rows[:5]]
    return found
