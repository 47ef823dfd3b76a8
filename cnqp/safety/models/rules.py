"""The safety rules register (quy định, quy tắc, quy trình, nội quy) and the briefings that
make them known (quán triệt, phổ biến)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope, issued_above
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel
from cnqp.safety.choices import RuleKind, RuleStatus


class SafetyRule(SearchableModel, TimestampedModel):
    """A rule issued by a unit. It binds the issuer and every unit under it, which therefore
    read it; its status changes only through the register's steps (services)."""

    number = models.CharField(_("number and symbol"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=16, choices=RuleKind.choices)
    issuer = models.ForeignKey(OrgUnit, verbose_name=_("issued by"), on_delete=models.PROTECT,
                               related_name="+")
    coverage = models.TextField(_("scope of application"), blank=True,
                                help_text=_("Units, works, equipment or activities it covers."))
    issued_on = models.DateField(_("issued on"))
    effective_on = models.DateField(_("effective from"))
    review_due = models.DateField(_("review due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=RuleStatus.choices,
                              default=RuleStatus.DRAFT, db_index=True, editable=False)
    supersedes = models.ForeignKey("self", verbose_name=_("supersedes"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="superseded_by")
    ended_on = models.DateField(_("no longer in force from"), null=True, blank=True,
                                editable=False)
    end_reason = models.TextField(_("reason for annulment"), blank=True, editable=False)
    classification = ClassificationField()

    search_fields = ("number", "title", "coverage")
    scope = Scope(unit="issuer", extra=issued_above("issuer"))

    class Meta:
        verbose_name = _("safety rule")
        verbose_name_plural = _("safety rules")
        ordering = ["-effective_on", "number"]
        indexes = [models.Index(fields=["status", "review_due"], name="safety_rule_review")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class SafetyRuleFile(TimestampedModel):
    """The text of a rule, stored with its SHA-256 (checked again on every download)."""

    rule = models.ForeignKey(SafetyRule, verbose_name=_("safety rule"), on_delete=models.PROTECT,
                             related_name="files")
    file = models.FileField(_("file"), upload_to="safety/rules/%Y/%m/", max_length=500)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    null=True, on_delete=models.PROTECT, related_name="+")

    scope = Scope(unit="rule__issuer", classification="rule__classification",
                  extra=issued_above("rule__issuer"))

    class Meta:
        verbose_name = _("safety rule file")
        verbose_name_plural = _("safety rule files")
        ordering = ["rule", "pk"]

    def __str__(self) -> str:
        return self.original_name


class RuleBriefing(TimestampedModel):
    """A session where a unit was briefed on a rule: the evidence of "quán triệt, phổ biến"."""

    rule = models.ForeignKey(SafetyRule, verbose_name=_("safety rule"), on_delete=models.PROTECT,
                             related_name="briefings")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="+")
    held_on = models.DateField(_("held on"))
    attendees = models.PositiveIntegerField(_("attendees"), validators=[MinValueValidator(1)])
    presenter = models.CharField(_("presented by"), max_length=255)
    note = models.TextField(_("note"), blank=True)

    scope = Scope(unit="unit", classification="rule__classification")

    class Meta:
        verbose_name = _("rule briefing")
        verbose_name_plural = _("rule briefings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.rule.number} · {self.unit.code} · {self.held_on:%d/%m/%Y}"
