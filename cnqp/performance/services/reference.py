"""Writing the returns' reference data: the indicators, the schedules that say when a return is
due, the investment programmes. No unit owns them, so only roles that see every unit write
them (core/access/roles.py); a delete of a row still named by a return or a project is a
refusal (records.writes).

An indicator's identity is what the returns and the checks rely on: its code does not change
once a return holds a value of it or a rule of `validation.RULES` names it, nor its kind once
values are stored; a total adds up its parts, a ratio divides its numerator by its
denominator, and an indicator is part of a total only."""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cnqp.core.models import User
from cnqp.core.records import writes
from cnqp.performance.choices import IndicatorKind
from cnqp.performance.models import Indicator, Programme, Schedule, Value
from cnqp.performance.validation import rule_codes


def _check_indicator(row: Indicator) -> None:
    errors: dict[str, str] = {}
    ratio = row.kind == IndicatorKind.RATIO
    if ratio and (row.numerator_id is None or row.denominator_id is None):
        errors["numerator" if row.numerator_id is None else "denominator"] = _(
            "A ratio names its numerator and its denominator.")
    if not ratio and (row.numerator_id is not None or row.denominator_id is not None):
        errors["kind"] = _("Only a ratio has a numerator and a denominator.")
    if not ratio and row.per_month:
        errors["per_month"] = _("Only a ratio is divided by the months of the period.")
    if row.part_of is not None:
        if row.part_of.kind != IndicatorKind.TOTAL:
            errors["part_of"] = _("An indicator is part of a total only.")
        elif row.pk is not None and row.part_of.pk == row.pk:
            errors["part_of"] = _("An indicator cannot be part of itself.")
    for name in ("numerator", "denominator"):
        other = getattr(row, name)
        if other is not None and row.pk is not None and other.pk == row.pk:
            errors[name] = _("A ratio cannot divide by itself.")
    if errors:
        raise ValidationError(errors)


def create_indicator(actor: User | None, **data: Any) -> Indicator:
    row = Indicator(**data)
    _check_indicator(row)
    return writes.create(actor, row)


def update_indicator(actor: User | None, row: Indicator, **data: Any) -> Indicator:
    changed = {k: v for k, v in data.items() if v != getattr(row, k, None)}
    used = Value.objects.filter(indicator=row).exists()
    if "code" in changed and (used or row.code in rule_codes()):
        raise ValidationError({"code": _("Returns or checks rely on this code: it no longer "
                                         "changes.")})
    if "kind" in changed and used:
        raise ValidationError({"kind": _("Returns hold values of this indicator: how it is "
                                         "obtained no longer changes.")})
    probe = copy.copy(row)  # checked as it would be, the stored row untouched
    for name, value in changed.items():
        setattr(probe, name, value)
    _check_indicator(probe)
    return writes.update(actor, row, changed)


def delete_indicator(actor: User | None, row: Indicator) -> None:
    if row.code in rule_codes():
        raise ValidationError(_("A check of the returns names this indicator: it stays."))
    writes.delete(actor, row)  # refused while a return or another indicator names it


def create_schedule(actor: User | None, **data: Any) -> Schedule:
    return writes.create(actor, Schedule(**data))


def update_schedule(actor: User | None, row: Schedule, **data: Any) -> Schedule:
    """The due dates of returns already opened stay as they were set."""
    changed = {k: v for k, v in data.items() if v != getattr(row, k, None)}
    return writes.update(actor, row, changed)


def delete_schedule(actor: User | None, row: Schedule) -> None:
    writes.delete(actor, row)


def create_programme(actor: User | None, **data: Any) -> Programme:
    return writes.create(actor, Programme(**data))


def update_programme(actor: User | None, row: Programme, **data: Any) -> Programme:
    changed = {k: v for k, v in data.items() if v != getattr(row, k, None)}
    return writes.update(actor, row, changed)


def delete_programme(actor: User | None, row: Programme) -> None:
    writes.delete(actor, row)  # refused while a project belongs to it
