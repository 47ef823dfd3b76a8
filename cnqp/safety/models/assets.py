"""Safety-critical assets (công trình, thiết bị, phương tiện bảo đảm an toàn, PCCC) and their
inspections. An asset's next due date is recomputed in the transaction that records an
inspection; an asset whose last inspection failed is out of service until re-inspected."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel
from cnqp.safety.choices import AssetStatus, InspectionResult
from cnqp.safety.models.reference import AssetCategory, InspectionRegime


class SafetyAsset(SearchableModel, TimestampedModel):
    code = models.CharField(_("registration number"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    category = models.ForeignKey(AssetCategory, verbose_name=_("category"),
                                 on_delete=models.PROTECT, related_name="assets")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="+")
    site = models.CharField(_("site"), max_length=255, blank=True,
                            help_text=_("Workshop, store or building where it stands."))
    serial_number = models.CharField(_("manufacturer's number"), max_length=64, blank=True)
    manufacturer = models.CharField(_("manufacturer"), max_length=255, blank=True)
    year_made = models.PositiveSmallIntegerField(
        _("year made"), null=True, blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)])
    parameters = models.TextField(_("technical parameters"), blank=True)
    in_service_on = models.DateField(_("in service from"))
    declared_on = models.DateField(_("declared on"), null=True, blank=True,
                                   help_text=_("Declaration of equipment with strict "
                                               "safety requirements."))
    declaration_number = models.CharField(_("declaration number"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=AssetStatus.choices,
                              default=AssetStatus.IN_SERVICE, db_index=True, editable=False)
    next_due = models.DateField(_("next inspection due"), null=True, blank=True,
                                editable=False, db_index=True)
    decommissioned_on = models.DateField(_("decommissioned on"), null=True, blank=True,
                                         editable=False)
    decommission_reason = models.TextField(_("reason for decommissioning"), blank=True,
                                           editable=False)
    classification = ClassificationField()

    search_fields = ("code", "name", "site", "serial_number", "manufacturer")
    scope = Scope(unit="unit")

    class Meta:
        verbose_name = _("safety-critical asset")
        verbose_name_plural = _("safety-critical assets")
        ordering = ["unit__code", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class AssetInspection(TimestampedModel):
    """One inspection of an asset under a regime. `next_due` is the date plus the regime's
    interval, or the certificate's own shorter date; a failed inspection is due again at once."""

    asset = models.ForeignKey(SafetyAsset, verbose_name=_("asset"), on_delete=models.PROTECT,
                              related_name="inspections")
    regime = models.ForeignKey(InspectionRegime, verbose_name=_("regime"),
                               on_delete=models.PROTECT, related_name="+")
    inspected_on = models.DateField(_("inspected on"))
    performer = models.CharField(_("performed by"), max_length=255)
    inspector = models.CharField(_("inspector"), max_length=255, blank=True)
    certificate_number = models.CharField(_("certificate or stamp number"), max_length=64,
                                          blank=True)
    result = models.CharField(_("result"), max_length=16, choices=InspectionResult.choices)
    valid_until = models.DateField(_("certificate valid until"), null=True, blank=True)
    next_due = models.DateField(_("next due"), editable=False)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", editable=False)

    scope = Scope(unit="asset__unit", classification="asset__classification")

    class Meta:
        verbose_name = _("asset inspection")
        verbose_name_plural = _("asset inspections")
        ordering = ["-inspected_on", "-pk"]
        indexes = [models.Index(fields=["asset", "regime", "inspected_on"],
                                name="safety_inspection_latest")]

    def __str__(self) -> str:
        return f"{self.asset.code} · {self.inspected_on:%d/%m/%Y}"
