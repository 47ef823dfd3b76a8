"""What the safety services share: numbering, locking and acting for a unit (the core's
guards), dates that are not in the future, and the owner-unit check of a verification."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cnqp.core.models import OrgUnit, User
from cnqp.core.records.guards import check_acts_for, check_not_future, day, lock, next_code

__all__ = ["check_acts_for", "check_after", "check_not_future", "day", "lock", "next_code",
           "outside_unit"]


def check_after(later: dt.date | None, earlier: dt.date | None, field: str,
                message: str) -> None:
    if later is not None and earlier is not None and later < earlier:
        raise ValidationError({field: message})


def outside_unit(actor: User | None, unit: OrgUnit) -> bool:
    """Whether the actor works outside `unit` and every unit under it (a verification by
    another unit: the owner does not verify its own fix)."""
    if actor is None or actor.org_unit_id is None:
        return False
    return not actor.org_unit.path.startswith(unit.path)


def required(value: str, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: _("This field is required.")})
    return text
