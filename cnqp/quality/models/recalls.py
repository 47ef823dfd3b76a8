"""Recalls (thu hồi): the serials a forward trace reached, marked as rows here (production's
tables are not touched), and their receiving units notified."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel, User
from cnqp.core.scoping import Scope
from cnqp.production.models.trace import received_by_unit


def _sees_it_whole(user: User) -> Q:
    """Need to know outside the issuing unit: a user who may see the starting item and every
    serial the recall marked (the producer of all of them, say) sees the recall. A user unit
    that holds only some of them does not: it learns of the recall by its notification and
    sees the marks on its own serials (RecalledSerial), never the recall's totals."""
    from cnqp.core.scoping import scope_queryset
    from cnqp.production.models import SerialUnit, TraceNode

    if user.org_unit_id is None:
        return Q(pk__in=[])
    serials = scope_queryset(SerialUnit.objects.all(), user).values("pk")
    nodes = scope_queryset(TraceNode.objects.all(), user).values("pk")
    partly_hidden = RecalledSerial.objects.exclude(serial__in=serials).values("recall_id")
    return Q(start_node__in=nodes) & ~Q(pk__in=partly_hidden)


class Recall(SearchableModel, TimestampedModel):
    """A recall from one starting item (a material lot, lot or serial): who decided it, when,
    why, and (as rows of RecalledSerial) every serial its forward trace reached."""

    code = models.CharField(_("number"), max_length=32, unique=True, editable=False)
    reason = models.TextField(_("reason"))
    start_node = models.ForeignKey("production.TraceNode", verbose_name=_("starting item"),
                                   on_delete=models.PROTECT, related_name="+")
    nonconformance = models.ForeignKey("quality.NonConformance",
                                       verbose_name=_("non-conformance"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="recalls")
    issuing_unit = models.ForeignKey(OrgUnit, verbose_name=_("issuing unit"),
                                     on_delete=models.PROTECT, related_name="+", editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"),
                                  null=True, on_delete=models.PROTECT, related_name="+",
                                  editable=False)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)
    lot_count = models.PositiveIntegerField(_("lots reached"), default=0, editable=False)
    serial_count = models.PositiveIntegerField(_("serials marked"), default=0, editable=False)
    unit_count = models.PositiveIntegerField(_("units notified"), default=0, editable=False)
    classification = ClassificationField()

    search_fields = ("code", "reason")
    scope = Scope(unit="issuing_unit", classification="classification", extra=_sees_it_whole)

    class Meta:
        verbose_name = _("recall")
        verbose_name_plural = _("recalls")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.code or str(_("New recall"))


class RecalledSerial(models.Model):
    """A serial marked by a recall, with the user unit it had been delivered to (if any)."""

    id = models.BigAutoField(primary_key=True)
    recall = models.ForeignKey(Recall, verbose_name=_("recall"), on_delete=models.PROTECT,
                               related_name="marked")
    serial = models.ForeignKey("production.SerialUnit", verbose_name=_("serial unit"),
                               on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(OrgUnit, verbose_name=_("receiving unit"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+")

    # The serial's producer, and the units that received it.
    scope = Scope(unit="serial__enterprise", classification="serial__classification",
                  extra=received_by_unit("serial__id"))

    class Meta:
        verbose_name = _("recalled serial")
        verbose_name_plural = _("recalled serials")
        ordering = ["recall", "serial"]
        constraints = [models.UniqueConstraint(fields=["recall", "serial"],
                                               name="quality_recall_serial_once")]
        indexes = [models.Index(fields=["serial", "recall"], name="quality_recalled_serial")]

    def __str__(self) -> str:
        return f"{self.recall_id}: {self.serial_id}"
