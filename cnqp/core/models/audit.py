from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope
from cnqp.core.choices import AuditAction, AuditSource
from cnqp.core.fields import ClassificationField


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be changed")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("audit entries cannot be deleted")


class AuditEntry(models.Model):
    """One append-only entry. `entry_hash` is an HMAC over the entry and the previous entry's
    hash, so editing, inserting or deleting an entry breaks the chain (`manage.py verify_audit`).
    Database triggers refuse UPDATE and DELETE as well."""

    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    actor_name = models.CharField(_("username"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=AuditSource.choices)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices,
                              db_index=True)
    object_type = models.CharField(_("record type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("record"), max_length=255, blank=True)
    classification = ClassificationField(_("classification"))
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous entry's hash"), max_length=64, editable=False)
    entry_hash = models.CharField(_("entry hash"), max_length=64, unique=True, editable=False)

    objects = AuditQuerySet.as_manager()
    # Auditors read the whole log up to their clearance: entries are not unit-owned.
    scope = Scope(unit=None, classification="classification")

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"])]

    def __str__(self) -> str:
        from django.utils import timezone

        when = timezone.localtime(self.at) if timezone.is_aware(self.at) else self.at
        return f"{when:%d/%m/%Y %H:%M:%S} {self.actor_name} {self.get_action_display()} " \
            f"{self.object_repr}".replace("  ", " ")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be deleted")

    @property
    def object_type_label(self) -> str:
        """The record type as users know it ("Đơn vị"), not its internal label."""
        from django.apps import apps
        from django.utils.text import capfirst

        try:
            model = apps.get_model(self.object_type)
        except (LookupError, ValueError):
            return self.object_type
        return str(capfirst(model._meta.verbose_name))


class AuditCheckpoint(models.Model):
    """How far the audit chain has been verified (`audit/checkpoint.py`): one row. The
    auditor's home page verifies only the entries after it, so its cost follows the entries
    added since the last look, not the size of the log; `manage.py verify_audit` walks the
    whole chain and sets it. Bookkeeping of the verifier, not audited (each look would append
    to the chain it reports on)."""

    entry_id = models.BigIntegerField(default=0)  # the last entry verified (0: none)
    entry_hash = models.CharField(max_length=64)
    broken_at = models.BigIntegerField(null=True, blank=True)  # the first entry that fails
    problem = models.CharField(max_length=255, blank=True)
    checked_at = models.DateTimeField()
    full_checked_at = models.DateTimeField(null=True, blank=True)  # the last whole walk

    scope = Scope(unit=None, classification=None)

    class Meta:
        verbose_name = _("audit chain checkpoint")
        verbose_name_plural = _("audit chain checkpoints")

    def __str__(self) -> str:
        return f"#{self.entry_id}" + (f" broken at #{self.broken_at}" if self.broken_at else "")
