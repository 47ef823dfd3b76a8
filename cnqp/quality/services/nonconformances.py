"""Non-conformances: opened from a failed inspection or a review (a field report opens one by
triage), linked to what they concern, analysed down to one of the four root-cause stages, and
closed once every corrective action was found effective."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.models import OrgUnit, User
from cnqp.core.records import writes
from cnqp.core.units import not_a_producer
from cnqp.documents.choices import DocumentKind
from cnqp.documents.models import ProductType, Revision
from cnqp.production.choices import InspectionResult, NodeKind
from cnqp.production.models import Inspection, MaterialLot, SerialUnit
from cnqp.quality.choices import ActionStatus, NCSource, NCStatus, ReportStatus, RootCauseStage
from cnqp.quality.models import CorrectiveAction, NonConformance, NonConformanceSerial
from cnqp.quality.services import notices
from cnqp.quality.services.common import (
    check_acts_for,
    check_not_future,
    day,
    lock,
    next_code,
    only,
)


def check_links(*, enterprise: OrgUnit, product_type: ProductType,
                serials: Sequence[SerialUnit] = (), revision: Revision | None = None,
                material_lot: MaterialLot | None = None) -> None:
    """What a non-conformance links to belongs to it: serials of its product type built by its
    enterprise, a design revision of its product type, a material lot of its enterprise."""
    errors: dict[str, str] = {}
    strangers = [s.serial_number for s in serials
                 if s.product_type_id != product_type.pk or s.enterprise_id != enterprise.pk]
    if strangers:
        errors["serials"] = _("Not serials of %(code)s built by %(unit)s: %(numbers)s.") % {
            "code": product_type.code, "unit": enterprise.code,
            "numbers": ", ".join(sorted(strangers)[:20])}
    if revision is not None and (revision.document_set.kind != DocumentKind.DESIGN
                                 or revision.document_set.product_type_id != product_type.pk):
        errors["revision"] = _("The revision must belong to a design set (TLTK) of "
                               "%(code)s.") % {"code": product_type.code}
    if material_lot is not None and material_lot.enterprise_id != enterprise.pk:
        errors["material_lot"] = _("The material lot belongs to another enterprise.")
    if errors:
        raise ValidationError(errors)


def _level(classification: int, serials: Sequence[SerialUnit], revision: Revision | None,
           material_lot: MaterialLot | None, inspection: Inspection | None) -> int:
    """As classified as the most classified record it names."""
    levels = [classification, *(s.classification for s in serials)]
    if revision is not None:
        levels.append(revision.document_set.classification)
    if material_lot is not None:
        levels.append(material_lot.classification)
    if inspection is not None:
        levels.append(inspection.target.classification)
    return max(levels)


def _from_inspection(inspection: Inspection, enterprise: OrgUnit, product_type: ProductType,
                     serials: list[SerialUnit], material_lot: MaterialLot | None
                     ) -> tuple[list[SerialUnit], MaterialLot | None, str]:
    """A failed inspection's item joins the links: its serial, or its material lot."""
    if inspection.result != InspectionResult.FAILED:
        raise ValidationError({"inspection": _("Only a failed inspection opens a "
                                               "non-conformance.")})
    target = inspection.target
    if target.enterprise_id != enterprise.pk:
        raise ValidationError({"inspection": _("The inspection is of another enterprise's "
                                               "item.")})
    item = target.item
    if target.kind != NodeKind.MATERIAL_LOT and item.product_type_id != product_type.pk:
        raise ValidationError({"inspection": _("The inspected item is of another product "
                                               "type.")})
    if target.kind == NodeKind.SERIAL and item.pk not in {s.pk for s in serials}:
        serials = [*serials, item]
    if target.kind == NodeKind.MATERIAL_LOT and material_lot is None:
        material_lot = item
    return serials, material_lot, inspection.operation_step


def create_nonconformance(actor: User | None, *, title: str, source: str, enterprise: OrgUnit,
                          product_type: ProductType, severity: str, detected_on: dt.date,
                          description: str = "", inspection: Inspection | None = None,
                          serials: Sequence[SerialUnit] = (), revision: Revision | None = None,
                          material_lot: MaterialLot | None = None, operation_step: str = "",
                          classification: int = 0) -> NonConformance:
    """A non-conformance found by a failed inspection or a review (a field report's is opened
    by its triage: `open_nonconformance`)."""
    if source == NCSource.FIELD_REPORT:
        raise ValidationError({"source": _("A field report opens its non-conformance by "
                                           "triage.")})
    if source not in NCSource.values:
        raise ValidationError({"source": _("Unknown source.")})
    if source == NCSource.INSPECTION and inspection is None:
        raise ValidationError({"inspection": _("Name the failed inspection.")})
    if source == NCSource.REVIEW and inspection is not None:
        raise ValidationError({"inspection": _("A review names no inspection; choose the "
                                               "source “failed inspection”.")})
    reason = not_a_producer(enterprise)
    if reason:
        raise ValidationError({"enterprise": reason})
    check_acts_for(actor, enterprise, "enterprise")
    check_not_future(detected_on, "detected_on")
    serials = list(serials)
    if len({s.pk for s in serials}) != len(serials):
        raise ValidationError({"serials": _("A serial unit is named twice.")})
    if inspection is not None:
        serials, material_lot, step = _from_inspection(inspection, enterprise, product_type,
                                                       serials, material_lot)
        operation_step = operation_step or step
    check_links(enterprise=enterprise, product_type=product_type, serials=serials,
                revision=revision, material_lot=material_lot)
    nc = NonConformance(
        title=title, description=description, source=source, inspection=inspection,
        enterprise=enterprise, product_type=product_type, revision=revision,
        material_lot=material_lot, operation_step=operation_step, severity=severity,
        detected_on=detected_on, opened_by=actor if actor is not None and actor.pk else None,
        classification=_level(classification, serials, revision, material_lot, inspection))

    def links(saved: NonConformance) -> dict[str, Any]:
        NonConformanceSerial.objects.bulk_create(
            [NonConformanceSerial(nonconformance=saved, serial=s) for s in serials])
        return {"serial_numbers": sorted(s.serial_number for s in serials)}

    with transaction.atomic():
        nc.code = next_code(NonConformance, "KPH", detected_on.year)
        nc = writes.create(actor, nc, related=links)
        notices.tell(actor, notices.nonconformance_opened(nc))
        return nc


NC_EDITABLE = frozenset({"title", "description", "severity", "operation_step", "revision",
                         "material_lot"})


def update_nonconformance(actor: User | None, nc: NonConformance,
                          **data: Any) -> NonConformance:
    changed = {k: v for k, v in data.items() if v != getattr(nc, k, None)}
    only(NC_EDITABLE, changed)
    if NonConformance.objects.filter(pk=nc.pk, status=NCStatus.CLOSED).exists():
        raise ValidationError(_("A closed non-conformance no longer changes."))
    revision = changed.get("revision", nc.revision)
    material_lot = changed.get("material_lot", nc.material_lot)
    check_links(enterprise=nc.enterprise, product_type=nc.product_type, revision=revision,
                material_lot=material_lot)
    changed["classification"] = max(nc.classification,
                                    _level(0, (), revision, material_lot, None))
    with transaction.atomic():
        saved = writes.update(actor, nc, changed)
        # The actions carry their origin's level (their scope reads it there): kept up.
        CorrectiveAction.objects.filter(nonconformance=saved).update(
            classification=saved.classification)
        return saved


def analyse_nonconformance(actor: User | None, nc: NonConformance, *, stage: str,
                           root_cause: str) -> NonConformance:
    """The root cause found, at one of the four stages. May be revised until closing."""
    errors = {}
    if stage not in RootCauseStage.values:
        errors["stage"] = _("Choose the stage the cause lies in: design, technology, material "
                            "or acceptance.")
    if not root_cause.strip():
        errors["root_cause"] = _("Describe the root cause.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        nc = lock(nc)
        if nc.status == NCStatus.CLOSED:
            raise ValidationError({"status": _("A closed non-conformance is not analysed "
                                               "again.")})
        before = audit.snapshot(nc)
        nc.root_cause_stage, nc.root_cause = stage, root_cause.strip()
        nc.status = NCStatus.ANALYSED
        nc.save()
        audit.record_change(actor, nc, before)
    return nc


def close_nonconformance(actor: User | None, nc: NonConformance, *,
                         on_date: dt.date | None = None) -> NonConformance:
    """Closed once its root cause is known and it has corrective actions, every one closed
    after an effectiveness check."""
    closing = day(on_date)
    with transaction.atomic():
        nc = lock(nc)
        if nc.status != NCStatus.ANALYSED:
            raise ValidationError({"status": _(
                "Non-conformance %(code)s is %(status)s: it is closed only once its root cause "
                "is found.") % {"code": nc.code, "status": nc.get_status_display().lower()}})
        statuses = list(nc.actions.values_list("status", flat=True))
        if not statuses:
            raise ValidationError({"actions": _("Plan at least one corrective action first.")})
        open_count = sum(1 for s in statuses if s != ActionStatus.CLOSED)
        if open_count:
            raise ValidationError({"actions": _(
                "%(count)s corrective action(s) not closed yet.") % {"count": open_count}})
        if closing < nc.detected_on:
            raise ValidationError({"on_date": _("The closing date is before the detection.")})
        before = audit.snapshot(nc)
        nc.status, nc.closed_on = NCStatus.CLOSED, closing
        nc.closed_by = actor if actor is not None and actor.pk else None
        nc.save()
        audit.record_change(actor, nc, before)
    return nc


def delete_nonconformance(actor: User | None, nc: NonConformance) -> None:
    """One opened by mistake, before any action or recall; a field report it came from goes
    back to the triage queue."""
    with transaction.atomic():
        nc = lock(nc)
        if nc.status != NCStatus.OPEN or nc.actions.exists() or nc.recalls.exists():
            raise ValidationError(_("Only an open non-conformance without actions or recalls "
                                    "can be deleted."))
        report = nc.field_report
        writes.delete(actor, nc)
        if report is not None:
            writes.update(actor, report, {"status": ReportStatus.NEW, "triaged_by": None,
                                          "triaged_at": None})
