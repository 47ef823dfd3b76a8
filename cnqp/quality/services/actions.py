"""Corrective actions: planned → in progress → implemented → (effectiveness check) → closed.
An ineffective check sends the action back to work; closing requires a check that found it
effective, made by someone other than its owner, and, when the action names the new document
revision that removes the cause, that revision issued."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core import audit
from cnqp.core.models import OrgUnit, User
from cnqp.core.records import writes
from cnqp.documents.choices import RevisionStatus
from cnqp.documents.models import Revision
from cnqp.quality.choices import ActionStatus, NCStatus
from cnqp.quality.models import CorrectiveAction, NonConformance
from cnqp.quality.services import notices
from cnqp.quality.services.common import check_acts_for, day, lock, next_code, only

STEP_LABELS = {
    "start": gettext_lazy("started"),
    "implement": gettext_lazy("reported implemented"),
    "check": gettext_lazy("checked for effectiveness"),
    "close": gettext_lazy("closed"),
}
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "start": ((ActionStatus.PLANNED,), ActionStatus.IN_PROGRESS),
    "implement": ((ActionStatus.IN_PROGRESS,), ActionStatus.IMPLEMENTED),
    "check": ((ActionStatus.IMPLEMENTED,), ActionStatus.IMPLEMENTED),
    "close": ((ActionStatus.IMPLEMENTED,), ActionStatus.CLOSED),
}


def _check_step(action: CorrectiveAction, step: str) -> str:
    allowed, target = TRANSITIONS[step]
    if action.status not in allowed:
        raise ValidationError({"status": _(
            "Action %(code)s is %(status)s: it cannot be %(step)s. Allowed from: "
            "%(allowed)s.") % {
            "code": action.code, "status": action.get_status_display().lower(),
            "step": str(STEP_LABELS[step]),
            "allowed": ", ".join(str(ActionStatus(s).label).lower() for s in allowed)}})
    return target


def _check_owner(owner_unit: OrgUnit, owner: User | None) -> None:
    if owner is not None and (owner.org_unit_id is None
                              or not owner.org_unit.path.startswith(owner_unit.path)):
        raise ValidationError({"owner": _("The owner works in another unit than the one "
                                          "responsible.")})


def _check_revision(nc: NonConformance | None, revision: Revision | None) -> None:
    if revision is None:
        return
    if nc is None:
        raise ValidationError({"new_revision": _("Only an action on a non-conformance names a "
                                                 "new document revision.")})
    if revision.document_set.product_type_id != nc.product_type_id:
        raise ValidationError({"new_revision": _("The revision is of another product type's "
                                                 "documents.")})


def _check_due(raised_on: dt.date, due_date: dt.date) -> None:
    if due_date < raised_on:
        raise ValidationError({"due_date": _("The due date is before what the action remedies "
                                             "was found (%(date)s).") % {
            "date": raised_on.strftime("%d/%m/%Y")}})


def open_action(actor: User | None, *, source_unit: OrgUnit, classification: int,
                raised_on: dt.date, title: str, owner_unit: OrgUnit, due_date: dt.date,
                owner: User | None = None, description: str = "",
                nonconformance: NonConformance | None = None,
                new_revision: Revision | None = None) -> CorrectiveAction:
    """An action of the one mechanism, for whatever it remedies: `source_unit`,
    `classification` and `raised_on` are those of its origin (a non-conformance here; the
    safety app's findings and incidents link theirs). Call inside the origin's transaction."""
    _check_due(raised_on, due_date)
    _check_owner(owner_unit, owner)
    _check_revision(nonconformance, new_revision)
    action = CorrectiveAction(nonconformance=nonconformance, source_unit=source_unit,
                              classification=classification, raised_on=raised_on, title=title,
                              owner_unit=owner_unit, owner=owner, due_date=due_date,
                              description=description, new_revision=new_revision)
    with transaction.atomic():
        action.code = next_code(CorrectiveAction, "BPKP", raised_on.year)
        action = writes.create(actor, action)
        notices.tell(actor, notices.action_assigned(action))
        return action


def create_action(actor: User | None, *, nonconformance: NonConformance, title: str,
                  owner_unit: OrgUnit, due_date: dt.date, owner: User | None = None,
                  description: str = "", new_revision: Revision | None = None
                  ) -> CorrectiveAction:
    if nonconformance.status == NCStatus.CLOSED:
        raise ValidationError({"nonconformance": _("The non-conformance is closed.")})
    check_acts_for(actor, nonconformance.enterprise, "nonconformance")
    return open_action(actor, source_unit=nonconformance.enterprise,
                       classification=nonconformance.classification,
                       raised_on=nonconformance.detected_on, title=title,
                       owner_unit=owner_unit, due_date=due_date, owner=owner,
                       description=description, nonconformance=nonconformance,
                       new_revision=new_revision)


ACTION_EDITABLE = frozenset({"title", "description", "owner_unit", "owner", "due_date",
                             "new_revision"})


def update_action(actor: User | None, action: CorrectiveAction, **data: Any) -> CorrectiveAction:
    changed = {k: v for k, v in data.items() if v != getattr(action, k, None)}
    only(ACTION_EDITABLE, changed)
    if type(action).objects.filter(pk=action.pk, status=ActionStatus.CLOSED).exists():
        raise ValidationError(_("A closed action no longer changes."))
    if "due_date" in changed:
        _check_due(action.raised_on, changed["due_date"])
    _check_owner(changed.get("owner_unit", action.owner_unit), changed.get("owner", action.owner))
    _check_revision(action.nonconformance, changed.get("new_revision", action.new_revision))
    with transaction.atomic():
        saved = writes.update(actor, action, changed)
        if "owner_unit" in changed:  # handed to another unit: it must know
            notices.tell(actor, notices.action_assigned(saved))
        return saved


def delete_action(actor: User | None, action: CorrectiveAction) -> None:
    with transaction.atomic():
        if lock(action).status != ActionStatus.PLANNED:
            raise ValidationError(_("Only a planned action can be deleted; the others stay on "
                                    "record."))
        writes.delete(actor, action)


def _move(actor: User | None, action: CorrectiveAction, **fields: Any) -> CorrectiveAction:
    before = audit.snapshot(action)
    for name, value in fields.items():
        setattr(action, name, value)
    action.save()
    audit.record_change(actor, action, before)
    return action


def start_action(actor: User | None, action: CorrectiveAction, *,
                 on_date: dt.date | None = None) -> CorrectiveAction:
    started = day(on_date)
    with transaction.atomic():
        action = lock(action)
        target = _check_step(action, "start")
        return _move(actor, action, status=target, started_on=started)


def implement_action(actor: User | None, action: CorrectiveAction, *,
                     on_date: dt.date | None = None) -> CorrectiveAction:
    done = day(on_date)
    with transaction.atomic():
        action = lock(action)
        target = _check_step(action, "implement")
        if action.started_on and done < action.started_on:
            raise ValidationError({"on_date": _("The date is before the action started.")})
        return _move(actor, action, status=target, implemented_on=done)


def check_effectiveness(actor: User | None, action: CorrectiveAction, *, effective: bool,
                        note: str, on_date: dt.date | None = None) -> CorrectiveAction:
    """The check that closing requires. Ineffective: the action goes back to work (in
    progress), the failed check kept in its history."""
    checked = day(on_date)
    if not note.strip():
        raise ValidationError({"note": _("Say what was checked and what was found.")})
    with transaction.atomic():
        action = lock(action)
        _check_step(action, "check")
        if actor is not None and action.owner_id is not None and action.owner_id == actor.pk:
            raise ValidationError({"checked_by": _("The owner of an action does not check its "
                                                   "effectiveness.")})
        if action.implemented_on and checked < action.implemented_on:
            raise ValidationError({"on_date": _("The check is dated before the action was "
                                                "implemented.")})
        fields: dict[str, Any] = {
            "checked_on": checked, "checked_by": actor if actor is not None and actor.pk
            else None, "effective": effective, "check_note": note.strip()}
        if not effective:
            fields.update(status=ActionStatus.IN_PROGRESS, implemented_on=None)
        return _move(actor, action, **fields)


def close_action(actor: User | None, action: CorrectiveAction, *,
                 on_date: dt.date | None = None) -> CorrectiveAction:
    closing = day(on_date)
    with transaction.atomic():
        action = lock(action)
        target = _check_step(action, "close")
        if action.effective is not True or action.checked_on is None:
            raise ValidationError({"effective": _(
                "Action %(code)s is closed only after an effectiveness check found it "
                "effective.") % {"code": action.code}})
        if closing < action.checked_on:
            raise ValidationError({"on_date": _("The closing date is before the effectiveness "
                                                "check.")})
        revision = action.new_revision
        if revision is not None and revision.status not in (RevisionStatus.ISSUED,
                                                            RevisionStatus.SUPERSEDED):
            raise ValidationError({"new_revision": _(
                "The new revision %(revision)s is not issued yet.") % {"revision": revision}})
        return _move(actor, action, status=target, closed_on=closing)
