"""In-application notifications: a notice addressed to an org unit (a recall reaching the
serials a unit received, say), read by the users of that unit and of the units above it, each
with their own read state; or, naming a recipient too, to one user of that unit alone (their
daily digest)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope
from cnqp.core.choices import NotificationLevel
from cnqp.core.fields import ClassificationField


class Notification(models.Model):
    """One notice to one unit. Its level of secrecy is that of what it names, so a notice
    about classified serials stays hidden from users below that level."""

    id = models.BigAutoField(primary_key=True)
    org_unit = models.ForeignKey("core.OrgUnit", verbose_name=_("addressed to"),
                                 on_delete=models.PROTECT, related_name="notifications")
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=NotificationLevel.choices,
                             default=NotificationLevel.INFO)
    at = models.DateTimeField(_("time"), default=timezone.now)
    classification = ClassificationField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    # A notice sent by a periodic duty ("asset X falls due on D") names itself, so that the
    # duty running twice, or on two workers, tells the unit once.
    key = models.CharField(_("key"), max_length=200, blank=True, editable=False)
    # A notice for one person (their digest): only they read it, not their unit's colleagues
    # nor the units above. Its unit stays theirs, so the once-per-unit-and-key rule holds.
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"),
                                  null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="+", editable=False)

    # Need to know even at the directorate: a department does not read a division's mail.
    scope = Scope(unit="org_unit", classification="classification", directorate_wide=False,
                  recipient="recipient")

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["org_unit", "at"], name="core_notification_unit_at")]
        constraints = [models.UniqueConstraint(fields=["org_unit", "key"], condition=~Q(key=""),
                                               name="core_notification_once_per_key")]

    def __str__(self) -> str:
        return self.title


class NotificationRead(models.Model):
    """That `user` has read `notification` (and when): the read state is per user."""

    notification = models.ForeignKey(Notification, verbose_name=_("notification"),
                                     on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("read at"), default=timezone.now)

    scope = Scope(unit="notification__org_unit", classification="notification__classification",
                  directorate_wide=False, recipient="notification__recipient")

    class Meta:
        verbose_name = _("notification read")
        verbose_name_plural = _("notifications read")
        constraints = [models.UniqueConstraint(fields=["notification", "user"],
                                               name="core_notification_read_once")]

    def __str__(self) -> str:
        return f"{self.notification_id}: {self.user_id}"
