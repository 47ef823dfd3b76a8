"""Emulation and awards (thi đua, khen thưởng).

The titles and forms of commendation the law provides (`AwardTitle`, reference data: no unit
owns it), the emulation movements units launch (`Movement`: regular, by campaign or thematic)
and the awards conferred (`Award`): a title conferred by a decision on a unit as a whole, or on
a person of it (named, with their position: persons are not users of the system).

An award is seen by its recipient unit and the units above it; a movement by its launching
unit, those above it and those under it (they take part in it); both up to the reader's
clearance."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cnqp.awards.choices import (
    AwardCategory,
    AwardLevel,
    MovementKind,
    RecipientKind,
)
from cnqp.core.access.scoping import Scope, issued_above
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel


class AwardTitle(TimestampedModel):
    """A title or form of commendation (Cờ thi đua của Bộ Quốc phòng, Chiến sĩ thi đua cơ
    sở...): who confers it, on whom, from when."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    category = models.CharField(_("category"), max_length=16, choices=AwardCategory.choices)
    level = models.CharField(_("level"), max_length=16, choices=AwardLevel.choices)
    recipient_kind = models.CharField(_("conferred on"), max_length=16,
                                      choices=RecipientKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)

    scope = Scope(unit=None, classification=None)

    class Meta:
        verbose_name = _("award title")
        verbose_name_plural = _("award titles")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Movement(SearchableModel, TimestampedModel):
    """An emulation movement (phong trào thi đua) or campaign (đợt thi đua)."""

    name = models.CharField(_("name"), max_length=500)
    kind = models.CharField(_("kind"), max_length=16, choices=MovementKind.choices)
    launching_unit = models.ForeignKey(OrgUnit, verbose_name=_("launched by"),
                                       on_delete=models.PROTECT, related_name="+")
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True,
                           help_text=_("Empty: a regular movement, without an end."))
    description = models.TextField(_("description"), blank=True)
    classification = ClassificationField()

    search_fields = ("name", "description")
    scope = Scope(unit="launching_unit", extra=issued_above("launching_unit"))

    class Meta:
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        ordering = ["-start", "name"]

    def __str__(self) -> str:
        return self.name


class Award(SearchableModel, TimestampedModel):
    """A title conferred by a decision on a unit (`person_name` empty) or on a person of it."""

    title = models.ForeignKey(AwardTitle, verbose_name=_("title or commendation"),
                              on_delete=models.PROTECT, related_name="awards")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("recipient unit"),
                             on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField(_("person"), max_length=255, blank=True,
                                   help_text=_("Empty: the unit as a whole."))
    person_position = models.CharField(_("position"), max_length=255, blank=True)
    movement = models.ForeignKey(Movement, verbose_name=_("emulation movement"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="awards")
    authority = models.CharField(_("conferred by"), max_length=255)
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"), db_index=True)
    reason = models.TextField(_("achievement"), blank=True)
    classification = ClassificationField()

    search_fields = ("person_name", "person_position", "decision_number", "authority",
                     "reason")
    scope = Scope(unit="unit")

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-decision_date", "title__order", "unit__code", "person_name"]
        constraints = [models.UniqueConstraint(
            fields=["title", "unit", "person_name", "decision_number"],
            name="awards_award_once")]

    def __str__(self) -> str:
        whom = self.person_name or self.unit.name
        return f"{self.title.name} · {whom}"

    @property
    def recipient(self) -> str:
        return "individual" if self.person_name else "collective"
