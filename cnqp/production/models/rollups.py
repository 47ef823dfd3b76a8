"""Rollups of production's large tables (cnqp/core/figures/rollups.py): per enterprise and
day (and summed per month), the accepted output, the inspections and the deliveries, as the
report figures and the home page count them. Written only by `cnqp.production.rollups`, from
the raw records, in the transaction that changed them; never edited, so they need no history
of their own."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cnqp.core.models import OrgUnit, RollupRow
from cnqp.documents.models import ProductType
from cnqp.production.choices import InspectionStage


class OutputDay(RollupRow):
    """Accepted units (a passed, signed-off final acceptance) made on `day` at `unit`:
    serials counted one each, lots by their quantity; `repair` when built under a repair
    item."""

    product_type = models.ForeignKey(ProductType, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("product type"))
    repair = models.BooleanField(_("repair"))
    is_lot = models.BooleanField(_("in lots"))
    quantity = models.BigIntegerField(_("quantity"))

    class Meta(RollupRow.Meta):
        verbose_name = _("accepted output of a day")
        verbose_name_plural = _("accepted output by day")
        constraints = [models.UniqueConstraint(
            fields=["unit", "day", "whole_month", "classification", "product_type", "repair",
                    "is_lot"],
            name="production_outputday_slice")]
        indexes = [models.Index(fields=["whole_month", "day"], name="production_outputday_day")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day:%d/%m/%Y} {self.product_type_id}: {self.quantity}"


class InspectionDay(RollupRow):
    """Inspections dated `day` at `unit`, per stage and product type inspected (none for a
    material lot): how many, passed and failed."""

    stage = models.CharField(_("stage"), max_length=20, choices=InspectionStage.choices)
    product_type = models.ForeignKey(ProductType, on_delete=models.CASCADE, related_name="+",
                                     null=True, verbose_name=_("product type"))  # none: material
    total = models.BigIntegerField(_("inspected"))
    passed = models.BigIntegerField(_("passed"))
    failed = models.BigIntegerField(_("failed"))

    class Meta(RollupRow.Meta):
        verbose_name = _("inspections of a day")
        verbose_name_plural = _("inspections by day")
        constraints = [models.UniqueConstraint(
            fields=["unit", "day", "whole_month", "classification", "stage", "product_type"],
            name="production_inspectionday_slice")]
        indexes = [models.Index(fields=["whole_month", "day"],
                                name="production_inspectionday_day")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day:%d/%m/%Y} {self.stage}: {self.passed}/{self.total}"


class DeliveryDay(RollupRow):
    """Serial units made at `unit` and delivered on `day` to `recipient` (a serial goes out
    once: the service refuses a second delivery)."""

    product_type = models.ForeignKey(ProductType, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("product type"))
    recipient = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("recipient"))
    quantity = models.BigIntegerField(_("quantity"))

    class Meta(RollupRow.Meta):
        verbose_name = _("deliveries of a day")
        verbose_name_plural = _("deliveries by day")
        constraints = [models.UniqueConstraint(
            fields=["unit", "day", "whole_month", "classification", "product_type",
                    "recipient"],
            name="production_deliveryday_slice")]
        indexes = [models.Index(fields=["whole_month", "day"],
                                name="production_deliveryday_day")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day:%d/%m/%Y} → {self.recipient_id}: {self.quantity}"
