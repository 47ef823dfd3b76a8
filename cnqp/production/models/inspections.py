"""Inspections (kiểm tra, nghiệm thu) against templates of characteristics with limits. The
result is computed from the measured values by the service, never typed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel
from cnqp.production.choices import InspectionResult, InspectionStage
from cnqp.production.models.trace import TraceNode, received_by_unit


class InspectionTemplate(SearchableModel, TimestampedModel):
    """What to measure at a stage, for a product type (or for any, say a material check).

    Reference data: the limits come from the design and technology documents and are set by
    the directorate, not by the enterprise whose output they judge; every signed-in user may
    read them (roles.py lets only roles that see every unit write such data)."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    stage = models.CharField(_("stage"), max_length=20, choices=InspectionStage.choices)
    product_type = models.ForeignKey("documents.ProductType", verbose_name=_("product type"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    is_active = models.BooleanField(_("active"), default=True)

    search_fields = ("code", "name")
    scope = Scope(unit=None, classification=None)

    class Meta:
        verbose_name = _("inspection template")
        verbose_name_plural = _("inspection templates")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Characteristic(TimestampedModel):
    """One measured characteristic and its limits (either side may be open)."""

    template = models.ForeignKey(InspectionTemplate, verbose_name=_("inspection template"),
                                 on_delete=models.PROTECT, related_name="characteristics")
    name = models.CharField(_("name"), max_length=255)
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    lower_limit = models.DecimalField(_("lower limit"), max_digits=18, decimal_places=6,
                                      null=True, blank=True)
    upper_limit = models.DecimalField(_("upper limit"), max_digits=18, decimal_places=6,
                                      null=True, blank=True)
    # "order", not "position": that msgid is a person's job title (chức vụ)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    scope = Scope(unit=None, classification=None)  # reference data, as its template

    class Meta:
        verbose_name = _("characteristic")
        verbose_name_plural = _("characteristics")
        ordering = ["template", "position", "pk"]
        constraints = [models.CheckConstraint(
            condition=Q(lower_limit__isnull=True) | Q(upper_limit__isnull=True)
            | Q(lower_limit__lte=models.F("upper_limit")),
            name="production_characteristic_limits")]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name


class Inspection(TimestampedModel):
    id = models.BigAutoField(primary_key=True)
    stage = models.CharField(_("stage"), max_length=20, choices=InspectionStage.choices)
    operation_step = models.CharField(_("operation step"), max_length=128, blank=True)
    target = models.ForeignKey(TraceNode, verbose_name=_("inspected item"),
                               on_delete=models.PROTECT, related_name="inspections")
    template = models.ForeignKey(InspectionTemplate, verbose_name=_("inspection template"),
                                 on_delete=models.PROTECT, related_name="inspections")
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("inspector"),
                                  on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    result = models.CharField(_("result"), max_length=8, choices=InspectionResult.choices,
                              editable=False)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                      verbose_name=_("acceptance representative"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+",
                                      editable=False)
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True,
                                         editable=False)
    note = models.TextField(_("note"), blank=True)
    import_job = models.ForeignKey(
        "core.Job", verbose_name=_("imported by job"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False,
        db_index=False, db_constraint=False)  # provenance only; no per-row key check at bulk
    # The inspected item's enterprise and level, repeated from its trace node (set by the
    # services, kept in step by `sync_node`) as the genealogy edges repeat theirs: lists,
    # counts and the period reports over millions of inspections filter and group on them
    # without joining every inspection to its node.
    enterprise = models.ForeignKey(OrgUnit, verbose_name=_("enterprise"),
                                   on_delete=models.PROTECT, related_name="+",
                                   editable=False, db_index=False)  # led by the date index
    classification = ClassificationField(editable=False, db_index=False)

    display_through = {"target_label": "target"}  # the label names the inspected item
    # A user unit sees the inspections of what it received.
    scope = Scope(unit="enterprise", classification="classification",
                  extra=received_by_unit("target__serial__id"))

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-date", "-id"]
        permissions = [("sign_off_inspection", "Can sign off a final acceptance")]
        indexes = [
            models.Index(fields=["target", "stage", "result"], name="production_insp_target_idx"),
            # Report figures at millions of inspections: those of a period per stage (read
            # from the index alone); the items with a failed final acceptance; the accepted
            # units (a semi-join that hashes the accepted targets from this partial index).
            models.Index(fields=["date", "stage", "result"],
                         include=["classification", "enterprise", "target", "id"],
                         name="production_insp_date_idx"),  # index-only on PostgreSQL
            models.Index(fields=["stage", "result", "target"], name="production_insp_stage_idx"),
            models.Index(fields=["target"], name="production_insp_accepted",
                         condition=Q(stage=InspectionStage.FINAL_ACCEPTANCE,
                                     result=InspectionResult.PASSED,
                                     signed_off_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return gettext("Inspection #%(number)s") % {"number": self.pk}

    def save(self, *args: Any, **kwargs: Any) -> None:
        """The enterprise and level are always the inspected node's (see the fields)."""
        node = self.target
        self.enterprise_id, self.classification = node.enterprise_id, node.classification
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "enterprise", "classification"}
        super().save(*args, **kwargs)

    @property
    def target_label(self) -> str:
        from cnqp.production.models.trace import node_label

        return node_label(self.target)

    @property
    def is_accepted(self) -> bool:
        """A final acceptance that passed and was signed off: the unit may be delivered."""
        return (self.stage == InspectionStage.FINAL_ACCEPTANCE
                and self.result == InspectionResult.PASSED and self.signed_off_at is not None)


class Measurement(models.Model):
    id = models.BigAutoField(primary_key=True)
    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"),
                                   on_delete=models.CASCADE, related_name="measurements")
    characteristic = models.ForeignKey(Characteristic, verbose_name=_("characteristic"),
                                       on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=6, null=True,
                                blank=True)
    within_limits = models.BooleanField(_("within limits"), default=False)

    scope = Scope(unit="inspection__enterprise", classification="inspection__classification")

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["inspection", "characteristic__position", "pk"]
        constraints = [models.UniqueConstraint(fields=["inspection", "characteristic"],
                                               name="production_measurement_once")]

    def __str__(self) -> str:
        return f"{self.characteristic_id}: {self.value}"
