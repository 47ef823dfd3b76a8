"""Genealogy recorded at consumption: which material lots, lots and serials went into which
lot or serial. Rework and disassembly are allowed (an output may later be an input), a
cycle never: before inserting, one recursive query asks whether any input is already
downstream of the output."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.choices import AuditAction
from cnqp.core.locks import take_turns
from cnqp.core.models import User
from cnqp.core.records import writes
from cnqp.production.choices import OUTPUT_KINDS
from cnqp.production.models import GenealogyEdge, TraceNode
from cnqp.production.selectors import reachable_among

_PG_LOCK_KEY = 0x434E5147  # "CNQG": one writer of genealogy at a time


def serialise_writers() -> None:
    """Two transactions could each add one edge of a cycle that neither sees alone; on
    PostgreSQL a transaction-level advisory lock makes genealogy writers take turns (SQLite
    transactions begin IMMEDIATE, so its writers already do). Bulk imports
    check a whole file set-wise under the same lock (`production.bulk`)."""
    take_turns(_PG_LOCK_KEY)


def record_consumption(actor: User | None, *, output: TraceNode,
                       inputs: Sequence[tuple[TraceNode, Decimal | int]],
                       operation_step: str = "", at: dt.datetime | None = None,
                       operator: User | None = None) -> list[GenealogyEdge]:
    """Record that each input (node, quantity) was consumed into `output` (a lot or a
    serial) at `operation_step`. All edges or none."""
    if output.kind not in OUTPUT_KINDS:
        raise ValidationError({"output_node": _("Only a lot or a serial unit is made from "
                                                "other items.")})
    if not inputs:
        raise ValidationError({"input_node": _("Name at least one input.")})
    ids = [node.pk for node, _q in inputs]
    if len(set(ids)) != len(ids):
        raise ValidationError({"input_node": _("An input is named twice.")})
    if output.pk in ids:
        raise ValidationError({"input_node": _("An item cannot be made from itself.")})
    if any(Decimal(quantity) <= 0 for _n, quantity in inputs):
        raise ValidationError({"quantity": _("The quantity consumed must be positive.")})
    at = at or timezone.now()
    if at > timezone.now():
        raise ValidationError({"at": _("The time cannot be in the future.")})
    with transaction.atomic():
        serialise_writers()
        if TraceNode.objects.filter(pk__in=[output.pk, *ids]).count() != len(ids) + 1:
            raise ValidationError({"input_node": _("An item was deleted meanwhile.")})
        recorded = GenealogyEdge.objects.filter(output_node=output, input_node__in=ids, at=at)
        if recorded.exists():
            raise ValidationError({"input_node": _(
                "This consumption is already recorded (the same input, output and time).")})
        looping = reachable_among(output.pk, ids)
        if looping:
            raise ValidationError({"input_node": _(
                "This would make a cycle: the output was already used, directly or through "
                "other items, to make input(s) %(ids)s.") % {
                "ids": ", ".join(f"#{i}" for i in sorted(looping))}})
        edges = GenealogyEdge.objects.bulk_create([
            GenealogyEdge(input_node=node, output_node=output, quantity=Decimal(quantity),
                          operation_step=operation_step.strip(), at=at,
                          operator=operator or actor,
                          classification=max(node.classification, output.classification))
            for node, quantity in inputs])
        audit.record(AuditAction.CREATE, actor=actor, object_type="production.genealogyedge",
                     object_id=str(edges[0].pk), object_repr=str(edges[0]),
                     classification=max(e.classification for e in edges),
                     changes={"consumption": [None, {
                         "output": output.pk, "operation_step": operation_step,
                         "at": at.isoformat(),
                         "inputs": [[n.pk, str(q)] for n, q in inputs],
                         "edges": [e.pk for e in edges]}]})
    return edges


def record_edge(actor: User | None, *, output_node: TraceNode, input_node: TraceNode,
                quantity: Decimal, operation_step: str = "",
                at: dt.datetime | None = None) -> GenealogyEdge:
    """The edge form's service: one input consumed into one output."""
    return record_consumption(actor, output=output_node, inputs=[(input_node, quantity)],
                              operation_step=operation_step, at=at)[0]


def delete_edge(actor: User | None, edge: GenealogyEdge) -> None:
    """A wrongly recorded consumption is removed, and the removal audited."""
    writes.delete(actor, edge)
