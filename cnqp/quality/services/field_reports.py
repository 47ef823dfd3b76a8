"""Field reports: filed by a user unit about serials it received, with photos; triaged by the
producing enterprise or the directorate into a non-conformance, or closed with a reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.choices import AuditAction, OrgUnitKind
from cnqp.core.dates import moment
from cnqp.core.models import OrgUnit, User
from cnqp.core.records import writes
from cnqp.core.records.stored import create_with_files
from cnqp.core.uploads import IMAGE_TYPES, check_upload, clean_name
from cnqp.documents.models import ProductType
from cnqp.production.models import DeliveryLine, SerialUnit
from cnqp.quality.choices import NCSource, ReportStatus, Severity, UsageUnit
from cnqp.quality.models import (
    FieldReport,
    FieldReportPhoto,
    FieldReportSerial,
    NonConformance,
    NonConformanceSerial,
)
from cnqp.quality.services import notices
from cnqp.quality.services.common import check_acts_for, lock, next_code, only

MAX_PHOTOS = 10


def _numbers(serials: Sequence[SerialUnit]) -> str:
    shown = sorted(s.serial_number for s in serials)
    more = len(shown) - 20
    return ", ".join(shown[:20]) + (f" (+{more})" if more > 0 else "")


def _check_serials(unit: OrgUnit, product_type: ProductType, serials: Sequence[SerialUnit],
                   occurred_on: dt.date) -> OrgUnit:
    """The serials were delivered to `unit` (or a unit below it) before the failure, are all
    of `product_type` and of one producer, which is returned."""
    if not serials:
        raise ValidationError({"serials": _("Name the serial units that failed.")})
    ids = [s.pk for s in serials]
    if len(set(ids)) != len(ids):
        raise ValidationError({"serials": _("A serial unit is named twice.")})
    other_type = [s for s in serials if s.product_type_id != product_type.pk]
    if other_type:
        raise ValidationError({"serials": _("Not of %(code)s: %(numbers)s. File one report "
                                            "per product type.") % {
            "code": product_type.code, "numbers": _numbers(other_type)}})
    producers = {s.enterprise_id for s in serials}
    if len(producers) > 1:
        raise ValidationError({"serials": _("These serials come from several enterprises: "
                                            "file one report per producer.")})
    delivered = dict(DeliveryLine.objects.filter(
        serial_id__in=ids, delivery__recipient__path__startswith=unit.path)
        .values("serial_id").annotate(on=Max("delivery__date")).values_list("serial_id", "on"))
    strangers = [s for s in serials if s.pk not in delivered]
    if strangers:
        raise ValidationError({"serials": _("Not delivered to %(unit)s: %(numbers)s.") % {
            "unit": unit.name, "numbers": _numbers(strangers)}})
    early = [s for s in serials if delivered[s.pk] > occurred_on]
    if early:
        raise ValidationError({"occurred_on": _("The failure date is before the delivery of "
                                                "%(numbers)s.") % {"numbers": _numbers(early)}})
    return OrgUnit.objects.get(pk=producers.pop())


def _check_values(symptom: str, usage_value: Decimal, usage_unit: str, severity: str,
                  occurred_on: dt.date) -> None:
    errors: dict[str, str] = {}
    if not symptom.strip():
        errors["symptom"] = _("Describe what failed.")
    if usage_value is None or usage_value < 0:
        errors["usage_value"] = _("The usage at failure is a number, zero or more.")
    if usage_unit not in UsageUnit.values:
        errors["usage_unit"] = _("Choose how the usage is counted.")
    if severity not in Severity.values:
        errors["severity"] = _("Choose the severity.")
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)


def _checked_photos(photos: Sequence[File]) -> list[tuple[str, File, str]]:
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(max)s photos per report.") % {
            "max": MAX_PHOTOS}})
    checked = []
    for photo in photos:
        name = clean_name(photo.name or "")
        kind = check_upload(name, photo, IMAGE_TYPES, settings.CNQP_MAX_PHOTO_BYTES, "photos")
        checked.append((name, photo, kind.content_type))
    return checked


def _store_photos(actor: User | None, report: FieldReport,
                  photos: list[tuple[str, File, str]]) -> list[FieldReportPhoto]:
    uploader = actor if actor is not None and actor.pk else None
    return create_with_files(actor, [
        (FieldReportPhoto(report=report, original_name=name, content_type=content_type,
                          uploaded_by=uploader), name, upload)
        for name, upload, content_type in photos], settings.CNQP_MAX_PHOTO_BYTES)


def file_field_report(actor: User | None, *, reporting_unit: OrgUnit, product_type: ProductType,
                      serials: Sequence[SerialUnit], symptom: str, occurred_on: dt.date,
                      usage_value: Decimal, usage_unit: str, severity: str,
                      classification: int = 0, photos: Sequence[File] = ()) -> FieldReport:
    """A user unit reports a failure of serials it received. Everything is checked before
    anything is written (photos included: type by magic bytes, size); the report is as
    classified as the most classified serial it names."""
    if reporting_unit.kind != OrgUnitKind.USER_UNIT:
        raise ValidationError({"reporting_unit": _("Field reports come from user units.")})
    check_acts_for(actor, reporting_unit, "reporting_unit")
    _check_values(symptom, usage_value, usage_unit, severity, occurred_on)
    enterprise = _check_serials(reporting_unit, product_type, serials, occurred_on)
    checked = _checked_photos(photos)
    level = max([classification, *(s.classification for s in serials)])
    with transaction.atomic():
        report = FieldReport(
            code=next_code(FieldReport, "PA", occurred_on.year),
            reporting_unit=reporting_unit, enterprise=enterprise, product_type=product_type,
            symptom=symptom, occurred_on=occurred_on, usage_value=usage_value,
            usage_unit=usage_unit, severity=severity, classification=level,
            filed_by=actor if actor is not None and actor.pk else None)

        def links(saved: FieldReport) -> dict[str, Any]:
            FieldReportSerial.objects.bulk_create(
                [FieldReportSerial(report=saved, serial=s) for s in serials])
            return {"serial_numbers": sorted(s.serial_number for s in serials)}

        report = writes.create(actor, report, related=links)
        if checked:
            _store_photos(actor, report, checked)
        notices.tell(actor, notices.report_filed(report))
    return report


REPORT_EDITABLE = frozenset({"symptom", "occurred_on", "usage_value", "usage_unit", "severity"})


def update_field_report(actor: User | None, report: FieldReport, **data: Any) -> FieldReport:
    """While it awaits triage, the reporting unit may correct what it wrote."""
    changed = {k: v for k, v in data.items() if v != getattr(report, k, None)}
    only(REPORT_EDITABLE, changed)
    if not FieldReport.objects.filter(pk=report.pk, status=ReportStatus.NEW).exists():
        raise ValidationError(_("The report has been triaged; it no longer changes."))
    merged = {name: changed.get(name, getattr(report, name)) for name in REPORT_EDITABLE}
    _check_values(**merged)
    if "occurred_on" in changed:
        _check_serials(report.reporting_unit, report.product_type, list(report.serials.all()),
                       changed["occurred_on"])
    return writes.update(actor, report, changed)


def delete_field_report(actor: User | None, report: FieldReport) -> None:
    """A report filed by mistake goes, with its photos, while it awaits triage."""
    with transaction.atomic():
        if lock(report).status != ReportStatus.NEW:
            raise ValidationError(_("The report has been triaged; it stays on record."))
        for photo in list(report.photos.all()):
            delete_photo(actor, photo)
        writes.delete(actor, report)


def add_photos(actor: User | None, report: FieldReport,
               photos: Sequence[File]) -> list[FieldReportPhoto]:
    if report.status != ReportStatus.NEW:
        raise ValidationError({"photos": _("Photos are added while the report awaits triage.")})
    if not photos:
        raise ValidationError({"photos": _("Choose a photo.")})
    if report.photos.count() + len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(max)s photos per report.") % {
            "max": MAX_PHOTOS}})
    return _store_photos(actor, report, _checked_photos(photos))


def delete_photo(actor: User | None, photo: FieldReportPhoto) -> None:
    """The stored bytes go once the removal is committed."""
    if photo.report.status != ReportStatus.NEW:
        raise ValidationError(_("The report has been triaged; its photos stay on record."))
    with transaction.atomic():
        storage, name = photo.file.storage, photo.file.name or ""
        writes.delete(actor, photo)
        transaction.on_commit(lambda: storage.delete(name))


# --- triage --------------------------------------------------------------------------------------


def _check_triage(actor: User | None, report: FieldReport,
                  on_date: dt.date | None) -> tuple[FieldReport, dt.datetime]:
    """The report, locked, and the moment of its triage: the day given (history entered
    later), never in the future, never before the failure it reports."""
    moment(on_date, field="on_date")  # a future date is refused before the lock
    report = lock(report)
    if report.status != ReportStatus.NEW:
        raise ValidationError({"status": _("Report %(code)s was already triaged (%(status)s).")
                               % {"code": report.code,
                                  "status": report.get_status_display().lower()}})
    check_acts_for(actor, report.enterprise, "enterprise")
    return report, moment(on_date, field="on_date", after=report.occurred_on, after_message=_(
        "A report is triaged on or after the failure it reports (%(date)s).")
        % {"date": report.occurred_on.strftime("%d/%m/%Y")})


def _history(on_date: dt.date | None) -> bool:
    """A triage dated before today is history entered later: nobody is told of it."""
    return on_date is not None and on_date < timezone.localdate()


def _triaged(actor: User | None, report: FieldReport, status: str, when: dt.datetime,
             reason: str = "") -> None:
    before = audit.snapshot(report)
    report.status, report.close_reason = status, reason
    report.triaged_by = actor if actor is not None and actor.pk else None
    report.triaged_at = when
    report.save(update_fields=["status", "close_reason", "triaged_by", "triaged_at",
                               "updated_at"])
    audit.record_change(actor, report, before)


def open_nonconformance(actor: User | None, report: FieldReport, *, title: str = "",
                        description: str = "",
                        on_date: dt.date | None = None) -> NonConformance:
    """Triage: the report shows a defect. A non-conformance is opened on the producer, about
    the report's serials, to the design revision they were built to when they share one.
    `on_date`: the day of the triage (empty: today)."""
    with transaction.atomic():
        report, when = _check_triage(actor, report, on_date)
        serials = list(SerialUnit.objects.filter(
            pk__in=report.serial_links.values("serial_id")).select_related("revision"))
        revisions = {s.revision_id for s in serials}
        nc = NonConformance(
            code=next_code(NonConformance, "KPH", report.occurred_on.year),
            title=(title.strip() or report.symptom.strip().split("\n")[0])[:255],
            description=description or report.symptom, source=NCSource.FIELD_REPORT,
            field_report=report, enterprise=report.enterprise,
            product_type=report.product_type, severity=report.severity,
            detected_on=report.occurred_on, classification=report.classification,
            revision_id=revisions.pop() if len(revisions) == 1 else None,
            opened_by=actor if actor is not None and actor.pk else None)

        def links(saved: NonConformance) -> dict[str, Any]:
            NonConformanceSerial.objects.bulk_create(
                [NonConformanceSerial(nonconformance=saved, serial=s) for s in serials])
            return {"serial_numbers": sorted(s.serial_number for s in serials)}

        nc = writes.create(actor, nc, related=links)
        _triaged(actor, report, ReportStatus.NC_OPENED, when)
        audit.record(AuditAction.UPDATE, actor=actor, obj=report,
                     changes={"nonconformance": [None, nc.code]})
        if not _history(on_date):
            notices.tell(actor, notices.report_triaged(report, nc)
                         + notices.nonconformance_opened(nc))
    return nc


def close_field_report(actor: User | None, report: FieldReport, *, reason: str,
                       on_date: dt.date | None = None) -> FieldReport:
    """Triage: no defect of the product (misuse, wear within limits, a duplicate...), on the
    day given (empty: today)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the report is closed.")})
    with transaction.atomic():
        report, when = _check_triage(actor, report, on_date)
        _triaged(actor, report, ReportStatus.CLOSED, when, reason.strip())
        if not _history(on_date):
            notices.tell(actor, notices.report_triaged(report))
    return report

