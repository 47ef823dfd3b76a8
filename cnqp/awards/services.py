"""Writing emulation and awards: the titles (reference data: only roles that see every unit
write them, core/access/roles.py), the movements and the awards.

An award respects its title: a title conferred on individuals names a person, one conferred on
collectives names none (a person's position comes with their name); it is decided on a date
not in the future, while the title exists (its `valid_from`, `valid_to`), and not before the
movement it rewards began. Whoever writes a movement or an award acts for its unit (the
launching unit, the recipient unit). A title's code and whom it is conferred on stay once an
award names it; a title or movement an award names is not deleted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cnqp.awards.choices import RecipientKind
from cnqp.awards.models import Award, AwardTitle, Movement
from cnqp.core.models import OrgUnit, User
from cnqp.core.records import writes
from cnqp.core.records.guards import check_acts_for, check_not_future, only
from cnqp.core.text import format_date

MOVEMENT_FIELDS = frozenset({"name", "kind", "start", "end", "description", "classification"})
AWARD_FIELDS = frozenset({"title", "person_name", "person_position", "movement", "authority",
                          "decision_number", "decision_date", "reason", "classification"})


def _changed(row: Any, data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v != getattr(row, k, None)}


# --- titles -------------------------------------------------------------------------------


def _check_title(row: AwardTitle) -> None:
    if row.valid_to is not None and row.valid_from and row.valid_to < row.valid_from:
        raise ValidationError({"valid_to": _("The title ends before it starts.")})


def create_title(actor: User | None, **data: Any) -> AwardTitle:
    row = AwardTitle(**data)
    _check_title(row)
    return writes.create(actor, row)


def update_title(actor: User | None, row: AwardTitle, **data: Any) -> AwardTitle:
    changed = _changed(row, data)
    used = Award.objects.filter(title=row).exists()
    for name in ("code", "recipient_kind"):
        if name in changed and used:
            raise ValidationError({name: _("Awards name this title: this no longer "
                                           "changes.")})
    probe = AwardTitle(**{**{f.attname: getattr(row, f.attname)
                             for f in row._meta.concrete_fields}, **changed})
    _check_title(probe)
    return writes.update(actor, row, changed)


def delete_title(actor: User | None, row: AwardTitle) -> None:
    writes.delete(actor, row)  # refused while an award names it


# --- movements ----------------------------------------------------------------------------


def _check_movement(start: dt.date, end: dt.date | None) -> None:
    check_not_future(start, "start")
    if end is not None and end < start:
        raise ValidationError({"end": _("The movement ends before it starts.")})


def create_movement(actor: User | None, *, name: str, kind: str, launching_unit: OrgUnit,
                    start: dt.date, end: dt.date | None = None, description: str = "",
                    classification: int = 0) -> Movement:
    check_acts_for(actor, launching_unit, "launching_unit")
    _check_movement(start, end)
    return writes.create(actor, Movement(
        name=name, kind=kind, launching_unit=launching_unit, start=start, end=end,
        description=description, classification=classification))


def update_movement(actor: User | None, movement: Movement, **data: Any) -> Movement:
    """Its name, kind, period, description and level; not its launching unit. An award it
    rewards stays after its start."""
    check_acts_for(actor, movement.launching_unit, "launching_unit")
    only(MOVEMENT_FIELDS, data)
    start = data.get("start", movement.start)
    _check_movement(start, data.get("end", movement.end))
    first = (Award.objects.filter(movement=movement).order_by("decision_date")
             .values_list("decision_date", flat=True).first())
    if first is not None and first < start:
        raise ValidationError({"start": _("An award of this movement was decided on %(date)s: "
                                          "it starts no later.") % {"date": format_date(first)}})
    return writes.update(actor, movement, _changed(movement, data))


def delete_movement(actor: User | None, movement: Movement) -> None:
    check_acts_for(actor, movement.launching_unit, "launching_unit")
    writes.delete(actor, movement)  # refused while an award names it


# --- awards -------------------------------------------------------------------------------


def _check_award(title: AwardTitle, person_name: str, person_position: str,
                 movement: Movement | None, decision_date: dt.date) -> None:
    """What the title and the movement require of the award."""
    check_not_future(decision_date, "decision_date")
    errors: dict[str, str] = {}
    named = bool(person_name.strip())
    if title.recipient_kind == RecipientKind.INDIVIDUAL and not named:
        errors["person_name"] = _("%(title)s is conferred on individuals: name the person.") % {
            "title": title.name}
    elif title.recipient_kind == RecipientKind.COLLECTIVE and named:
        errors["person_name"] = _("%(title)s is conferred on collectives: leave the person "
                                  "empty.") % {"title": title.name}
    if person_position.strip() and not named:
        errors.setdefault("person_position", _("A position comes with the person's name."))
    if decision_date < title.valid_from or (title.valid_to is not None
                                            and decision_date > title.valid_to):
        errors["title"] = _("%(title)s was not conferred on %(date)s.") % {
            "title": title.name, "date": format_date(decision_date)}
    if movement is not None and decision_date < movement.start:
        errors["movement"] = _("The movement began on %(date)s, after the decision.") % {
            "date": format_date(movement.start)}
    if errors:
        raise ValidationError(errors)


def create_award(actor: User | None, *, title: AwardTitle, unit: OrgUnit, authority: str,
                 decision_number: str, decision_date: dt.date, person_name: str = "",
                 person_position: str = "", movement: Movement | None = None,
                 reason: str = "", classification: int = 0) -> Award:
    check_acts_for(actor, unit, "unit")
    _check_award(title, person_name, person_position, movement, decision_date)
    return writes.create(actor, Award(
        title=title, unit=unit, person_name=person_name, person_position=person_position,
        movement=movement, authority=authority, decision_number=decision_number,
        decision_date=decision_date, reason=reason, classification=classification))


def update_award(actor: User | None, award: Award, **data: Any) -> Award:
    """Everything but its recipient unit (a wrong unit: delete and record it again)."""
    check_acts_for(actor, award.unit, "unit")
    only(AWARD_FIELDS, data)
    merged = {name: data.get(name, getattr(award, name)) for name in
              ("title", "person_name", "person_position", "movement", "decision_date")}
    _check_award(merged["title"], merged["person_name"] or "", merged["person_position"] or "",
                 merged["movement"], merged["decision_date"])
    return writes.update(actor, award, _changed(award, data))


def delete_award(actor: User | None, award: Award) -> None:
    check_acts_for(actor, award.unit, "unit")
    writes.delete(actor, award)
