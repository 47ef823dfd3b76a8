"""Non-conformances (sự không phù hợp) and their corrective actions (biện pháp khắc phục)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope, within_unit_of
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel
from cnqp.quality.choices import ActionStatus, NCSource, NCStatus, RootCauseStage, Severity


class NonConformance(SearchableModel, TimestampedModel):
    """A defect established by a field report, a failed inspection or a review, traced to its
    root-cause stage and linked to what it concerns: serials, the design revision, the material
    lot and the operation step. Owned by the responsible (producing) enterprise."""

    code = models.CharField(_("number"), max_length=32, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=16, choices=NCSource.choices)
    field_report = models.ForeignKey("quality.FieldReport", verbose_name=_("field report"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="nonconformances")
    inspection = models.ForeignKey("production.Inspection", verbose_name=_("failed inspection"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    enterprise = models.ForeignKey(OrgUnit, verbose_name=_("responsible enterprise"),
                                   on_delete=models.PROTECT, related_name="+")
    product_type = models.ForeignKey("documents.ProductType", verbose_name=_("product type"),
                                     on_delete=models.PROTECT, related_name="+")
    serials = models.ManyToManyField("production.SerialUnit", through="NonConformanceSerial",
                                     verbose_name=_("serial units"), related_name="+",
                                     blank=True)
    revision = models.ForeignKey("documents.Revision", verbose_name=_("design revision"),
                                 null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    material_lot = models.ForeignKey("production.MaterialLot", verbose_name=_("material lot"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    operation_step = models.CharField(_("operation step"), max_length=128, blank=True)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    detected_on = models.DateField(_("detected on"))
    root_cause_stage = models.CharField(_("root-cause stage"), max_length=16, blank=True,
                                        choices=RootCauseStage.choices, db_index=True)
    root_cause = models.TextField(_("root cause"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=NCStatus.choices,
                              default=NCStatus.OPEN, db_index=True, editable=False)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"),
                                  null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"),
                                  null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", editable=False)
    classification = ClassificationField()

    search_fields = ("code", "title", "description", "root_cause")
    scope = Scope(unit="enterprise", classification="classification")

    class Meta:
        verbose_name = _("non-conformance")
        verbose_name_plural = _("non-conformances")
        ordering = ["-detected_on", "-id"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}" if self.code else self.title

    @property
    def serial_ids(self) -> list[int]:
        """The serials linked (lists prefetch `serial_links`, so this costs no query)."""
        return sorted(link.serial_id for link in self.serial_links.all())


class NonConformanceSerial(models.Model):
    nonconformance = models.ForeignKey(NonConformance, verbose_name=_("non-conformance"),
                                       on_delete=models.CASCADE, related_name="serial_links")
    serial = models.ForeignKey("production.SerialUnit", verbose_name=_("serial unit"),
                               on_delete=models.PROTECT, related_name="+")

    scope = Scope(unit="nonconformance__enterprise",
                  classification="nonconformance__classification")

    class Meta:
        verbose_name = _("serial in a non-conformance")
        verbose_name_plural = _("serials in non-conformances")
        constraints = [models.UniqueConstraint(fields=["nonconformance", "serial"],
                                               name="quality_nc_serial_once")]

    def __str__(self) -> str:
        return f"{self.nonconformance_id}: {self.serial_id}"


class CorrectiveAction(SearchableModel, TimestampedModel):
    """What is done to remove a cause: of a non-conformance here, of a safety finding or
    incident (the safety app links its own). The one action mechanism of the system: closing
    requires an effectiveness check that found it effective, made by someone other than its
    owner. `source_unit`, `classification` and `raised_on` are those of what it remedies,
    copied when it is opened (and the level kept up with the non-conformance's), so every
    action is scoped alike whatever its origin."""

    code = models.CharField(_("number"), max_length=32, unique=True, editable=False)
    nonconformance = models.ForeignKey(NonConformance, verbose_name=_("non-conformance"),
                                       null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="actions")
    source_unit = models.ForeignKey(OrgUnit, verbose_name=_("unit concerned"),
                                    on_delete=models.PROTECT, related_name="+", editable=False)
    raised_on = models.DateField(_("raised on"), editable=False,
                                 help_text=_("When what it remedies was found."))
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    owner_unit = models.ForeignKey(OrgUnit, verbose_name=_("responsible unit"),
                                   on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True,
                              blank=True, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus.choices,
                              default=ActionStatus.PLANNED, db_index=True, editable=False)
    started_on = models.DateField(_("started on"), null=True, blank=True, editable=False)
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True,
                                      editable=False)
    new_revision = models.ForeignKey("documents.Revision",
                                     verbose_name=_("new document revision"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    checked_on = models.DateField(_("effectiveness checked on"), null=True, blank=True,
                                  editable=False)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                   verbose_name=_("effectiveness checked by"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+",
                                   editable=False)
    effective = models.BooleanField(_("found effective"), null=True, blank=True,
                                    editable=False)
    check_note = models.TextField(_("effectiveness check"), blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    classification = ClassificationField(editable=False)

    search_fields = ("code", "title", "description")
    # The unit whose problem it remedies, and the unit made responsible for the action.
    scope = Scope(unit="source_unit", extra=within_unit_of("owner_unit"))

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"], name="quality_action_due")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}" if self.code else self.title

    @property
    def is_overdue(self) -> bool:
        return self.status != ActionStatus.CLOSED and self.due_date < timezone.localdate()
