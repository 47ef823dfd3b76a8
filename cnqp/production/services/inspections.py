"""Inspection templates and inspections. The result is computed here from the measured values
(every characteristic measured and within its limits), never typed; a final acceptance is
signed off by an acceptance representative who is not its inspector."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.dates import moment
from cnqp.core.models import User
from cnqp.core.records import writes
from cnqp.core.records.guards import lock
from cnqp.documents.models import ProductType
from cnqp.production.choices import OUTPUT_KINDS, InspectionResult, InspectionStage, NodeKind
from cnqp.production.evaluation import evaluate
from cnqp.production.models import (
    Characteristic,
    Inspection,
    InspectionTemplate,
    Measurement,
    TraceNode,
)
from cnqp.production.rollups import output_slices, refresh_inspections, refresh_output

# --- templates and characteristics (reference data) -------------------------------------------


def create_template(actor: User | None, *, code: str, name: str, stage: str,
                    product_type: ProductType | None = None,
                    is_active: bool = True) -> InspectionTemplate:
    return writes.create(actor, InspectionTemplate(
        code=code.strip().upper(), name=name, stage=stage, product_type=product_type,
        is_active=is_active))


def _template_in_use(template: InspectionTemplate) -> bool:
    return template.inspections.exists()


def update_template(actor: User | None, template: InspectionTemplate,
                    **data: Any) -> InspectionTemplate:
    if _template_in_use(template) and any(
            data.get(k, getattr(template, k)) != getattr(template, k)
            for k in ("stage", "product_type")):
        raise ValidationError(_("Inspections were recorded against this template: its stage "
                                "and product type stay; make a new template."))
    return writes.update(actor, template, data)


def delete_template(actor: User | None, template: InspectionTemplate) -> None:
    if template.characteristics.exists():
        raise ValidationError(_("Delete the template's characteristics first."))
    writes.delete(actor, template)


def _check_limits(lower: Decimal | None, upper: Decimal | None) -> None:
    if lower is not None and upper is not None and lower > upper:
        raise ValidationError({"upper_limit": _("The upper limit is below the lower limit.")})


def create_characteristic(actor: User | None, *, template: InspectionTemplate, name: str,
                          unit: str = "", lower_limit: Decimal | None = None,
                          upper_limit: Decimal | None = None,
                          position: int = 0) -> Characteristic:
    _check_limits(lower_limit, upper_limit)
    if _template_in_use(template):
        raise ValidationError(_("Inspections were recorded against this template: its "
                                "characteristics stay as they are; make a new template."))
    return writes.create(actor, Characteristic(template=template, name=name, unit=unit,
                                               lower_limit=lower_limit,
                                               upper_limit=upper_limit, position=position))


def update_characteristic(actor: User | None, characteristic: Characteristic,
                          **data: Any) -> Characteristic:
    data.pop("template", None)
    limits = ("lower_limit", "upper_limit")
    if any(data.get(k, getattr(characteristic, k)) != getattr(characteristic, k)
           for k in limits) and _template_in_use(characteristic.template):
        raise ValidationError(_("Inspections were judged against these limits; they stay. "
                                "Make a new template."))
    _check_limits(data.get("lower_limit", characteristic.lower_limit),
                  data.get("upper_limit", characteristic.upper_limit))
    return writes.update(actor, characteristic, data)


def delete_characteristic(actor: User | None, characteristic: Characteristic) -> None:
    if _template_in_use(characteristic.template):
        raise ValidationError(_("Inspections were recorded against this template."))
    writes.delete(actor, characteristic)


# --- inspections -------------------------------------------------------------------------------

STAGE_TARGETS = {
    InspectionStage.INCOMING: (NodeKind.MATERIAL_LOT,),
    InspectionStage.IN_PROCESS: OUTPUT_KINDS,
    InspectionStage.FINAL_ACCEPTANCE: OUTPUT_KINDS,
}


def _check_inspection(target: TraceNode, template: InspectionTemplate, stage: str,
                      operation_step: str, date: dt.date) -> None:
    errors: dict[str, str] = {}
    if stage not in InspectionStage.values:
        raise ValidationError({"stage": _("Unknown inspection stage.")})
    if target.kind not in STAGE_TARGETS[InspectionStage(stage)]:
        errors["target"] = _("A %(stage)s inspection does not apply to a %(kind)s.") % {
            "stage": str(InspectionStage(stage).label).lower(),
            "kind": target.get_kind_display().lower()}
    if template.stage != stage:
        errors["template"] = _("The template is for another stage.")
    elif not template.is_active:
        errors["template"] = _("The template is no longer in use.")
    elif template.product_type_id is not None and target.kind in OUTPUT_KINDS:
        item = target.item
        if item is not None and item.product_type_id != template.product_type_id:
            errors["template"] = _("The template is for another product type.")
    if stage == InspectionStage.IN_PROCESS and not operation_step.strip():
        errors["operation_step"] = _("Name the operation step of an in-process inspection.")
    if date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)


def record_inspection(actor: User, *, target: TraceNode, template: InspectionTemplate,
                      stage: str, date: dt.date, values: Mapping[int, Decimal | None],
                      operation_step: str = "", inspector: User | None = None,
                      note: str = "") -> Inspection:
    """Record an inspection with its measurements (characteristic id → value, None when not
    measured). The result is computed: passed only when every characteristic of the
    template was measured within its limits."""
    inspector = inspector or actor
    _check_inspection(target, template, stage, operation_step, date)
    characteristics = list(template.characteristics.all())
    known = {c.pk for c in characteristics}
    strangers = sorted(set(values) - known)
    if strangers:
        raise ValidationError({"values": _("Characteristics not in the template: "
                                           "%(ids)s.") % {"ids": strangers}})
    verdict = evaluate(characteristics, values)
    inspection = Inspection(
        stage=stage, operation_step=operation_step.strip(), target=target, template=template,
        inspector=inspector, date=date, note=note, enterprise_id=target.enterprise_id,
        classification=target.classification,
        result=InspectionResult.PASSED if verdict.passed else InspectionResult.FAILED)
    with transaction.atomic():
        rows = [Measurement(characteristic_id=check.characteristic_id, value=check.value,
                            within_limits=check.within_limits)
                for check in verdict.checks]

        def measurements(saved: Inspection) -> dict[str, Any]:
            for row in rows:
                row.inspection = saved
            Measurement.objects.bulk_create(rows)
            return {"measurements": {str(r.characteristic_id): [str(r.value), r.within_limits]
                                     for r in rows}}

        saved = writes.create(actor, inspection, related=measurements)
        refresh_inspections({(saved.enterprise_id, saved.date)})
        return saved


def delete_inspection(actor: User | None, inspection: Inspection) -> None:
    if inspection.signed_off_at is not None:
        raise ValidationError(_("A signed-off acceptance cannot be deleted."))
    with transaction.atomic():  # not signed off: it counted in no output, only here
        writes.delete(actor, inspection)
        refresh_inspections({(inspection.enterprise_id, inspection.date)})


def sign_off_acceptance(actor: User, inspection: Inspection, *,
                        on_date: dt.date | None = None) -> Inspection:
    """The acceptance representative (the acting user, who needs
    production.sign_off_inspection) signs off a passed final acceptance. The inspector
    cannot sign their own; a failed acceptance is not signed off, the unit is re-inspected.

    `on_date` is the day it was signed, for history entered afterwards (an acceptance of 2023
    reads as signed off in 2023, not on the day it was typed): never in the future, never
    before the inspection; a past day is stored as its local noon, today as now. The
    audit entry keeps when, and by whom, it was entered. Empty: today (the form says so)."""
    if not actor.has_perm("production.sign_off_inspection"):
        raise ValidationError(_("Only an acceptance representative signs off an acceptance."))
    moment(on_date, field="signed_off_at")  # a future date is refused before the lock
    with transaction.atomic():
        inspection = lock(inspection)
        if inspection.stage != InspectionStage.FINAL_ACCEPTANCE:
            raise ValidationError(_("Only a final acceptance is signed off."))
        if inspection.signed_off_at is not None:
            raise ValidationError(_("This acceptance is already signed off."))
        if inspection.result != InspectionResult.PASSED:
            raise ValidationError(_("A failed acceptance cannot be signed off."))
        if inspection.inspector_id == actor.pk:
            raise ValidationError({"signed_off_by": _(
                "The inspector cannot sign off their own acceptance.")})
        signed_at = moment(
            on_date, field="signed_off_at", after=inspection.date, after_message=_(
                "An acceptance is signed off on or after its inspection (%(date)s).")
            % {"date": inspection.date.strftime("%d/%m/%Y")})
        before = audit.snapshot(inspection)
        inspection.signed_off_by, inspection.signed_off_at = actor, signed_at
        inspection.save(update_fields=["signed_off_by", "signed_off_at", "updated_at"])
        audit.record_change(actor, inspection, before)
        refresh_output(output_slices([inspection.target_id]))  # its unit now counts
        return inspection
