"""Review campaigns (the 2017 and 2019 general reviews, yearly reviews, unannounced checks),
their visits and checklists, and the findings (tồn tại) they leave: owned by the unit that must
fix them, closed only when a unit other than the owner has verified the fix, and carried into
the next campaign while open, so that a finding keeps where it was first found."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope, within_unit_of
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel
from cnqp.safety.choices import Answer, CampaignKind, FindingSeverity, FindingStatus
from cnqp.safety.models.reference import ChecklistCriterion

if TYPE_CHECKING:
    from cnqp.core.models import User


def covered_units(user: User) -> Q:
    """The campaigns that cover the user's unit or one below it."""
    if user.org_unit_id is None:
        return Q(pk__in=[])
    covered = ReviewCampaign.units.through.objects.filter(
        orgunit__path__startswith=user.org_unit.path).values("reviewcampaign_id")
    return Q(pk__in=covered)


class ReviewCampaign(SearchableModel, TimestampedModel):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=500)
    kind = models.CharField(_("kind"), max_length=16, choices=CampaignKind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    lead_unit = models.ForeignKey(OrgUnit, verbose_name=_("lead unit"),
                                  on_delete=models.PROTECT, related_name="+")
    units = models.ManyToManyField(OrgUnit, verbose_name=_("units covered"), related_name="+")
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("to"))
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    classification = ClassificationField()

    search_fields = ("code", "name", "decision_number")
    scope = Scope(unit="lead_unit", extra=covered_units)

    class Meta:
        verbose_name = _("review campaign")
        verbose_name_plural = _("review campaigns")
        ordering = ["-year", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ReviewVisit(SearchableModel, TimestampedModel):
    campaign = models.ForeignKey(ReviewCampaign, verbose_name=_("campaign"),
                                 on_delete=models.PROTECT, related_name="visits")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit reviewed"), on_delete=models.PROTECT,
                             related_name="+")
    visited_on = models.DateField(_("visited on"))
    team = models.TextField(_("team"), help_text=_("One name per line."))
    summary = models.TextField(_("summary"), blank=True)

    search_fields = ("team", "summary")
    scope = Scope(unit="unit", classification="campaign__classification",
                  extra=within_unit_of("campaign__lead_unit"))

    class Meta:
        verbose_name = _("review visit")
        verbose_name_plural = _("review visits")
        ordering = ["-visited_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit", "visited_on"],
                                               name="safety_visit_once_a_day")]

    def __str__(self) -> str:
        return f"{self.campaign.code} · {self.unit.code} · {self.visited_on:%d/%m/%Y}"


class VisitAnswer(models.Model):
    """A criterion answered on a visit; its text as it was asked, whatever the list says later."""

    visit = models.ForeignKey(ReviewVisit, verbose_name=_("visit"), on_delete=models.CASCADE,
                              related_name="answers")
    criterion = models.ForeignKey(ChecklistCriterion, verbose_name=_("criterion"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    criterion_code = models.CharField(_("criterion code"), max_length=32)
    criterion_text = models.TextField(_("criterion as asked"))
    answer = models.CharField(_("answer"), max_length=16, choices=Answer.choices)
    note = models.TextField(_("note"), blank=True)

    scope = Scope(unit="visit__unit", classification="visit__campaign__classification",
                  extra=within_unit_of("visit__campaign__lead_unit"))

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        ordering = ["visit", "criterion_code", "pk"]
        constraints = [models.UniqueConstraint(fields=["visit", "criterion_code"],
                                               name="safety_answer_once")]

    def __str__(self) -> str:
        return f"{self.criterion_code}: {self.get_answer_display()}"


OPEN_FINDING = (FindingStatus.OPEN, FindingStatus.IN_REMEDIATION, FindingStatus.CLAIMED_FIXED)


class Finding(SearchableModel, TimestampedModel):
    """A shortcoming (tồn tại) a unit must fix. `first_found_in` is the campaign of the first
    finding of its chain: a finding carried into a later campaign is a new row pointing to the
    one it continues (`carried_over_from`), which keeps its own history."""

    code = models.CharField(_("number"), max_length=32, unique=True, editable=False)
    campaign = models.ForeignKey(ReviewCampaign, verbose_name=_("campaign"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="findings")
    visit = models.ForeignKey(ReviewVisit, verbose_name=_("visit"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="findings")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit responsible"),
                             on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    severity = models.CharField(_("severity"), max_length=16, choices=FindingSeverity.choices)
    asset = models.ForeignKey("safety.SafetyAsset", verbose_name=_("asset"), null=True,
                              blank=True, on_delete=models.PROTECT, related_name="findings")
    plan = models.ForeignKey("safety.SafetyPlan", verbose_name=_("plan"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="findings")
    rule = models.ForeignKey("safety.SafetyRule", verbose_name=_("rule"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="findings")
    found_on = models.DateField(_("found on"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=16, choices=FindingStatus.choices,
                              default=FindingStatus.OPEN, db_index=True, editable=False)
    carried_over_from = models.OneToOneField(
        "self", verbose_name=_("carried over from"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="carried_into")
    first_found_in = models.ForeignKey(ReviewCampaign, verbose_name=_("first found in"),
                                       null=True, blank=True, editable=False,
                                       on_delete=models.PROTECT, related_name="+")
    first_found_on = models.DateField(_("first found on"), editable=False)
    claimed_on = models.DateField(_("claimed fixed on"), null=True, blank=True, editable=False)
    claim_note = models.TextField(_("what was done"), blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    verifier_unit = models.ForeignKey(OrgUnit, verbose_name=_("verified by unit"), null=True,
                                      blank=True, editable=False, on_delete=models.PROTECT,
                                      related_name="+")
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("verified by"),
                                    null=True, blank=True, editable=False,
                                    on_delete=models.PROTECT, related_name="+")
    verification_note = models.TextField(_("verification"), blank=True, editable=False)
    classification = ClassificationField()

    search_fields = ("code", "title", "description")
    scope = Scope(unit="unit", extra=within_unit_of("campaign__lead_unit"))

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"], name="safety_finding_due")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}" if self.code else self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_FINDING

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()
