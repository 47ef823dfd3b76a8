"""Helpers every app's services use to write a record: validate first, then save and audit in
one transaction. Services stay typed and explicit; these keep the audit uniform.

What every write refuses, whichever door it came through (a page, the API, an import, the
shell), with the field named: a NUL character in a text and an integer outside its column's
SQL range (PostgreSQL cannot store them, SQLite would: the databases must agree), a text longer
than settings.CNQP_MAX_TEXT_LENGTH (a 10 MB description was copied into the audit entry and
the search text), a unique value another writer took between the check and the save (a 422,
not the database's IntegrityError), and a delete that other records still protect.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _

from cnqp.core import audit
from cnqp.core.access.scoping import classification_of
from cnqp.core.choices import AuditAction, Classification
from cnqp.core.text import format_number, nfc

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


# The ranges of SQL's integer columns, which PostgreSQL keeps and SQLite does not (it stores
# any 64-bit value in any integer column): checked here so that both databases agree.
INTEGER_RANGES: Mapping[str, tuple[int, int]] = BaseDatabaseOperations.integer_field_ranges


def integer_range(field: models.Field[Any, Any]) -> tuple[int, int] | None:
    """The values an integer column keeps on every database (None: not an integer column,
    or an id)."""
    return INTEGER_RANGES.get(field.get_internal_type())


def check_values(obj: models.Model) -> None:
    """What the databases would store differently, or should not store at all: a NUL in a
    text, a text longer than the limit (`search_text` is derived from the others), an integer
    outside its column's SQL range."""
    errors: dict[str, str] = {}
    limit = settings.CNQP_MAX_TEXT_LENGTH
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        bounds = integer_range(field)
        if isinstance(value, str) and "\x00" in value:
            errors[field.name] = _("Null characters are not allowed.")
        elif (isinstance(field, models.TextField) and isinstance(value, str)
              and field.name != "search_text" and len(value) > limit):
            errors[field.name] = _("At most %(limit)s characters (it has %(length)s).") % {
                "limit": format_number(limit), "length": format_number(len(value))}
        elif bounds is not None and isinstance(value, int) and not (
                bounds[0] <= value <= bounds[1]):
            errors[field.name] = _("A number from %(low)s to %(high)s.") % {
                "low": format_number(bounds[0]), "high": format_number(bounds[1])}
    if errors:
        raise ValidationError(errors)


@contextmanager
def referenced_refused() -> Iterator[None]:
    """A delete that other records protect (PROTECT, RESTRICT) is a refusal, not a crash."""
    try:
        yield
    except (models.ProtectedError, models.RestrictedError) as exc:
        raise ValidationError(
            _("This record is still referenced by other records and cannot be deleted.")
        ) from exc


@contextmanager
def unique_taken_refused(obj: models.Model) -> Iterator[None]:
    """Around a save: when the database refuses it because a writer took a unique value
    between `full_clean` and the save, the validation says which (422), as it would have a
    moment earlier. Any other integrity error is a bug and stays one."""
    try:
        yield
    except IntegrityError:
        obj.validate_unique()
        obj.validate_constraints()
        raise


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
    check_values(obj)
    obj.full_clean(exclude=exclude)
    if hasattr(obj, "classification"):
        check_level(actor, obj.classification)
    with unique_taken_refused(obj), transaction.atomic():
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
    check_values(obj)
    obj.full_clean(exclude=exclude)
    if "classification" in data:
        check_level(actor, obj.classification)  # type: ignore[attr-defined]
    with unique_taken_refused(obj), transaction.atomic():
        obj.save()
        audit.record_change(actor, obj, before)
    return obj


def delete(actor: User | None, obj: models.Model) -> None:
    before = audit.snapshot(obj)
    label, pk, text = obj._meta.label_lower, str(obj.pk), str(obj)
    level = classification_of(obj)
    with transaction.atomic():
        with referenced_refused():
            obj.delete()
        audit.record(AuditAction.DELETE, actor=actor, object_type=label, object_id=pk,
                     object_repr=text, classification=level,
                     changes={k: [v, None] for k, v in before.items()})
