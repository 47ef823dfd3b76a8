"""Safety staff (who holds which safety role in a unit) and their training certificates."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel
from cnqp.safety.choices import SafetyRoleKind
from cnqp.safety.models.reference import Course


class SafetyRole(SearchableModel, TimestampedModel):
    """A person's safety role in a unit, by decision, from a date (to a date when it ended)."""

    person = models.CharField(_("person"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="+")
    kind = models.CharField(_("role"), max_length=16, choices=SafetyRoleKind.choices)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("to"), null=True, blank=True)
    classification = ClassificationField()

    search_fields = ("person", "position", "decision_number")
    scope = Scope(unit="unit")

    class Meta:
        verbose_name = _("safety role")
        verbose_name_plural = _("safety staff")
        ordering = ["unit__code", "kind", "person"]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()}"


class TrainingSession(SearchableModel, TimestampedModel):
    """A course held for a unit's people (huấn luyện ATVSLĐ)."""

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT,
                               related_name="sessions")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="+")
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("to"))
    provider = models.CharField(_("trained by"), max_length=255,
                                help_text=_("The unit itself or the training provider."))
    cost = models.PositiveBigIntegerField(_("cost (VND)"), default=0)
    classification = ClassificationField()

    search_fields = ("provider",)
    scope = Scope(unit="unit")

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-start_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.course.code} · {self.unit.code} · {self.start_on:%d/%m/%Y}"


class TrainingRecord(SearchableModel, TimestampedModel):
    """One person's result in a session and the certificate it earned: valid until
    `expires_on` (the issue date plus the course's validity, unless the certificate says
    otherwise)."""

    session = models.ForeignKey(TrainingSession, verbose_name=_("training session"),
                                on_delete=models.PROTECT, related_name="records")
    person = models.CharField(_("person"), max_length=255)
    employee_number = models.CharField(_("employee number"), max_length=32, blank=True)
    passed = models.BooleanField(_("passed"), default=True)
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True, db_index=True)

    search_fields = ("person", "employee_number", "certificate_number")
    scope = Scope(unit="session__unit", classification="session__classification")

    class Meta:
        verbose_name = _("training certificate")
        verbose_name_plural = _("training certificates")
        ordering = ["expires_on", "person", "pk"]

    def __str__(self) -> str:
        return f"{self.person} · {self.certificate_number or self.session.course.code}"
