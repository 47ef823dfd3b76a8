"""Writes of the dated reference data. A row's validity never runs backwards. A new decree is a
new row valid from its date and the old row ended the day before (`end_reference`): records
keep the row they were made under, and the history says which applied when."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cnqp.core.models import User
from cnqp.core.records import writes
from cnqp.safety.models.reference import Dated, LegalBasis

R = TypeVar("R", bound=Dated)


def _check_validity(valid_from: dt.date, valid_to: dt.date | None) -> None:
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end of validity is before its start.")})


def create_reference(actor: User | None, model: type[R], **data: Any) -> R:
    _check_validity(data["valid_from"], data.get("valid_to"))
    return writes.create(actor, model(**data))


def update_reference(actor: User | None, row: R, **data: Any) -> R:
    _check_validity(data.get("valid_from", row.valid_from), data.get("valid_to", row.valid_to))
    changed = {k: v for k, v in data.items() if v != getattr(row, k, None)}
    return writes.update(actor, row, changed)


def delete_reference(actor: User | None, row: Dated) -> None:
    writes.delete(actor, row)  # refused while a record still names it


def end_reference(actor: User | None, row: R, *, valid_to: dt.date) -> R:
    """No longer in force after `valid_to` (a decree replaced or repealed)."""
    with transaction.atomic():
        _check_validity(row.valid_from, valid_to)
        return writes.update(actor, row, {"valid_to": valid_to})


def reference_services(model: type[R]) -> tuple[Any, Any, Any]:
    """The create, update and delete services of one reference model, for its resource."""

    def create(actor: User | None, **data: Any) -> R:
        return create_reference(actor, model, **data)

    create.__name__ = f"create_{model._meta.model_name}"
    return create, update_reference, delete_reference


def create_legal_basis(actor: User | None, **data: Any) -> LegalBasis:
    if data.get("replaced_by") is not None:
        raise ValidationError({"replaced_by": _("A new legal text replaces nothing yet.")})
    return writes.create(actor, LegalBasis(**data))


def update_legal_basis(actor: User | None, row: LegalBasis, **data: Any) -> LegalBasis:
    if data.get("replaced_by") is not None and data["replaced_by"].pk == row.pk:
        raise ValidationError({"replaced_by": _("A legal text cannot replace itself.")})
    changed = {k: v for k, v in data.items() if v != getattr(row, k, None)}
    return writes.update(actor, row, changed)


def delete_legal_basis(actor: User | None, row: LegalBasis) -> None:
    writes.delete(actor, row)  # refused while a reference row still rests on it
