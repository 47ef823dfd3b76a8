"""Production plans (kế hoạch sản xuất năm) and their items."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, TimestampedModel
from cnqp.production.choices import FundingSource, OnTimeStatus, PlanItemKind, PlanItemStatus


class ProductionPlan(TimestampedModel):
    """The plan of one enterprise for one year."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    enterprise = models.ForeignKey(OrgUnit, verbose_name=_("enterprise"),
                                   on_delete=models.PROTECT, related_name="production_plans")
    classification = ClassificationField()
    note = models.TextField(_("note"), blank=True)

    scope = Scope(unit="enterprise", classification="classification")

    class Meta:
        verbose_name = _("production plan")
        verbose_name_plural = _("production plans")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["year", "enterprise"],
                                               name="production_plan_one_per_year")]

    def __str__(self) -> str:
        # The enterprise's id, not its code: a plan is named in option lists and audit
        # entries, where walking to the enterprise would cost a query per plan.
        # a format string, not _() inside an f-string: makemessages extracts only the former
        return gettext("Production plan %(year)s (%(unit)s)") % {
            "year": self.year, "unit": self.enterprise_code}

    @property
    def enterprise_code(self) -> str:
        cached = self._state.fields_cache.get("enterprise")
        return cached.code if cached is not None else f"#{self.enterprise_id}"


class PlanItem(TimestampedModel):
    """One product type to produce or repair under a plan. Its progress, on-time and quality
    status are computed from the recorded output (selectors.annotate_items), never typed."""

    plan = models.ForeignKey(ProductionPlan, verbose_name=_("plan"), on_delete=models.PROTECT,
                             related_name="items")
    product_type = models.ForeignKey("documents.ProductType", verbose_name=_("product type"),
                                     on_delete=models.PROTECT, related_name="plan_items")
    kind = models.CharField(_("kind"), max_length=16, choices=PlanItemKind.choices,
                            default=PlanItemKind.PRODUCTION)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    due_date = models.DateField(_("due date"))
    funding_source = models.CharField(_("funding source"), max_length=16,
                                      choices=FundingSource.choices,
                                      default=FundingSource.STATE_BUDGET)
    status = models.CharField(_("status"), max_length=16, choices=PlanItemStatus.choices,
                              default=PlanItemStatus.PLANNED, db_index=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    scope = Scope(unit="plan__enterprise", classification="plan__classification")

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "due_date", "pk"]
        indexes = [models.Index(fields=["product_type", "status"])]

    def __str__(self) -> str:
        return gettext("Plan item #%(number)s") % {"number": self.pk}

    # Read from the annotations of selectors.annotate_items (lists and boards ask for them).
    @property
    def on_time_display(self) -> str:
        value = getattr(self, "on_time_status", None)
        return str(OnTimeStatus(value).label) if value else ""

    @property
    def progress_percent(self) -> int:
        done = getattr(self, "progress", 0) or 0
        return min(100, round(100 * done / self.quantity)) if self.quantity else 0
