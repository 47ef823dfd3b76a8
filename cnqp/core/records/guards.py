"""What every app's services share around a write: the year's numbering, the row lock, who
acts for which unit, fields that change only through their own step, and dates of steps that
are not in the future (quality, production and safety call these, one rule each)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core.locks import take_turns
from cnqp.core.units import units_in_reach

if TYPE_CHECKING:
    from cnqp.core.models import OrgUnit, User

M = TypeVar("M", bound=models.Model)

_PG_LOCK_BASE = 0x43515100  # "CQQ\0" + a small number per numbered model


def next_code(model: type[models.Model], prefix: str, year: int, width: int = 4) -> str:
    """The next number of the year the record is dated in: PA-2025-0007. Call inside the
    writing transaction; on PostgreSQL an advisory lock per model makes concurrent writers
    take turns (SQLite writers already do), and the unique constraint is the last guard."""
    take_turns(_PG_LOCK_BASE + sum(map(ord, model._meta.label_lower)) % 256)
    head = f"{prefix}-{year}-"
    last = (model._default_manager.filter(code__startswith=head).order_by("-code")
            .values_list("code", flat=True).first())
    number = int(str(last)[len(head):]) + 1 if last else 1
    return f"{head}{number:0{width}d}"


def lock(obj: M) -> M:
    """Re-read the record under a row lock, so two users cannot move it at once."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def only(editable: frozenset[str], data: dict[str, Any]) -> None:
    """Lifecycle and identity fields change only through their own actions, never an edit."""
    others = sorted(set(data) - editable)
    if others:
        raise ValidationError(_("These fields change only through their own action: "
                                "%(fields)s.") % {"fields": ", ".join(others)})


def check_acts_for(actor: User | None, unit: OrgUnit, field: str) -> None:
    """The actor works in `unit` (or above it), or in a role that sees every unit. Services
    called by the system itself (no actor) pass."""
    if actor is None:
        return
    if not units_in_reach(actor).filter(pk=unit.pk).exists():
        raise ValidationError({field: _("You do not act for %(unit)s.") % {"unit": unit.name}})


def check_not_future(value: dt.date, field: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def day(value: dt.date | None) -> dt.date:
    """The date of a step: the one given, else today; never in the future."""
    value = value or timezone.localdate()
    check_not_future(value, "on_date")
    return value
