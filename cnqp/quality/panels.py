"""What quality adds to production's record pages (cnqp/core/record_panels.py): on a serial, the
recalls that marked it (above the record, in red) and the field reports and non-conformances
that name it; on a lot or material lot, the recalls started from it. Only what the user may
see: a user unit sees the marks on the serials it received and learns when they were
recalled; the recall's number, reason and page only when it may see the recall."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import User
from cnqp.core.records.panels import RecordPanel
from cnqp.production.models import Lot, MaterialLot, SerialUnit
from cnqp.quality.detail import marked
from cnqp.quality.models import FieldReport, NonConformance, Recall, RecalledSerial
from cnqp.quality.selectors import recalls_seen


def panels(user: User, obj: Any) -> list[RecordPanel]:
    if isinstance(obj, SerialUnit):
        return [*_marks(user, obj), *_named_in(user, obj)]
    if isinstance(obj, (Lot, MaterialLot)):
        return _started_here(user, obj)
    return []


def _marks(user: User, serial: SerialUnit) -> list[RecordPanel]:
    marks = marked(user, [serial.pk]).get(serial.pk, [])
    if not marks:
        return []
    return [RecordPanel(_("This serial unit is recalled"), "quality/panels/marks.html",
                        {"marks": marks}, alert=True, shown=((RecalledSerial, marks),))]


def _named_in(user: User, serial: SerialUnit) -> list[RecordPanel]:
    reports = list(scope_queryset(FieldReport.objects.filter(serial_links__serial=serial), user)
                   .select_related("reporting_unit").order_by("-pk"))
    ncs = list(scope_queryset(NonConformance.objects.filter(serial_links__serial=serial), user)
               .order_by("-pk"))
    if not reports and not ncs:
        return []
    return [RecordPanel(_("Quality"), "quality/panels/named_in.html",
                        {"field_reports": reports, "nonconformances": ncs},
                        shown=((FieldReport, reports), (NonConformance, ncs)))]


def _started_here(user: User, item: Lot | MaterialLot) -> list[RecordPanel]:
    recalls = list(recalls_seen(user, Recall.objects.filter(start_node_id=item.node_id)))
    if not recalls:
        return []
    return [RecordPanel(_("Recalls started from this item"), "quality/panels/recalls.html",
                        {"recalls": recalls}, alert=True, shown=((Recall, recalls),))]
