"""Deliveries (giao nhận) of serial units to user units."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel, User


def _received(path: str) -> Callable[[User], Q]:
    """The receiving user unit, or a unit above it, sees the delivery (`path` leads to the
    recipient)."""

    def rule(user: User) -> Q:
        if user.org_unit_id is None:
            return Q(pk__in=[])
        return Q(**{f"{path}__path__startswith": user.org_unit.path})

    return rule


class Delivery(SearchableModel, TimestampedModel):
    document_number = models.CharField(_("document number"), max_length=64)
    enterprise = models.ForeignKey(OrgUnit, verbose_name=_("delivering enterprise"),
                                   on_delete=models.PROTECT, related_name="deliveries_made")
    recipient = models.ForeignKey(OrgUnit, verbose_name=_("receiving unit"),
                                  on_delete=models.PROTECT, related_name="deliveries_received")
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    serials = models.ManyToManyField("production.SerialUnit", through="DeliveryLine",
                                     verbose_name=_("serial units"), related_name="deliveries")

    search_fields = ("document_number",)
    scope = Scope(unit="enterprise", classification=None, extra=_received("recipient"))

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return gettext("Delivery %(number)s") % {"number": self.document_number}


class DeliveryLine(models.Model):
    delivery = models.ForeignKey(Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE,
                                 related_name="lines")
    serial = models.ForeignKey("production.SerialUnit", verbose_name=_("serial unit"),
                               on_delete=models.PROTECT, related_name="delivery_lines")

    scope = Scope(unit="delivery__enterprise", classification="serial__classification",
                  extra=_received("delivery__recipient"))

    class Meta:
        verbose_name = _("delivery line")
        verbose_name_plural = _("delivery lines")
        constraints = [models.UniqueConstraint(fields=["delivery", "serial"],
                                               name="production_delivery_line_once")]
        indexes = [models.Index(fields=["serial", "delivery"], name="production_line_serial")]

    def __str__(self) -> str:
        return f"{self.delivery_id}: {self.serial_id}"
