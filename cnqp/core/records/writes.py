"""Helpers every app's services use to write a record: validate first, then save and audit in
one transaction. Services stay typed and explicit; these keep the audit uniform."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.access.scoping import classification_of
from cnqp.core.choices import AuditAction, Classification
from cnqp.core.text import nfc

if TYPE_CHECKING:
    from cnqp.core.models import User

M = TypeVar("M", bound=models.Model)


def normalise_text_fields(obj: models.Model) -> None:
    """Store text composed (NFC) and trimmed, whatever the keyboard sent."""
    for field in obj._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField) and field.editable:
            value = getattr(obj, field.attname)
            if isinstance(value, str):
                setattr(obj, field.attname, nfc(value).strip())


def check_level(actor: User | None, level: int, field: str = "classification") -> None:
    """A record is filed at a level that exists and that its writer may read: above their own
    clearance they would lose sight of it (and a level nobody holds would hide it from all).
    `create` and `update` check a record's own `classification` when they set it; a service
    writing in bulk calls this itself."""
    if level not in Classification.values:
        raise ValidationError({field: _("Unknown classification level.")})
    if actor is not None and level > actor.clearance:
        raise ValidationError({field: _("A record cannot be filed above your own clearance.")})


def create(actor: User | None, obj: M, *, exclude: list[str] | None = None,
           related: Callable[[M], Mapping[str, Any]] | None = None,
           related_level: int = Classification.UNCLASSIFIED) -> M:
    """Validate, save and audit a new record. `related` sets what needs the saved record (its
    many-to-many values, say) and returns those values, so one entry holds the whole record;
    `related_level` is the level of what those values name (the serials a delivery lists):
    the entry is as classified as the most classified thing it names, so an auditor below
    that level does not read it."""
    normalise_text_fields(obj)
    obj.full_clean(exclude=exclude)
    if hasattr(obj, "classification"):
        check_level(actor, obj.classification)
    with transaction.atomic():
        obj.save()
        values = {**audit.snapshot(obj), **(related(obj) if related else {})}
        audit.record(AuditAction.CREATE, actor=actor, obj=obj,
                     classification=max(classification_of(obj), related_level),
                     changes={k: [None, v] for k, v in values.items()})
    return obj


def update(actor: User | None, obj: M, data: Mapping[str, Any],
           *, exclude: list[str] | None = None) -> M:
    """Apply `data` to `obj`, validate, save and audit the fields that changed."""
    before = audit.snapshot(obj)
    for name, value in data.items():
        setattr(obj, name, value)
    normalise_text_fields(obj)
    obj.full_clean(exclude=exclude)
    if "classification" in data:
        check_level(actor, obj.classification)  # type: ignore[attr-defined]
    with transaction.atomic():
        obj.save()
        audit.record_change(actor, obj, before)
    return obj


def delete(actor: User | None, obj: models.Model) -> None:
    before = audit.snapshot(obj)
    label, pk, text = obj._meta.label_lower, str(obj.pk), str(obj)
    level = classification_of(obj)
    with transaction.atomic():
        try:
            obj.delete()
        except models.ProtectedError as exc:
            raise ValidationError(
                _("This record is still referenced by other records and cannot be deleted.")
            ) from exc
        audit.record(AuditAction.DELETE, actor=actor, object_type=label, object_id=pk,
                     object_repr=text, classification=level,
                     changes={k: [v, None] for k, v in before.items()})
