"""Incidents (vụ việc mất an toàn: tai nạn lao động, cháy, nổ, sự cố...) with the people they
hurt, and their investigation and severity. The workforce the statutory summary's header and
the rates divide by is not kept here: it is the enterprises' performance returns'
(`cnqp.performance.workforce`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel
from cnqp.safety.choices import Activity, IncidentStatus, InvestigationLevel, Outcome, Sex
from cnqp.safety.models.reference import CauseCode, IncidentKind, InjuryFactor, SeverityClass

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

DAMAGE_FIELDS = ("damage_property", "damage_medical", "damage_wages", "damage_compensation",
                 "damage_other")


def _vnd(label: _StrPromise) -> models.PositiveBigIntegerField[int, int]:
    return models.PositiveBigIntegerField(label, default=0, help_text=_("VND."))


class Incident(SearchableModel, TimestampedModel):
    """What happened, where, while doing what, to whom and at what cost. The counts of people
    are kept from its casualties by the services; the severity is suggested from the dated
    scale and confirmed by a person with a reason."""

    code = models.CharField(_("number"), max_length=32, unique=True, editable=False)
    kind = models.ForeignKey(IncidentKind, verbose_name=_("kind"), on_delete=models.PROTECT,
                             related_name="incidents")
    title = models.CharField(_("title"), max_length=500)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="+")
    site = models.CharField(_("site"), max_length=255, blank=True)
    activity = models.CharField(_("activity"), max_length=16, choices=Activity.choices)
    asset = models.ForeignKey("safety.SafetyAsset", verbose_name=_("asset involved"), null=True,
                              blank=True, on_delete=models.PROTECT, related_name="incidents")
    product_type = models.ForeignKey("documents.ProductType", verbose_name=_("product type"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    research_project = models.ForeignKey("research.ResearchProject",
                                         verbose_name=_("research project"), null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="+")
    plan_item = models.ForeignKey("production.PlanItem", verbose_name=_("plan item"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("course of events"))
    immediate_action = models.TextField(_("immediate action"), blank=True)
    damage_property = _vnd(_("property damage"))
    damage_medical = _vnd(_("medical costs"))
    damage_wages = _vnd(_("wages during treatment"))
    damage_compensation = _vnd(_("compensation and allowances"))
    damage_other = _vnd(_("other costs"))
    deaths = models.PositiveSmallIntegerField(_("deaths"), default=0, editable=False)
    serious_injuries = models.PositiveSmallIntegerField(_("seriously injured"), default=0,
                                                        editable=False)
    minor_injuries = models.PositiveSmallIntegerField(_("slightly injured"), default=0,
                                                      editable=False)
    days_off = models.PositiveIntegerField(_("days off work"), default=0, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=IncidentStatus.choices,
                              default=IncidentStatus.REPORTED, db_index=True, editable=False)
    suggested_severity = models.ForeignKey(SeverityClass, verbose_name=_("suggested severity"),
                                           null=True, blank=True, editable=False,
                                           on_delete=models.PROTECT, related_name="+")
    severity = models.ForeignKey(SeverityClass, verbose_name=_("severity"), null=True,
                                 blank=True, editable=False, on_delete=models.PROTECT,
                                 related_name="incidents")
    severity_reason = models.TextField(_("reason for the severity"), blank=True, editable=False)
    severity_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("severity confirmed by"), null=True,
        blank=True, editable=False, on_delete=models.PROTECT, related_name="+")
    investigation_level = models.CharField(_("investigated at"), max_length=16, blank=True,
                                           choices=InvestigationLevel.choices, editable=False)
    investigation_team = models.TextField(_("investigation team"), blank=True, editable=False)
    investigation_started_on = models.DateField(_("investigation opened on"), null=True,
                                                blank=True, editable=False)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True, editable=False)
    conclusion = models.TextField(_("conclusion"), blank=True, editable=False)
    work_accident = models.BooleanField(_("a labour accident"), null=True, blank=True,
                                        editable=False)
    cause = models.ForeignKey(CauseCode, verbose_name=_("main cause"), null=True, blank=True,
                              editable=False, on_delete=models.PROTECT, related_name="+")
    injury_factor = models.ForeignKey(InjuryFactor, verbose_name=_("injury factor"), null=True,
                                      blank=True, editable=False, on_delete=models.PROTECT,
                                      related_name="+")
    article39_allowance = models.BooleanField(
        _("allowance under Article 39(2)"), default=False, editable=False,
        help_text=_("An accident on the way to or from work, entitled to the allowance."))
    persons_at_fault = models.TextField(_("persons at fault and handling"), blank=True,
                                        editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    classification = ClassificationField()

    search_fields = ("code", "title", "site", "description")
    scope = Scope(unit="unit")

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}" if self.code else self.title

    @property
    def damage_total(self) -> int:
        return sum(getattr(self, name) for name in DAMAGE_FIELDS)


class Casualty(TimestampedModel):
    """A person an incident hurt, with what NĐ 39/2016 asks of them. Historical records that
    kept only the counts have casualties without a name."""

    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE,
                                 related_name="casualties")
    name = models.CharField(_("name"), max_length=255, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), null=True, blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)])
    occupation = models.CharField(_("occupation"), max_length=255, blank=True)
    years_in_job = models.PositiveSmallIntegerField(_("years in the job"), null=True, blank=True,
                                                    validators=[MaxValueValidator(80)])
    trained = models.BooleanField(_("trained in safety"), null=True, blank=True)
    under_management = models.BooleanField(
        _("under the unit's management"), default=True,
        help_text=_("Off for a person not employed by the unit (a contractor, a visitor)."))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    days_off = models.PositiveIntegerField(_("days off work"), default=0,
                                           validators=[MaxValueValidator(3650)])
    injury = models.CharField(_("injury"), max_length=255, blank=True)

    scope = Scope(unit="incident__unit", classification="incident__classification")

    class Meta:
        verbose_name = _("casualty")
        verbose_name_plural = _("casualties")
        ordering = ["incident", "pk"]

    def __str__(self) -> str:
        name = self.name or _("Unnamed")  # extracted: makemessages skips f-strings
        return f"{name} · {self.get_outcome_display()}"


class ActionOrigin(models.Model):
    """What a corrective action of the shared mechanism (quality's) remedies here: a finding
    or an incident. The action's own lifecycle is quality's."""

    action = models.OneToOneField("quality.CorrectiveAction", verbose_name=_("corrective action"),
                                  on_delete=models.CASCADE, related_name="safety_origin")
    finding = models.ForeignKey("safety.Finding", verbose_name=_("finding"), null=True,
                                blank=True, on_delete=models.PROTECT, related_name="action_links")
    incident = models.ForeignKey(Incident, verbose_name=_("incident"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="action_links")

    scope = Scope(unit="action__source_unit", classification="action__classification")

    class Meta:
        verbose_name = _("origin of a corrective action")
        verbose_name_plural = _("origins of corrective actions")
        constraints = [models.CheckConstraint(
            condition=(models.Q(finding__isnull=False, incident__isnull=True)
                       | models.Q(finding__isnull=True, incident__isnull=False)),
            name="safety_action_one_origin")]

    def __str__(self) -> str:
        return str(self.finding or self.incident)
