"""Field reports (phản ánh chất lượng): a user unit reports a failure of serials it received.
Triage by the producing enterprise or the directorate opens a non-conformance or closes the
report with its reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope, within_unit_of
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel
from cnqp.core.text import format_number
from cnqp.quality.choices import ReportStatus, Severity, UsageUnit


class FieldReport(SearchableModel, TimestampedModel):
    """One failure, seen by one user unit, of serials of one product type from one producer."""

    code = models.CharField(_("number"), max_length=32, unique=True, editable=False)
    reporting_unit = models.ForeignKey(OrgUnit, verbose_name=_("reporting unit"),
                                       on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(OrgUnit, verbose_name=_("producing enterprise"),
                                   on_delete=models.PROTECT, related_name="+", editable=False)
    product_type = models.ForeignKey("documents.ProductType", verbose_name=_("product type"),
                                     on_delete=models.PROTECT, related_name="+")
    serials = models.ManyToManyField("production.SerialUnit", through="FieldReportSerial",
                                     verbose_name=_("serial units"), related_name="+")
    symptom = models.TextField(_("symptom"))
    occurred_on = models.DateField(_("date of failure"))
    usage_value = models.DecimalField(_("usage at failure"), max_digits=12, decimal_places=1)
    usage_unit = models.CharField(_("usage counted in"), max_length=8, choices=UsageUnit.choices)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices,
                              default=ReportStatus.NEW, db_index=True, editable=False)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("filed by"),
                                 null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", editable=False)
    triaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("triaged by"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", editable=False)
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True, editable=False)
    close_reason = models.TextField(_("reason for closing"), blank=True, editable=False)
    classification = ClassificationField()

    search_fields = ("code", "symptom")
    # The reporting unit (and units above it), and the producer of the serials.
    scope = Scope(unit="reporting_unit", classification="classification",
                  extra=within_unit_of("enterprise"))

    class Meta:
        verbose_name = _("field report")
        verbose_name_plural = _("field reports")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["product_type", "occurred_on"],
                                name="quality_report_type_date")]

    def __str__(self) -> str:
        return self.code or str(_("New field report"))

    @property
    def usage_text(self) -> str:
        return f"{format_number(self.usage_value, 1).removesuffix(',0')} " \
               f"{self.get_usage_unit_display()}"

    @property
    def serial_ids(self) -> list[int]:
        """The serials named (lists prefetch `serial_links`, so this costs no query)."""
        return sorted(link.serial_id for link in self.serial_links.all())


class FieldReportSerial(models.Model):
    report = models.ForeignKey(FieldReport, verbose_name=_("field report"),
                               on_delete=models.CASCADE, related_name="serial_links")
    serial = models.ForeignKey("production.SerialUnit", verbose_name=_("serial unit"),
                               on_delete=models.PROTECT, related_name="+")

    scope = Scope(unit="report__reporting_unit", classification="report__classification",
                  extra=within_unit_of("report__enterprise"))

    class Meta:
        verbose_name = _("serial in a field report")
        verbose_name_plural = _("serials in field reports")
        constraints = [models.UniqueConstraint(fields=["report", "serial"],
                                               name="quality_report_serial_once")]
        indexes = [models.Index(fields=["serial", "report"], name="quality_report_serial")]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.serial_id}"


class FieldReportPhoto(TimestampedModel):
    """A photo of the failure, stored with its SHA-256 (checked again on every view)."""

    report = models.ForeignKey(FieldReport, verbose_name=_("field report"),
                               on_delete=models.PROTECT, related_name="photos")
    file = models.FileField(_("file"), upload_to="quality/photos/%Y/%m/", max_length=500)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    null=True, on_delete=models.PROTECT, related_name="+")

    scope = Scope(unit="report__reporting_unit", classification="report__classification",
                  extra=within_unit_of("report__enterprise"))

    class Meta:
        verbose_name = _("field report photo")
        verbose_name_plural = _("field report photos")
        ordering = ["report", "pk"]

    def __str__(self) -> str:
        return self.original_name
