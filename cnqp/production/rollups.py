"""Production's rollups (cnqp/core/figures/rollups.py) and the refreshes its writers call.

OUTPUT: accepted output by enterprise, day made, product type, production or repair, serial
or lot. INSPECTIONS: inspections by enterprise, day, stage and product type. DELIVERIES:
serials by enterprise, day delivered, product type and recipient. The report's figures
(`report.py`) read them for the users they cover; the services refresh the slices a change
touches, in its transaction: an inspection recorded or deleted, a sign-off, an item edited
(its day, type, level or owner moved), a bulk import of inspections, a delivery recorded,
redated or deleted. A new serial or lot
needs none: nothing counts it until its final acceptance is signed off."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from cnqp.core.figures import rollups
from cnqp.core.figures.rollups import Part, Rollup, Slice
from cnqp.production.choices import InspectionResult, PlanItemKind
from cnqp.production.models import (
    DeliveryDay,
    Inspection,
    InspectionDay,
    Lot,
    OutputDay,
    SerialUnit,
)
from cnqp.production.selectors import accepted_node_ids


def _accepted() -> Q:
    return Q(node_id__in=accepted_node_ids())


_REPAIR = Case(When(plan_item__kind=PlanItemKind.REPAIR, then=Value(True)),
               default=Value(False), output_field=BooleanField())
_OUTPUT_DIMS = {"product_type": "product_type_id", "repair": _REPAIR}

OUTPUT = rollups.register(Rollup(OutputDay, parts=(
    Part(SerialUnit, day="made_date", where=_accepted, dims=_OUTPUT_DIMS,
         consts={"is_lot": False}, measures={"quantity": Count("pk")}),
    Part(Lot, day="made_date", where=_accepted, dims=_OUTPUT_DIMS,
         consts={"is_lot": True}, measures={"quantity": Sum("quantity")}),
)))

INSPECTIONS = rollups.register(Rollup(InspectionDay, parts=(
    Part(Inspection, day="date", dims={
        "stage": "stage",
        "product_type": Coalesce("target__lot__product_type_id",
                                 "target__serial__product_type_id")}, measures={
        "total": Count("pk"),
        "passed": Count("pk", filter=Q(result=InspectionResult.PASSED)),
        "failed": Count("pk", filter=Q(result=InspectionResult.FAILED))}),
)))


DELIVERIES = rollups.register(Rollup(DeliveryDay, parts=(
    Part(SerialUnit, day="delivery_lines__delivery__date",
         where=Q(delivery_lines__isnull=False), dims={
             "product_type": "product_type_id",
             "recipient": "delivery_lines__delivery__recipient_id"},
         measures={"quantity": Count("pk")}),
)))


def output_slices(node_ids: Iterable[int] | QuerySet[Any]) -> set[Slice]:
    """The output slices of the serials and lots at these trace nodes."""
    found: set[Slice] = set()
    for part in OUTPUT.parts:
        found |= rollups.slices_of(part, part.model._default_manager.filter(
            node_id__in=node_ids))
    return found


def inspection_slices(inspections: QuerySet[Inspection]) -> set[Slice]:
    return rollups.slices_of(INSPECTIONS.parts[0], inspections)


def delivery_slices(serial_ids: Iterable[int] | QuerySet[Any]) -> set[Slice]:
    """The delivery slices of these serials (none for those not delivered)."""
    part = DELIVERIES.parts[0]
    return rollups.slices_of(part, SerialUnit.objects.filter(
        part.condition(), pk__in=serial_ids))


def refresh_deliveries(slices: Iterable[Slice]) -> None:
    rollups.refresh(DELIVERIES, slices)


def refresh_output(slices: Iterable[Slice]) -> None:
    rollups.refresh(OUTPUT, slices)


def refresh_inspections(slices: Iterable[Slice]) -> None:
    rollups.refresh(INSPECTIONS, slices)
