"""What the production services share."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from cnqp.core.figures.rollups import Slice
from cnqp.core.models import OrgUnit
from cnqp.core.units import PRODUCING_KINDS
from cnqp.production.models import GenealogyEdge, Inspection, SerialUnit, TraceNode
from cnqp.production.rollups import (
    delivery_slices,
    inspection_slices,
    output_slices,
    refresh_deliveries,
    refresh_inspections,
    refresh_output,
)

M = TypeVar("M", bound=models.Model)



def check_producer(unit: OrgUnit, field: str = "enterprise") -> None:
    if unit.kind not in PRODUCING_KINDS:
        raise ValidationError({field: _("Only enterprises and institutes produce and repair.")})


def new_node(kind: str, enterprise: OrgUnit, classification: int) -> TraceNode:
    """The trace node of a new item: written with it, in the caller's transaction, and
    audited as part of the item (it repeats the item's owner and level)."""
    return TraceNode.objects.create(kind=kind, enterprise=enterprise,
                                    classification=classification)


ItemSlices = tuple[set[Slice], set[Slice], set[Slice]]


def rollup_slices(item: Any) -> ItemSlices:
    """The rollup slices an item's output, inspections and delivery fall in
    (cnqp/production/rollups.py): taken before an edit, refreshed with those after it."""
    delivered = (delivery_slices([item.pk]) if isinstance(item, SerialUnit) else set())
    return (output_slices([item.node_id]),
            inspection_slices(Inspection.objects.filter(target_id=item.node_id)), delivered)


def refresh_rollups(item: Any, before: ItemSlices) -> None:
    output, inspections, delivered = rollup_slices(item)
    refresh_output(before[0] | output)
    refresh_inspections(before[1] | inspections)
    refresh_deliveries(before[2] | delivered)


def sync_node(item: Any) -> None:
    """Keep the node's owner and level in step with its item after an edit, and what repeats
    them: the node's inspections, and the level of its genealogy edges (the higher of their
    two ends')."""
    TraceNode.objects.filter(pk=item.node_id).update(enterprise=item.enterprise_id,
                                                     classification=item.classification)
    Inspection.objects.filter(target_id=item.node_id).update(
        enterprise=item.enterprise_id, classification=item.classification)
    for edges, other in ((GenealogyEdge.objects.filter(input_node_id=item.node_id),
                          "output_node__classification"),
                         (GenealogyEdge.objects.filter(output_node_id=item.node_id),
                          "input_node__classification")):
        other_level = TraceNode.objects.filter(pk=OuterRef(other.split("__")[0] + "_id"))
        edges.update(classification=Greatest(
            Value(item.classification),
            Subquery(other_level.values("classification")[:1])))
