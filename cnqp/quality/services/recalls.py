"""Recalls: the forward trace from one item, marked and told.

The recall marks every serial the forward walk reaches, whoever holds it: a recall that left
out serials because they passed through another unit's hands would be unsafe. So it is made
complete or not at all: when the walk reaches anything the issuing user may not see (another
enterprise's sub-assemblies, a record above their clearance), it is refused, and a unit that
sees the whole reach (the directorate's quality department) issues it. The refusal names
nothing hidden. Marking = one RecalledSerial row per serial (production's tables are not
touched); telling = one notification to each user unit that received affected serials,
listing them, as classified as the most classified of them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import NotificationLevel
from cnqp.core.dates import moment
from cnqp.core.models import OrgUnit, User
from cnqp.core.notifications import Notice, send_notifications
from cnqp.core.records import writes
from cnqp.production.choices import NodeKind
from cnqp.production.models import DeliveryLine, SerialUnit, TraceNode
from cnqp.quality.models import NonConformance, Recall, RecalledSerial
from cnqp.quality.services.common import next_code
from cnqp.quality.trace.sql import ids_in
from cnqp.quality.trace.walk import walk

LISTED_IN_NOTICE = 50


def _check(actor: User, start_node: TraceNode | None, reason: str,
           nonconformance: NonConformance | None) -> None:
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Say why the items are recalled.")
    if actor.org_unit_id is None:
        errors["start_node"] = _("Your account belongs to no unit: ask an administrator.")
    elif start_node is None:
        errors["start_node"] = _("Name the item the recall starts from.")
    elif not scope_queryset(TraceNode.objects.filter(pk=start_node.pk), actor).exists():
        errors["start_node"] = _("No such item.")
    if nonconformance is not None and not scope_queryset(
            NonConformance.objects.filter(pk=nonconformance.pk), actor).exists():
        errors["nonconformance"] = _("No such non-conformance.")
    if errors:
        raise ValidationError(errors)


def _recipients(serial_ids: list[int]) -> dict[int, int]:
    """serial id → the user unit it was last delivered to: one query."""
    rows = (DeliveryLine.objects.filter(serial_id__in=ids_in(serial_ids))
            .order_by("delivery__date", "pk").values_list("serial_id", "delivery__recipient_id"))
    return dict(rows)  # the latest delivery wins


def _notices(recall: Recall, serials: list[SerialUnit],
             recipients: dict[int, int]) -> list[Notice]:
    """One notice per receiving unit, naming only its own serials, as classified as they are,
    and linking to the list of its marks: the recall's page opens to it too, showing its own
    serials (`Recall.scope`), when its clearance reaches the recall's level."""
    by_unit: dict[int, list[SerialUnit]] = defaultdict(list)
    for serial in serials:
        if serial.pk in recipients:
            by_unit[recipients[serial.pk]].append(serial)
    units = OrgUnit.objects.in_bulk(list(by_unit))
    link = f"{reverse('quality:recalled-serials-list')}?recall={recall.pk}"
    out = []
    for unit_id, received in sorted(by_unit.items(), key=lambda kv: units[kv[0]].code):
        numbers = sorted(f"{s.product_type.code} {s.serial_number}" for s in received)
        more = len(numbers) - LISTED_IN_NOTICE
        listed = ", ".join(numbers[:LISTED_IN_NOTICE]) + (
            _(" and %(count)s more") % {"count": more} if more > 0 else "")
        out.append(Notice(
            unit=units[unit_id], level=NotificationLevel.DANGER, link=link,
            classification=max(s.classification for s in received),
            title=_("Recall: %(count)s serial units your unit received") % {
                "count": len(received)},
            text=_("Recalled serial units: %(serials)s.\nStop using them and keep them apart "
                   "until the producer's instructions.") % {"serials": listed}))
    return out


def issue_recall(actor: User, *, start_node: TraceNode | None, reason: str,
                 nonconformance: NonConformance | None = None,
                 on_date: dt.date | None = None) -> Recall:
    """Recall everything reached forward from `start_node` (a material lot, lot or serial):
    one walk, a constant number of queries, one transaction. `on_date` is the day it was
    issued (a recall of the history, entered later: numbered in its year, nobody told; never
    in the future, never before its non-conformance was detected); empty: now."""
    _check(actor, start_node, reason, nonconformance)
    detected = nonconformance.detected_on if nonconformance is not None else None
    issued_at = moment(on_date, field="on_date", after=detected, after_message=None if (
        detected is None) else _("A recall is issued on or after the detection of its "
                                 "non-conformance (%(date)s).")
        % {"date": detected.strftime("%d/%m/%Y")})
    assert start_node is not None  # refused above, with the field named
    with transaction.atomic():
        reached = walk("forward", start_node.pk).nodes
        seen = list(scope_queryset(TraceNode.objects.filter(pk__in=ids_in(sorted(reached))),
                                   actor).values_list("pk", "kind", "classification"))
        if len(seen) != len(reached):
            raise ValidationError({"start_node": _(
                "Part of what this item went into is outside your view (another unit's items, "
                "or above your clearance). A recall must reach all of it: ask a unit that sees "
                "the whole reach, such as the directorate's quality department.")})
        serials = list(SerialUnit.objects.filter(node_id__in=ids_in(sorted(reached)))
                       .select_related("product_type").order_by("pk"))
        if not serials:
            raise ValidationError({"start_node": _("No serial unit was made from this item: "
                                                   "there is nothing to recall.")})
        recipients = _recipients([s.pk for s in serials])
        recall = Recall(
            code=next_code(Recall, "TH", timezone.localdate(issued_at).year, width=3),
            issued_at=issued_at,
            reason=reason.strip(), start_node=start_node, nonconformance=nonconformance,
            issuing_unit_id=actor.org_unit_id, issued_by=actor,
            lot_count=sum(1 for pk, kind, _lvl in seen
                          if kind == NodeKind.LOT and pk != start_node.pk),
            serial_count=len(serials), unit_count=len(set(recipients.values())),
            classification=max(level for _pk, _kind, level in seen))

        def marks(saved: Recall) -> dict[str, object]:
            RecalledSerial.objects.bulk_create(
                [RecalledSerial(recall=saved, serial=s, recipient_id=recipients.get(s.pk))
                 for s in serials], batch_size=5000)
            return {"serial_ids": [s.pk for s in serials],
                    "units": sorted(set(recipients.values()))}

        recall = writes.create(actor, recall, related=marks)
        if on_date is None or on_date >= timezone.localdate():  # history tells nobody
            send_notifications(actor, _notices(recall, serials, recipients))
    return recall
