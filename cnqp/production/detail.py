"""What the detail pages show beyond their fields: a plan's board, an item's inputs and uses,
inspections and deliveries. Everything through `scope_queryset`, like the lists."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import User
from cnqp.core.records.display import raw_value
from cnqp.core.records.masking import shown, shown_through
from cnqp.documents.selectors import can_produce
from cnqp.production import resources
from cnqp.production.choices import InspectionStage, NodeKind, PlanItemStatus
from cnqp.production.forms import DateForm
from cnqp.production.models import (
    DeliveryLine,
    GenealogyEdge,
    Inspection,
    Lot,
    PlanItem,
    ProductionPlan,
    SerialUnit,
    TraceNode,
)
from cnqp.production.selectors import (
    ITEM_SLUGS,
    annotate_items,
    completion_figure,
    node_related,
)
from cnqp.production.services import purpose_of


def item_url(node: TraceNode) -> str | None:
    item = node.item
    if item is None:
        return None
    return reverse(f"production:{ITEM_SLUGS[NodeKind(node.kind)]}-detail", args=[item.pk])


def board_items(user: User, plan: ProductionPlan) -> QuerySet[PlanItem]:
    return annotate_items(scope_queryset(plan.items.all(), user)).select_related(
        "product_type").order_by("due_date", "pk")


@resources.plans.detail
def plan_context(user: User, plan: ProductionPlan) -> dict[str, Any]:
    items = board_items(user, plan)
    done, total = completion_figure(items)
    return {"items": list(items), "figure_done": done, "figure_total": total,
            "date_form": DateForm(),
            "can_change_items": user.has_perm("production.change_planitem")}


@resources.plan_items.detail
def item_context(user: User, item: PlanItem) -> dict[str, Any]:
    annotated = annotate_items(PlanItem.objects.filter(pk=item.pk)).get()
    clearance = None
    if item.status == PlanItemStatus.PLANNED:
        # Shown before the user tries: the same rule `start_plan_item` applies.
        clearance = can_produce(item.plan.enterprise, item.product_type,
                                timezone.localdate(), purpose_of(item))
    serials = scope_queryset(SerialUnit.objects.filter(plan_item=item), user)
    lots = scope_queryset(Lot.objects.filter(plan_item=item), user).order_by("lot_number")
    return {"figures": annotated, "clearance": clearance, "date_form": DateForm(),
            "serial_count": serials.count(), "serials": serials.order_by("serial_number")[:50],
            "lots": lots[:50],
            "can_change_items": user.has_perm("production.change_planitem")}


def _edges(user: User, **lookup: Any) -> list[GenealogyEdge]:
    """The edges of a node the user sees; the item at the other end named only when they see
    it too (another enterprise's lot they consumed is shown as empty: masking.py)."""
    edges = shown_through(scope_queryset(GenealogyEdge.objects.filter(**lookup), user), user,
                          ("input_node", "output_node")).select_related(
        *node_related("input_node"), *node_related("output_node")).order_by("at", "pk")
    out = list(edges[:200])
    for edge in out:
        for end in ("input", "output"):
            seen = shown(edge, f"{end}_node")
            setattr(edge, f"{end}_text", raw_value(edge, f"{end}_label") or "—")
            setattr(edge, f"{end}_url", item_url(getattr(edge, f"{end}_node")) if seen else None)
    return out


@resources.material_lots.detail
@resources.lots.detail
@resources.serials.detail
def node_item_context(user: User, obj: Any) -> dict[str, Any]:
    node_id = obj.node_id
    inspections = scope_queryset(Inspection.objects.filter(target_id=node_id), user)
    deliveries = []
    if isinstance(obj, SerialUnit):
        deliveries = list(scope_queryset(DeliveryLine.objects.filter(serial=obj), user)
                          .select_related("delivery__recipient"))
    kind = _kind_of(obj)  # no query: the class says it
    stages = ([InspectionStage.INCOMING] if kind == NodeKind.MATERIAL_LOT
              else [InspectionStage.IN_PROCESS, InspectionStage.FINAL_ACCEPTANCE])
    return {
        "node_id": node_id,
        "node_kind": kind,
        "inputs": _edges(user, output_node_id=node_id),
        "uses": _edges(user, input_node_id=node_id),
        "inspections": inspections.select_related("template", "inspector", "signed_off_by")
        .order_by("date", "pk"),
        "deliveries": deliveries,
        "stages": [(s.value, s.label) for s in stages],
        "can_record": user.has_perm("production.add_inspection"),
        "can_consume": user.has_perm("production.add_genealogyedge")
        and kind != NodeKind.MATERIAL_LOT,
    }


def _kind_of(obj: Any) -> str:
    if isinstance(obj, SerialUnit):
        return NodeKind.SERIAL
    if isinstance(obj, Lot):
        return NodeKind.LOT
    return NodeKind.MATERIAL_LOT


@resources.inspections.detail
def inspection_context(user: User, inspection: Inspection) -> dict[str, Any]:
    measurements = inspection.measurements.select_related("characteristic").order_by(
        "characteristic__position", "pk")
    can_sign = (user.has_perm("production.sign_off_inspection")
                and inspection.stage == InspectionStage.FINAL_ACCEPTANCE
                and inspection.result == "passed" and inspection.signed_off_at is None
                and inspection.inspector_id != user.pk)
    return {"measurements": measurements, "can_sign": can_sign,
            "date_form": DateForm() if can_sign else None,
            "target_url": item_url(inspection.target)}


@resources.templates.detail
def template_context(user: User, template: Any) -> dict[str, Any]:
    return {"characteristics": template.characteristics.order_by("position", "pk")}


@resources.deliveries.detail
def delivery_context(user: User, delivery: Any) -> dict[str, Any]:
    serials = scope_queryset(SerialUnit.objects.filter(delivery_lines__delivery=delivery),
                             user).select_related("product_type").order_by("serial_number")
    return {"delivered": serials}
