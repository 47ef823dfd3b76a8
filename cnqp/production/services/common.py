"""What the production services share."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from cnqp.core.models import OrgUnit
from cnqp.core.units import PRODUCING_KINDS
from cnqp.production.models import GenealogyEdge, Inspection, TraceNode

M = TypeVar("M", bound=models.Model)



def check_producer(unit: OrgUnit, field: str = "enterprise") -> None:
    if unit.kind not in PRODUCING_KINDS:
        raise ValidationError({field: _("Only enterprises and institutes produce and repair.")})


def new_node(kind: str, enterprise: OrgUnit, classification: int) -> TraceNode:
    """The trace node of a new item: written with it, in the caller's transaction, and
    audited as part of the item (it repeats the item's owner and level)."""
    return TraceNode.objects.create(kind=kind, enterprise=enterprise,
                                    classification=classification)


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
