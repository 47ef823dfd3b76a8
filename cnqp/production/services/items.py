"""Material lots, lots and serial units. Serials are created in batches: one set-wise insert
of the nodes, one of the serials (no model instance per row), and ONE audit entry listing the
batch's numbers, so 10,000 serials take a handful of statements, not 10,000 saves."""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from functools import reduce
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.choices import AuditAction
from cnqp.core.locks import take_turns
from cnqp.core.models import OrgUnit, User
from cnqp.core.records import inserts, writes
from cnqp.core.records.guards import only
from cnqp.core.text import fold, format_number, nfc
from cnqp.documents.choices import DocumentKind, RevisionStatus
from cnqp.documents.models import ProductType, Revision
from cnqp.production.choices import NodeKind, PlanItemStatus
from cnqp.production.models import Lot, MaterialLot, PlanItem, SerialUnit, TraceNode
from cnqp.production.services.common import (
    check_producer,
    new_node,
    refresh_rollups,
    rollup_slices,
    sync_node,
)
from cnqp.production.services.genealogy import serialise_writers

MAX_BATCH = 50_000
MAX_SERIAL_WIDTH = 12  # the least digits of a generated number (the batch form's bound)
MAX_SERIAL_START = 10**18  # so that a number and its prefix fit in 64 characters

# --- material lots ----------------------------------------------------------------------------


def create_material_lot(actor: User | None, *, code: str, enterprise: OrgUnit, supplier: str,
                        material_name: str, quantity: Decimal, unit_of_measure: str,
                        received_date: dt.date, certificate_number: str = "",
                        classification: int = 0) -> MaterialLot:
    check_producer(enterprise)
    if quantity <= 0:
        raise ValidationError({"quantity": _("The quantity must be positive.")})
    lot = MaterialLot(code=code.strip().upper(), enterprise=enterprise, supplier=supplier,
                      material_name=material_name, quantity=quantity,
                      unit_of_measure=unit_of_measure, received_date=received_date,
                      certificate_number=certificate_number, classification=classification)
    with transaction.atomic():
        lot.node = new_node(NodeKind.MATERIAL_LOT, enterprise, classification)
        return writes.create(actor, lot)


MATERIAL_EDITABLE = frozenset({"code", "supplier", "material_name", "quantity",
                               "unit_of_measure", "received_date", "certificate_number",
                               "classification", "enterprise"})


def update_material_lot(actor: User | None, lot: MaterialLot, **data: Any) -> MaterialLot:
    only(MATERIAL_EDITABLE, data)
    with transaction.atomic():
        before = rollup_slices(lot)
        writes.update(actor, lot, data)
        sync_node(lot)
        refresh_rollups(lot, before)
    return lot


def _delete_item(actor: User | None, item: Any) -> None:
    """Under the genealogy writers' lock: no edge can be recorded on the node between the
    check and the delete (edges carry no database constraint: see GenealogyEdge)."""
    with transaction.atomic():
        serialise_writers()
        node = TraceNode.objects.get(pk=item.node_id)
        if node.edges_in.exists() or node.edges_out.exists() or node.inspections.exists():
            raise ValidationError(_("This item has genealogy or inspections recorded; it "
                                    "cannot be deleted."))
        writes.delete(actor, item)
        with writes.referenced_refused():  # a recall that starts from it, say
            node.delete()


def delete_material_lot(actor: User | None, lot: MaterialLot) -> None:
    _delete_item(actor, lot)


# --- lots and serials: what they are built to -------------------------------------------------


def check_revision(revision: Revision, product_type: ProductType) -> None:
    """Built to an issued (or since superseded) revision of a design set of its type."""
    document_set = revision.document_set
    if revision.status not in (RevisionStatus.ISSUED, RevisionStatus.SUPERSEDED):
        raise ValidationError({"revision": _("Build only to an issued design revision.")})
    if document_set.kind != DocumentKind.DESIGN or document_set.product_type_id != product_type.pk:
        raise ValidationError({"revision": _(
            "The revision must belong to a design set (TLTK) of %(code)s.") % {
            "code": product_type.code}})


def check_made_date(made_date: dt.date, revision: Revision,
                    plan_item: PlanItem | None) -> None:
    """Judged at the day it was made, not today: not in the future, not before the revision
    it is built to was issued, nor before its plan item started."""
    if made_date > timezone.localdate():
        raise ValidationError({"made_date": _("The date cannot be in the future.")})
    if revision.issue_date is not None and made_date < revision.issue_date:
        raise ValidationError({"made_date": _(
            "Made before its design revision was issued (%(date)s).") % {
            "date": revision.issue_date.strftime("%d/%m/%Y")}})
    if plan_item is not None and plan_item.started_on and made_date < plan_item.started_on:
        raise ValidationError({"made_date": _(
            "Made before its plan item started (%(date)s).") % {
            "date": plan_item.started_on.strftime("%d/%m/%Y")}})


def check_plan_item(item: PlanItem, product_type: ProductType, enterprise: OrgUnit) -> None:
    if item.status != PlanItemStatus.IN_PROGRESS:
        raise ValidationError({"plan_item": _("Output is recorded only under an item in "
                                              "progress (started, with the right to produce).")})
    if item.product_type_id != product_type.pk:
        raise ValidationError({"plan_item": _("The plan item is for another product type.")})
    if item.plan.enterprise_id != enterprise.pk:
        raise ValidationError({"plan_item": _("The plan item belongs to another enterprise.")})


def create_lot(actor: User | None, *, lot_number: str, product_type: ProductType,
               enterprise: OrgUnit, revision: Revision, quantity: int, made_date: dt.date,
               plan_item: PlanItem | None = None, classification: int = 0) -> Lot:
    check_producer(enterprise)
    check_revision(revision, product_type)
    if plan_item is not None:
        check_plan_item(plan_item, product_type, enterprise)
    if quantity < 1:
        raise ValidationError({"quantity": _("The quantity must be positive.")})
    check_made_date(made_date, revision, plan_item)
    lot = Lot(lot_number=lot_number.strip().upper(), product_type=product_type,
              enterprise=enterprise, revision=revision, quantity=quantity, made_date=made_date,
              plan_item=plan_item, classification=classification)
    with transaction.atomic():
        lot.node = new_node(NodeKind.LOT, enterprise, classification)
        return writes.create(actor, lot)


BUILT_EDITABLE = frozenset({"made_date", "classification"})


def update_lot(actor: User | None, lot: Lot, **data: Any) -> Lot:
    changed = {k: v for k, v in data.items() if v != getattr(lot, k, None)}
    only(BUILT_EDITABLE | {"lot_number", "quantity"}, changed)
    if "made_date" in changed:
        check_made_date(changed["made_date"], lot.revision, lot.plan_item)
    with transaction.atomic():
        before = rollup_slices(lot)
        writes.update(actor, lot, changed)
        sync_node(lot)
        refresh_rollups(lot, before)
    return lot


def delete_lot(actor: User | None, lot: Lot) -> None:
    _delete_item(actor, lot)


def serial_numbers(prefix: str, start: int, count: int, width: int) -> list[str]:
    """PREFIX + zero-padded numbers: ("AK-", 1, 3, 5) → AK-00001, AK-00002, AK-00003."""
    return [f"{prefix}{n:0{width}d}" for n in range(start, start + count)]


def _refuse_taken(product_type: ProductType, wanted: list[str]) -> None:
    taken = inserts.values_present(SerialUnit.objects.filter(product_type=product_type),
                                   "serial_number", wanted)
    if taken:
        raise ValidationError({"numbers": _(
            "%(count)s serial numbers of %(code)s already exist: %(numbers)s.") % {
            "count": len(taken), "code": product_type.code,
            "numbers": ", ".join(sorted(taken)[:20])}})


def create_serials(actor: User | None, *, plan_item: PlanItem, revision: Revision,
                   made_date: dt.date, numbers: Sequence[str] = (), prefix: str = "",
                   start: int = 1, count: int = 0, width: int = 5,
                   classification: int = 0) -> QuerySet[SerialUnit]:
    """Create a batch of serials under a plan item in progress: the given `numbers`, or
    `count` numbers from `prefix` + `start`. Validated as a whole first (nothing is written
    when one number is taken); then two set-wise inserts and one audit entry. Returns the
    batch as a query (ordered by pk, as the numbers were given; nodes joined), read when
    used: index and slice it, do not take negative indexes."""
    plan = plan_item.plan
    product_type, enterprise = plan_item.product_type, plan.enterprise
    writes.check_level(actor, classification)  # written in bulk: not through writes.create
    check_revision(revision, product_type)
    check_plan_item(plan_item, product_type, enterprise)
    if not numbers and not (0 <= start <= MAX_SERIAL_START and 0 <= count <= MAX_BATCH
                            and 1 <= width <= MAX_SERIAL_WIDTH):
        raise ValidationError({"count": _(
            "Numbers from 0 to %(start)s, at most %(max)s at once, of 1 to %(width)s digits.")
            % {"start": format_number(MAX_SERIAL_START), "max": format_number(MAX_BATCH),
               "width": MAX_SERIAL_WIDTH}})
    wanted = [nfc(n).strip().upper() for n in numbers] if numbers else \
        serial_numbers(nfc(prefix).strip().upper(), start, count, width)
    if not wanted:
        raise ValidationError({"count": _("Give the serial numbers, or how many to create.")})
    if len(wanted) > MAX_BATCH:
        raise ValidationError({"count": _("At most %(max)s serials at once.") % {
            "max": MAX_BATCH}})
    check_made_date(made_date, revision, plan_item)
    if any(not n or len(n) > 64 for n in wanted):
        raise ValidationError({"numbers": _("A serial number has 1 to 64 characters.")})
    if any("\x00" in n for n in wanted):  # bulk inserts skip writes.check_values
        raise ValidationError({"numbers": _("Null characters are not allowed.")})
    duplicates = sorted(n for n, times in Counter(wanted).items() if times > 1)
    if duplicates:
        raise ValidationError({"numbers": _("Repeated in the batch: %(numbers)s.") % {
            "numbers": ", ".join(duplicates[:20])}})
    with transaction.atomic():
        # Batches of one product type take turns between the check and the insert: two
        # identical batches at once, the second is told the numbers exist (it was a 500).
        take_turns(f"production.serials:{product_type.pk}")
        _refuse_taken(product_type, wanted)
        # Written set-wise, no model per row (validated above as a batch, audited below).
        nodes = inserts.insert_many(TraceNode(kind=NodeKind.SERIAL, enterprise=enterprise,
                                              classification=classification), len(wanted))
        try:
            with transaction.atomic():
                ids = inserts.insert_many(
                    SerialUnit(product_type=product_type, enterprise=enterprise,
                               plan_item=plan_item, revision=revision, made_date=made_date,
                               classification=classification),
                    len(wanted), {"serial_number": wanted, "node_id": nodes,
                                  # what save() would make of each: build_search_text
                                  "search_text": [fold(number) for number in wanted]})
        except IntegrityError:
            # Not another batch (they take turns): a serial saved alone meanwhile.
            _refuse_taken(product_type, wanted)
            raise
        audit.record(AuditAction.CREATE, actor=actor, object_type="production.serialunit",
                     object_id=str(ids[0]),
                     object_repr=_("%(count)s serials of %(code)s") % {
                         "count": len(ids), "code": product_type.code},
                     classification=classification,
                     changes={"batch": [None, {
                         "count": len(ids), "plan_item": plan_item.pk,
                         "product_type": product_type.code, "enterprise": enterprise.code,
                         "revision": revision.pk, "made_date": made_date.isoformat(),
                         "first_id": ids[0], "last_id": ids[-1],
                         "serial_numbers": wanted}]})
    return SerialUnit.objects.filter(id_runs(ids)).select_related("node").order_by("pk")


def id_runs(ids: Sequence[int]) -> Q:
    """Ascending `ids` as ranges of consecutive ids: one range for a batch no other writer
    interleaved with, instead of 10,000 parameters."""
    runs: list[tuple[int, int]] = []
    for pk in ids:
        if runs and pk == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], pk)
        else:
            runs.append((pk, pk))
    return reduce(operator.or_, (Q(pk__range=run) for run in runs))


def create_serial_batch(actor: User | None, *, plan_item: PlanItem, revision: Revision,
                        made_date: dt.date, numbers: Sequence[str] = (),
                        serial_prefix: str | None = "", start: int | None = 1,
                        count: int | None = 0, width: int | None = 5,
                        classification: int | None = 0) -> SerialUnit:
    """The batch form's service (an empty box means its default): the batch is made by
    `create_serials`; its first serial is the record the pages and the API answer with (the
    batch is listed on the plan item's page)."""
    created = create_serials(actor, plan_item=plan_item, revision=revision,
                             made_date=made_date, numbers=numbers or (),
                             prefix=serial_prefix or "", start=start or 1, count=count or 0,
                             width=width or 5, classification=classification or 0)
    return created[0]


def update_serial(actor: User | None, serial: SerialUnit, **data: Any) -> SerialUnit:
    changed = {k: v for k, v in data.items() if v != getattr(serial, k, None)}
    only(BUILT_EDITABLE, changed)
    if "made_date" in changed:
        check_made_date(changed["made_date"], serial.revision, serial.plan_item)
    with transaction.atomic():
        before = rollup_slices(serial)
        writes.update(actor, serial, changed)
        sync_node(serial)
        refresh_rollups(serial, before)
    return serial


def delete_serial(actor: User | None, serial: SerialUnit) -> None:
    if serial.delivery_lines.exists():
        raise ValidationError(_("A delivered serial cannot be deleted."))
    _delete_item(actor, serial)
