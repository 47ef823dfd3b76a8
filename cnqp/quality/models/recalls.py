"""Recalls (thu hồi): the serials a forward trace reached, marked as rows here (production's
tables are not touched), and their receiving units notified."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel, User
from cnqp.production.models.trace import received_by_unit


def seen_whole(user: User) -> Q:
    """Whether `user` sees the recall whole: its starting item and every serial it marked (the
    issuing department, the producer of them all). Only then are its totals theirs to read:
    a receiving unit holding part of it would learn, from "serials marked", how many others
    hold what (list, detail, export and API mask them alike: `Recall.shown_when`)."""
    from cnqp.core.access.scoping import scope_queryset, visibility_q
    from cnqp.production.models import TraceNode

    # A mark is visible exactly when its serial is (RecalledSerial's scope is the serial's).
    mark_visible = visibility_q(RecalledSerial, user)
    if user.org_unit_id is None or mark_visible is None:
        return Q(pk__in=[])
    # Probes from each recall (its start, its own marks), never the sets of everything the
    # user may see: as IN lists those were hashed over millions of nodes and serials (2.7 s).
    start = scope_queryset(TraceNode.objects.filter(pk=OuterRef("start_node_id")), user)
    hidden_mark = RecalledSerial.objects.filter(recall=OuterRef("pk")).exclude(mark_visible)
    return Q(Exists(start)) & ~Q(Exists(hidden_mark))


def _need_to_know(user: User) -> Q:
    """Need to know outside the issuing unit: a user who sees the recall whole (`seen_whole`)
    sees it. A user unit that received some of its serials, and was told so, opens the recall
    too, as far as it concerns its own serials: the page shows the marks it may see and the
    totals are masked."""
    if user.org_unit_id is None:
        return Q(pk__in=[])
    received = RecalledSerial.objects.filter(recall=OuterRef("pk"),
                                             recipient__path__startswith=user.org_unit.path)
    return seen_whole(user) | Q(Exists(received))


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
    scope = Scope(unit="issuing_unit", classification="classification", extra=_need_to_know)
    # The totals count what the reader may not see: shown only to who sees the recall whole.
    display_through = {"lot_count": "totals", "serial_count": "totals", "unit_count": "totals"}
    shown_when = {"totals": seen_whole}

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
