"""Deliveries of serial units to user units. A serial goes out only with a passed,
signed-off final acceptance, only from the enterprise that holds it, and only once (a
repaired unit going back is a later phase's repair record)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.choices import AuditAction, OrgUnitKind
from cnqp.core.models import OrgUnit, User
from cnqp.core.records import writes
from cnqp.core.records.guards import only
from cnqp.production.models import Delivery, DeliveryLine, Inspection, SerialUnit
from cnqp.production.rollups import delivery_slices, refresh_deliveries
from cnqp.production.selectors import accepted_node_ids, accepted_q
from cnqp.production.services.common import check_producer


def _numbers(serials: Sequence[SerialUnit]) -> str:
    shown = sorted(s.serial_number for s in serials)
    more = len(shown) - 20
    return ", ".join(shown[:20]) + (f" (+{more})" if more > 0 else "")


def _accepted_after(ids: Sequence[int], date: dt.date) -> set[int]:
    """Of the serials `ids` (each with a passed, signed-off final acceptance), those whose
    first such acceptance is dated after `date`: a delivery follows the acceptance."""
    first = (Inspection.objects.filter(accepted_q(), target__serial__pk__in=ids)
             .values("target__serial__pk").annotate(first=Min("date")))
    return {row["target__serial__pk"] for row in first if row["first"] > date}


def create_delivery(actor: User | None, *, document_number: str, enterprise: OrgUnit,
                    recipient: OrgUnit, date: dt.date, serials: Sequence[SerialUnit],
                    note: str = "") -> Delivery:
    check_producer(enterprise)
    if recipient.kind != OrgUnitKind.USER_UNIT:
        raise ValidationError({"recipient": _("Deliveries go to user units.")})
    if not serials:
        raise ValidationError({"serial_numbers": _("Name the serial units delivered.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    ids = [s.pk for s in serials]
    if len(set(ids)) != len(ids):
        raise ValidationError({"serial_numbers": _("A serial unit is named twice.")})
    with transaction.atomic():
        rows = list(SerialUnit.objects.select_for_update().filter(pk__in=ids))
        foreign = [s for s in rows if s.enterprise_id != enterprise.pk]
        if foreign:
            raise ValidationError({"serial_numbers": _(
                "Not held by %(unit)s: %(numbers)s.") % {"unit": enterprise.code,
                                                         "numbers": _numbers(foreign)}})
        accepted = set(SerialUnit.objects.filter(pk__in=ids, node_id__in=accepted_node_ids())
                       .values_list("pk", flat=True))
        refused = [s for s in rows if s.pk not in accepted]
        if refused:
            raise ValidationError({"serial_numbers": _(
                "No passed, signed-off final acceptance for: %(numbers)s.") % {
                "numbers": _numbers(refused)}})
        early = _accepted_after(ids, date)
        if early:
            raise ValidationError({"date": _(
                "The delivery date is before the final acceptance of: %(numbers)s.") % {
                "numbers": _numbers([s for s in rows if s.pk in early])}})
        gone = set(DeliveryLine.objects.filter(serial_id__in=ids)
                   .values_list("serial_id", flat=True))
        if gone:
            raise ValidationError({"serial_numbers": _("Already delivered: %(numbers)s.") % {
                "numbers": _numbers([s for s in rows if s.pk in gone])}})
        delivery = Delivery(document_number=document_number, enterprise=enterprise,
                            recipient=recipient, date=date, note=note)

        def lines(saved: Delivery) -> dict[str, Any]:
            DeliveryLine.objects.bulk_create(
                [DeliveryLine(delivery=saved, serial_id=pk) for pk in ids])
            return {"serial_numbers": sorted(s.serial_number for s in rows)}

        saved = writes.create(actor, delivery, related=lines,
                              related_level=max(s.classification for s in rows))
        refresh_deliveries({(s.enterprise_id, date) for s in rows})
        return saved


DELIVERY_EDITABLE = frozenset({"document_number", "date", "note"})


def update_delivery(actor: User | None, delivery: Delivery, **data: Any) -> Delivery:
    changed = {k: v for k, v in data.items() if v != getattr(delivery, k, None)}
    only(DELIVERY_EDITABLE, changed)
    if "date" in changed and changed["date"] > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    if "date" in changed:
        ids = list(delivery.lines.values_list("serial_id", flat=True))
        early = _accepted_after(ids, changed["date"])
        if early:
            raise ValidationError({"date": _(
                "The delivery date is before the final acceptance of: %(numbers)s.") % {
                "numbers": _numbers(list(SerialUnit.objects.filter(pk__in=early)))}})
    with transaction.atomic():
        before = delivery_slices(delivery.lines.values("serial_id"))
        writes.update(actor, delivery, changed)
        refresh_deliveries(before | delivery_slices(delivery.lines.values("serial_id")))
    return delivery


def delete_delivery(actor: User | None, delivery: Delivery) -> None:
    """A delivery recorded by mistake is removed with its lines; the audit keeps both."""
    with transaction.atomic():
        numbers = sorted(delivery.serials.values_list("serial_number", flat=True))
        before = delivery_slices(delivery.lines.values("serial_id"))
        writes.delete(actor, delivery)
        refresh_deliveries(before)
        audit.record(AuditAction.DELETE, actor=actor, object_type="production.deliveryline",
                     object_id=str(delivery.pk), object_repr=str(delivery),
                     changes={"serial_numbers": [numbers, None]})
