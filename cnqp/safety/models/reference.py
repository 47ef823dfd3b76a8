"""Reference data of production safety, dated and with its legal basis: what a new decree
changes is a new row valid from its date (the old one closed the day before), with history,
never a code change. Written by the directorate's safety department (the scope has no unit, so
only roles that see every unit write it); every signed-in user reads it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope
from cnqp.core.models import SearchableModel, TimestampedModel
from cnqp.safety.choices import CauseParty, InspectionKind

if TYPE_CHECKING:
    from django.db.models import QuerySet


def valid_on_q(day: dt.date, prefix: str = "") -> Q:
    """Rows in force on `day`: from `valid_from` to `valid_to` inclusive (open-ended when empty)."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day}))


class LegalBasis(SearchableModel, TimestampedModel):
    """A legal text a reference row rests on: NĐ 39/2016/NĐ-CP, TT 08/2017/TT-BQP..."""

    code = models.CharField(_("number and symbol"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=500)
    issued_on = models.DateField(_("issued on"))
    effective_from = models.DateField(_("effective from"))
    replaced_by = models.ForeignKey("self", verbose_name=_("replaced by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")

    search_fields = ("code", "title")
    scope = Scope(unit=None, classification=None)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["-effective_from", "code"]

    def __str__(self) -> str:
        return self.code


class Dated(SearchableModel, TimestampedModel):
    """A reference row in force from `valid_from` to `valid_to`, on its legal basis."""

    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True,
                                help_text=_("Empty while in force."))
    legal_basis = models.ForeignKey(LegalBasis, verbose_name=_("legal basis"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")

    scope = Scope(unit=None, classification=None)

    class Meta:
        abstract = True

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def in_force(queryset: QuerySet[models.Model], day: dt.date) -> QuerySet[models.Model]:
    return queryset.filter(valid_on_q(day))


class AssetCategory(Dated):
    """A kind of safety-critical asset (TT 36/2019/TT-BLĐTBXH, TT 08/2017/TT-BQP Phụ lục II)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    parent = models.ForeignKey("self", verbose_name=_("parent category"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    strict = models.BooleanField(_("strict safety requirement"), default=False,
                                 help_text=_("Máy, thiết bị có yêu cầu nghiêm ngặt về an toàn."))

    search_fields = ("code", "name")

    class Meta:
        verbose_name = _("asset category")
        verbose_name_plural = _("asset categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class InspectionRegime(Dated):
    """How often an asset of a category is inspected, of which kind and by whom."""

    category = models.ForeignKey(AssetCategory, verbose_name=_("asset category"),
                                 on_delete=models.PROTECT, related_name="regimes")
    kind = models.CharField(_("kind"), max_length=16, choices=InspectionKind.choices)
    interval_months = models.PositiveSmallIntegerField(
        _("interval (months)"), validators=[MinValueValidator(1), MaxValueValidator(120)])
    performer = models.CharField(_("who may perform it"), max_length=255,
                                 help_text=_("An accredited inspection body, the unit itself..."))
    search_fields = ("performer",)

    class Meta:
        verbose_name = _("inspection regime")
        verbose_name_plural = _("inspection regimes")
        ordering = ["category__code", "kind", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["category", "kind", "valid_from"],
                                               name="safety_regime_once_per_day")]

    def __str__(self) -> str:
        return gettext("%(category)s · %(kind)s · every %(months)s months") % {
            "category": self.category, "kind": self.get_kind_display(),
            "months": self.interval_months}


class TrainingGroup(Dated):
    """The six groups of NĐ 44/2016/NĐ-CP (managers, safety staff, strict-requirement work...)."""

    number = models.PositiveSmallIntegerField(_("group"), validators=[MinValueValidator(1),
                                                                      MaxValueValidator(99)])
    name = models.CharField(_("name"), max_length=255)

    search_fields = ("name",)

    class Meta:
        verbose_name = _("training group")
        verbose_name_plural = _("training groups")
        ordering = ["number", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["number", "valid_from"],
                                               name="safety_group_once_per_day")]

    def __str__(self) -> str:
        return gettext("Group %(number)s: %(name)s") % {"number": self.number,
                                                         "name": self.name}


class Course(Dated):
    """A safety course whose certificate is valid for `validity_months`."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    group = models.ForeignKey(TrainingGroup, verbose_name=_("training group"),
                              on_delete=models.PROTECT, related_name="courses")
    validity_months = models.PositiveSmallIntegerField(
        _("validity (months)"), validators=[MinValueValidator(1), MaxValueValidator(120)])
    certificate_kind = models.CharField(_("certificate"), max_length=255, blank=True)

    search_fields = ("code", "name")

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IncidentKind(Dated):
    """Tai nạn lao động, cháy, nổ, sự cố hoá chất... A near miss is recorded but not counted
    among incidents; a labour accident is what the statutory summary counts."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    labour_accident = models.BooleanField(_("labour accident"), default=False)
    counted = models.BooleanField(_("counted as an incident"), default=True,
                                  help_text=_("Off for near misses."))

    search_fields = ("code", "name")

    class Meta:
        verbose_name = _("incident kind")
        verbose_name_plural = _("incident kinds")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class SeverityClass(Dated):
    """A class of the directorate's severity scale. An incident meets a class when it meets
    any of its criteria; the suggestion is the most serious class met (rank 1 first), and a
    class without criteria is the floor."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("1 is the most serious."))
    min_deaths = models.PositiveSmallIntegerField(_("from deaths"), null=True, blank=True)
    min_serious_injuries = models.PositiveSmallIntegerField(_("from seriously injured"),
                                                            null=True, blank=True)
    min_damage = models.PositiveBigIntegerField(_("from damage (VND)"), null=True, blank=True)

    search_fields = ("code", "name")

    class Meta:
        verbose_name = _("severity class")
        verbose_name_plural = _("severity classes")
        ordering = ["rank", "code"]

    def __str__(self) -> str:
        return self.name

    def met_by(self, *, deaths: int, serious: int, damage: int) -> bool:
        criteria = ((self.min_deaths, deaths), (self.min_serious_injuries, serious),
                    (self.min_damage, damage))
        if all(threshold is None for threshold, _value in criteria):
            return True
        return any(threshold is not None and value >= threshold
                   for threshold, value in criteria)


class CauseCode(Dated):
    """A cause as the statutory summary groups them (NĐ 39/2016 Phụ lục XII, 1.1)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    party = models.CharField(_("caused by"), max_length=16, choices=CauseParty.choices)

    search_fields = ("code", "name")

    class Meta:
        verbose_name = _("cause")
        verbose_name_plural = _("causes")
        ordering = ["party", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class InjuryFactor(Dated):
    """What injured (NĐ 39/2016 Phụ lục XII, 1.2): lifting equipment, electric shock..."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)

    search_fields = ("code", "name")

    class Meta:
        verbose_name = _("injury factor")
        verbose_name_plural = _("injury factors")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ChecklistCriterion(Dated):
    """A question a review visit answers. The visit keeps the text as it was asked."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    area = models.CharField(_("area"), max_length=128)
    text = models.TextField(_("criterion"))

    search_fields = ("code", "area", "text")

    class Meta:
        verbose_name = _("checklist criterion")
        verbose_name_plural = _("checklist criteria")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"
