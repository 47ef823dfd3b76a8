"""Safety plans: draft → submitted → approved (by whom, by which decision) → in force →
superseded (by the plan that replaces it) or expired; reviews move the review date on. Drills
test a plan that has been approved."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cnqp.core import approvals
from cnqp.core.models import OrgUnit, User
from cnqp.core.notifications import send_notifications
from cnqp.core.records import writes
from cnqp.safety.choices import PlanStatus
from cnqp.safety.models import Drill, SafetyPlan
from cnqp.safety.services.common import check_acts_for, check_after, day, lock, required

P = PlanStatus
DRILLED = (P.APPROVED, P.IN_FORCE, P.SUPERSEDED, P.EXPIRED)


def create_plan(actor: User | None, *, code: str, title: str, kind: str, unit: OrgUnit,
                year: int | None = None, version: int = 1, supersedes: SafetyPlan | None = None,
                review_due: dt.date | None = None, summary: str = "",
                classification: int = 0) -> SafetyPlan:
    check_acts_for(actor, unit, "unit")
    if supersedes is not None and (supersedes.unit_id != unit.pk or supersedes.kind != kind):
        raise ValidationError({"supersedes": _("A plan supersedes a plan of the same kind and "
                                               "unit.")})
    return writes.create(actor, SafetyPlan(
        code=code, title=title, kind=kind, unit=unit, year=year, version=version,
        supersedes=supersedes, review_due=review_due, summary=summary,
        classification=classification))


PLAN_EDITABLE = frozenset({"title", "review_due", "summary", "classification"})
PLAN_EDITABLE_AS_DRAFT = PLAN_EDITABLE | {"code", "kind", "unit", "year", "version",
                                          "supersedes"}


def update_plan(actor: User | None, plan: SafetyPlan, **data: Any) -> SafetyPlan:
    changed = {k: v for k, v in data.items() if v != getattr(plan, k, None)}
    editable = PLAN_EDITABLE_AS_DRAFT if plan.status == P.DRAFT else PLAN_EDITABLE
    fixed = sorted(set(changed) - editable)
    if fixed:
        raise ValidationError({name: _("Fixed once the plan is submitted.") for name in fixed})
    if "unit" in changed:
        check_acts_for(actor, changed["unit"], "unit")
    return writes.update(actor, plan, changed)


def delete_plan(actor: User | None, plan: SafetyPlan) -> None:
    with transaction.atomic():
        if lock(plan).status != P.DRAFT:
            raise ValidationError(_("Only a draft is deleted; a submitted plan stays on "
                                    "record."))
        writes.delete(actor, plan)


def _step(actor: User | None, plan: SafetyPlan, allowed: tuple[str, ...],
          verb: str) -> SafetyPlan:
    """The plan locked, in a status the step leaves, moved by someone who acts for its unit
    (the unit itself, a unit above it, the directorate): another enterprise neither
    submits, approves, returns, ends nor reviews it."""
    plan = lock(plan)
    if plan.status not in allowed:
        raise ValidationError({"status": _(
            "Plan %(code)s is %(status)s: it cannot be %(verb)s.") % {
            "code": plan.code, "status": plan.get_status_display().lower(), "verb": verb}})
    check_acts_for(actor, plan.unit, "unit")
    return plan


def submit_plan(actor: User | None, plan: SafetyPlan, *,
                on_date: dt.date | None = None) -> SafetyPlan:
    when = day(on_date)
    with transaction.atomic():
        plan = _step(actor, plan, (P.DRAFT,), _("submitted"))
        plan = writes.update(actor, plan, {"status": P.SUBMITTED, "submitted_on": when})
        send_notifications(actor, approvals.submitted(
            plan, domain="safety", owner=plan.unit, level=plan.classification))
        return plan


def approve_plan(actor: User | None, plan: SafetyPlan, *, on_date: dt.date | None = None,
                 decision_number: str, approved_by: str) -> SafetyPlan:
    when = day(on_date)
    required(decision_number, "decision_number")
    required(approved_by, "approved_by")
    with transaction.atomic():
        plan = _step(actor, plan, (P.SUBMITTED,), _("approved"))
        check_after(when, plan.submitted_on, "on_date",
                    _("The approval is dated before the plan was submitted."))
        plan = writes.update(actor, plan, {"status": P.APPROVED, "approved_on": when,
                                           "approval_decision": decision_number.strip(),
                                           "approved_by": approved_by.strip()})
        send_notifications(actor, approvals.decided(
            plan, owner=plan.unit, level=plan.classification, approved=True))
        return plan


def return_plan(actor: User | None, plan: SafetyPlan, *, reason: str) -> SafetyPlan:
    """Sent back to its unit to be reworked."""
    required(reason, "reason")
    with transaction.atomic():
        plan = _step(actor, plan, (P.SUBMITTED,), _("returned"))
        plan = writes.update(actor, plan, {"status": P.DRAFT, "submitted_on": None,
                                           "return_reason": reason.strip()})
        send_notifications(actor, approvals.decided(
            plan, owner=plan.unit, level=plan.classification, approved=False,
            reason=reason.strip()))
        return plan


def put_plan_in_force(actor: User | None, plan: SafetyPlan, *,
                      on_date: dt.date | None = None) -> SafetyPlan:
    """In force from `on_date`; the plan it supersedes ends that day."""
    when = day(on_date)
    with transaction.atomic():
        plan = _step(actor, plan, (P.APPROVED,), _("put in force"))
        check_after(when, plan.approved_on, "on_date",
                    _("A plan is in force on or after its approval."))
        if plan.supersedes is not None:
            old = lock(plan.supersedes)
            if old.status == P.IN_FORCE:
                writes.update(actor, old, {"status": P.SUPERSEDED, "ended_on": when})
        return writes.update(actor, plan, {"status": P.IN_FORCE, "in_force_on": when})


def expire_plan(actor: User | None, plan: SafetyPlan, *,
                on_date: dt.date | None = None) -> SafetyPlan:
    when = day(on_date)
    with transaction.atomic():
        plan = _step(actor, plan, (P.IN_FORCE,), _("ended"))
        check_after(when, plan.in_force_on, "on_date",
                    _("The date is before the plan came into force."))
        return writes.update(actor, plan, {"status": P.EXPIRED, "ended_on": when})


def review_plan(actor: User | None, plan: SafetyPlan, *, on_date: dt.date | None = None,
                next_review: dt.date) -> SafetyPlan:
    when = day(on_date)
    with transaction.atomic():
        plan = _step(actor, plan, (P.APPROVED, P.IN_FORCE), _("reviewed"))
        check_after(next_review, when + dt.timedelta(days=1), "next_review",
                    _("The next review is after this one."))
        return writes.update(actor, plan, {"review_due": next_review})


def record_drill(actor: User | None, *, plan: SafetyPlan, held_on: dt.date, scenario: str,
                 participants: int, result: str, external_forces: str = "",
                 findings: str = "") -> Drill:
    if plan.status not in DRILLED:
        raise ValidationError({"plan": _("Only an approved plan is drilled.")})
    check_after(held_on, plan.approved_on, "held_on",
                _("The drill is dated before the plan was approved."))
    day(held_on)
    check_acts_for(actor, plan.unit, "plan")
    return writes.create(actor, Drill(plan=plan, held_on=held_on, scenario=scenario,
                                      participants=participants, result=result,
                                      external_forces=external_forces, findings=findings))


def update_drill(actor: User | None, drill: Drill, **data: Any) -> Drill:
    changed = {k: v for k, v in data.items() if v != getattr(drill, k, None)}
    if "plan" in changed:
        raise ValidationError({"plan": _("Record the drill under the other plan instead.")})
    if "held_on" in changed:
        day(changed["held_on"])
        check_after(changed["held_on"], drill.plan.approved_on, "held_on",
                    _("The drill is dated before the plan was approved."))
    return writes.update(actor, drill, changed)


def delete_drill(actor: User | None, drill: Drill) -> None:
    writes.delete(actor, drill)
