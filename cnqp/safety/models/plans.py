"""Safety plans (phương án chữa cháy, ứng phó sự cố hoá chất, kế hoạch ATVSLĐ năm, phương án
an toàn bắn thử...) with their approval, and the drills that test them."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel
from cnqp.safety.choices import DrillResult, PlanKind, PlanStatus


class SafetyPlan(SearchableModel, TimestampedModel):
    code = models.CharField(_("code"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=16, choices=PlanKind.choices)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True,
                                            help_text=_("For an annual plan."))
    version = models.PositiveSmallIntegerField(_("version"), default=1,
                                               validators=[MinValueValidator(1)])
    supersedes = models.ForeignKey("self", verbose_name=_("supersedes"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="superseded_by")
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT, db_index=True, editable=False)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True, editable=False)
    approved_on = models.DateField(_("approved on"), null=True, blank=True, editable=False)
    approval_decision = models.CharField(_("approving decision"), max_length=64, blank=True,
                                         editable=False)
    approved_by = models.CharField(_("approved by"), max_length=255, blank=True, editable=False,
                                   help_text=_("The authority that approved it."))
    in_force_on = models.DateField(_("in force from"), null=True, blank=True, editable=False)
    ended_on = models.DateField(_("no longer in force from"), null=True, blank=True,
                                editable=False)
    return_reason = models.TextField(_("returned for rework because"), blank=True,
                                     editable=False)
    review_due = models.DateField(_("review due"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    classification = ClassificationField()

    search_fields = ("code", "title", "summary")
    scope = Scope(unit="unit")

    class Meta:
        verbose_name = _("safety plan")
        verbose_name_plural = _("safety plans")
        ordering = ["unit__code", "code"]
        indexes = [models.Index(fields=["status", "review_due"], name="safety_plan_review")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Drill(SearchableModel, TimestampedModel):
    """A drill of a plan (diễn tập): its scenario, who took part, how it went."""

    plan = models.ForeignKey(SafetyPlan, verbose_name=_("plan"), on_delete=models.PROTECT,
                             related_name="drills")
    held_on = models.DateField(_("held on"))
    scenario = models.TextField(_("scenario"))
    participants = models.PositiveIntegerField(_("participants"),
                                               validators=[MinValueValidator(1)])
    external_forces = models.CharField(_("external forces"), max_length=255, blank=True)
    result = models.CharField(_("result"), max_length=16, choices=DrillResult.choices)
    findings = models.TextField(_("findings"), blank=True)

    search_fields = ("scenario", "external_forces", "findings")
    scope = Scope(unit="plan__unit", classification="plan__classification")

    class Meta:
        verbose_name = _("drill")
        verbose_name_plural = _("drills")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan.code} · {self.held_on:%d/%m/%Y}"
