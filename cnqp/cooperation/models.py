"""International cooperation on the defence industry (công tác đối ngoại, hợp tác quốc tế),
exhibitions and trade promotion, export.

- `Agreement`: an agreement, memorandum or plan concretising one, signed (or negotiated) with
  a partner country's organisation, led by a unit; its `FollowUp`s are the actions that carry
  it out (an owner unit, a due date, done or not: overdue when not done and due passed).
- `Delegation`: an outgoing (đoàn ra) or incoming (đoàn vào) delegation.
- `Exhibition`: a forum, exhibition or fair (international or not, abroad or at home) whose
  participation a unit leads; its `ExhibitionEntry`s are the units taking part and the
  products they show.
- `ExportContract`: an export contract an enterprise signed, valued in VND.

Every country is stored under its canonical Vietnamese name with a folded key
(`country_key`, countries.py), which distinct counts and filters use.

Many of these records are classified. Each is seen by its owning unit and those above it up to
the reader's clearance; an agreement also by the units in charge of its follow-ups, a
follow-up also by its agreement's lead unit, an exhibition also by
the units that take part in it, an entry also by its exhibition's lead unit; a follow-up and
an entry are as classified as their agreement and exhibition."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.cooperation.choices import (
    AgreementKind,
    AgreementStatus,
    ContractCategory,
    Direction,
    EventKind,
)
from cnqp.cooperation.countries import country_key as key_of
from cnqp.core.access.scoping import Scope, within_unit_of
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel

if TYPE_CHECKING:
    from cnqp.core.models import User


class CountryKeyed(models.Model):
    """A record naming a country keeps its folded key, set on every save."""

    country: models.CharField[str, str]
    country_key = models.CharField(max_length=100, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.country_key = key_of(self.country)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "country" in update_fields:
            kwargs["update_fields"] = {*update_fields, "country_key"}
        super().save(*args, **kwargs)


def in_charge(user: User) -> Q:
    """An agreement's `extra` rule: the units in charge of its follow-up actions (and the
    units above them) see it, as they see the follow-ups that name it."""
    if user.org_unit_id is None:
        return Q(pk__in=[])
    return Q(pk__in=FollowUp.objects.filter(
        owner_unit__path__startswith=user.org_unit.path).values("agreement_id"))


class Agreement(CountryKeyed, SearchableModel, TimestampedModel):
    country = models.CharField(_("partner country"), max_length=100, db_index=True,
                               help_text=_("In Vietnamese: Liên bang Nga, Ấn Độ, Belarus…"))
    partner = models.CharField(pgettext_lazy("cooperation", "partner"), max_length=255,
                               blank=True, help_text=_("The partner organisation."))
    subject = models.CharField(pgettext_lazy("cooperation", "subject"), max_length=500)
    kind = models.CharField(pgettext_lazy("cooperation", "kind"), max_length=16,
                            choices=AgreementKind.choices)
    status = models.CharField(pgettext_lazy("cooperation", "status"), max_length=16,
                              choices=AgreementStatus.choices, default=AgreementStatus.IN_FORCE)
    signed_on = models.DateField(_("signed on"), null=True, blank=True, db_index=True,
                                 help_text=_("Empty while under negotiation."))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    lead_unit = models.ForeignKey(OrgUnit, verbose_name=_("lead unit"),
                                  on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)
    classification = ClassificationField()

    search_fields = ("country", "partner", "subject", "note")
    scope = Scope(unit="lead_unit", extra=in_charge)

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["-signed_on", "country", "pk"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.country})"


class FollowUp(SearchableModel, TimestampedModel):
    agreement = models.ForeignKey(Agreement, verbose_name=_("cooperation agreement"),
                                  on_delete=models.CASCADE, related_name="follow_ups")
    action = models.CharField(pgettext_lazy("cooperation", "action"), max_length=500)
    owner_unit = models.ForeignKey(OrgUnit, verbose_name=_("unit in charge"),
                                   on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(pgettext_lazy("cooperation", "due on"), db_index=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    search_fields = ("action", "note")
    scope = Scope(unit="owner_unit", classification="agreement__classification",
                  extra=within_unit_of("agreement__lead_unit"))

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.action


class Delegation(CountryKeyed, SearchableModel, TimestampedModel):
    direction = models.CharField(pgettext_lazy("cooperation", "direction"), max_length=16,
                                 choices=Direction.choices,
                                 db_index=True)
    country = models.CharField(_("country"), max_length=100, db_index=True)
    partner = models.CharField(pgettext_lazy("cooperation", "partner"), max_length=255,
                               blank=True)
    purpose = models.CharField(_("purpose"), max_length=500)
    start = models.DateField(_("from"), db_index=True)
    end = models.DateField(_("to"))
    head = models.CharField(_("head of delegation"), max_length=255, blank=True)
    members = models.PositiveSmallIntegerField(_("members"), default=1,
                                               validators=[MinValueValidator(1)])
    lead_unit = models.ForeignKey(OrgUnit, verbose_name=_("lead unit"),
                                  on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)
    classification = ClassificationField()

    search_fields = ("country", "partner", "purpose", "head", "note")
    scope = Scope(unit="lead_unit")

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-start", "pk"]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} · {self.country} · {self.purpose}"


def taking_part(user: User) -> Q:
    """An exhibition's `extra` rule: the units that take part in it see it."""
    if user.org_unit_id is None:
        return Q(pk__in=[])
    return Q(pk__in=ExhibitionEntry.objects.filter(
        unit__path__startswith=user.org_unit.path).values("exhibition_id"))


class Exhibition(CountryKeyed, SearchableModel, TimestampedModel):
    name = models.CharField(_("name"), max_length=500)
    kind = models.CharField(pgettext_lazy("cooperation", "kind"), max_length=16,
                            choices=EventKind.choices)
    international = models.BooleanField(_("international"), default=True)
    country = models.CharField(_("country"), max_length=100, default="Việt Nam")
    place = models.CharField(pgettext_lazy("cooperation", "place"), max_length=255,
                             help_text=_("The city and venue."))
    start = models.DateField(_("from"), db_index=True)
    end = models.DateField(_("to"))
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    lead_unit = models.ForeignKey(OrgUnit, verbose_name=_("unit leading the participation"),
                                  on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)
    classification = ClassificationField()

    search_fields = ("name", "country", "place", "organiser", "note")
    scope = Scope(unit="lead_unit", extra=taking_part)

    class Meta:
        verbose_name = _("exhibition or fair")
        verbose_name_plural = _("exhibitions and fairs")
        ordering = ["-start", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class ExhibitionEntry(SearchableModel, TimestampedModel):
    exhibition = models.ForeignKey(Exhibition, verbose_name=_("exhibition or fair"),
                                   on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("participating unit"),
                             on_delete=models.PROTECT, related_name="+")
    products = models.TextField(_("products shown"), blank=True)
    product_count = models.PositiveIntegerField(_("number of products"), default=0)
    contacts = models.TextField(_("contacts and contracts"), blank=True,
                                help_text=_("Partners met, contracts signed at the event."))
    contracts_signed = models.PositiveSmallIntegerField(_("contracts signed there"), default=0)

    search_fields = ("products", "contacts")
    scope = Scope(unit="unit", classification="exhibition__classification",
                  extra=within_unit_of("exhibition__lead_unit"))

    class Meta:
        verbose_name = pgettext_lazy("cooperation", "participation")
        verbose_name_plural = pgettext_lazy("cooperation", "participations")
        ordering = ["exhibition", "unit__code", "pk"]
        constraints = [models.UniqueConstraint(fields=["exhibition", "unit"],
                                               name="cooperation_entry_once")]

    def __str__(self) -> str:
        return f"{self.exhibition.name} · {self.unit.code}"


class ExportContract(CountryKeyed, SearchableModel, TimestampedModel):
    unit = models.ForeignKey(OrgUnit, verbose_name=_("enterprise"), on_delete=models.PROTECT,
                             related_name="+")
    number = models.CharField(_("contract number"), max_length=64)
    country = models.CharField(_("partner country"), max_length=100, db_index=True)
    buyer = models.CharField(_("buyer"), max_length=255)
    subject = models.CharField(_("goods"), max_length=500, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=ContractCategory.choices)
    signed_on = models.DateField(_("signed on"), db_index=True)
    value = models.PositiveBigIntegerField(_("value (VND)"))
    currency = models.CharField(_("original currency"), max_length=3, blank=True,
                                help_text=_("USD, EUR… when signed in a foreign currency."))
    amount = models.DecimalField(_("amount in that currency"), max_digits=16, decimal_places=2,
                                 null=True, blank=True)
    classification = ClassificationField()

    search_fields = ("number", "country", "buyer", "subject")
    scope = Scope(unit="unit")

    class Meta:
        verbose_name = _("export contract")
        verbose_name_plural = _("export contracts")
        ordering = ["-signed_on", "number", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "number"],
                                               name="cooperation_contract_once")]

    def __str__(self) -> str:
        return self.number
