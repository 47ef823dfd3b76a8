"""Writes of science and technology: projects and their lifecycle, initiatives. Every rule is
enforced here, checked before anything is written, and audited through `cnqp.core.records.writes`.

A step of the lifecycle moves the project from one stage to another and appends a
`ProjectEvent` with its date and decision number, in one transaction under a row lock. Dates
never go backwards along a project's history and are never in the future.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core import audit
from cnqp.core.choices import OrgUnitKind
from cnqp.core.models import OrgUnit, User
from cnqp.core.records import writes
from cnqp.core.units import not_a_producer
from cnqp.documents.models import ProductType
from cnqp.research.choices import EXECUTING, Grade, ProjectStatus, Step
from cnqp.research.models import BUDGET_FIELDS, Initiative, ProjectEvent, ResearchProject

S = ProjectStatus


@dataclass(frozen=True)
class StepRule:
    sources: tuple[str, ...]
    target: str
    verb: Any  # lazy text: "opened", used in "it cannot be opened"
    needs_decision: bool = True
    needs_note: bool = False


# The lifecycle, in one table: from which stages each step may start and where it leads.
# Evaluation leads to ACCEPTED or, with the grade "fail", back to IN_PROGRESS (rework).
RULES: dict[str, StepRule] = {
    Step.OPEN: StepRule((S.PROPOSED,), S.OPENED, gettext_lazy("opened")),
    Step.START: StepRule((S.OPENED,), S.IN_PROGRESS, gettext_lazy("started"),
                         needs_decision=False),
    Step.EXTEND: StepRule((S.OPENED, S.IN_PROGRESS, S.SUSPENDED), "",
                          gettext_lazy("extended")),
    Step.SUSPEND: StepRule(EXECUTING, S.SUSPENDED, gettext_lazy("suspended"), needs_note=True),
    Step.RESUME: StepRule((S.SUSPENDED,), S.IN_PROGRESS, gettext_lazy("resumed")),
    Step.CANCEL: StepRule((S.PROPOSED, S.OPENED, S.IN_PROGRESS, S.SUSPENDED), S.CANCELLED,
                          gettext_lazy("cancelled"), needs_note=True),
    Step.COMPLETE: StepRule((S.IN_PROGRESS,), S.COMPLETED, gettext_lazy("completed"),
                            needs_decision=False),
    Step.ACCEPT: StepRule((S.COMPLETED,), S.ACCEPTED, gettext_lazy("evaluated for acceptance")),
    Step.FAIL_ACCEPTANCE: StepRule((S.COMPLETED,), S.IN_PROGRESS,
                                   gettext_lazy("evaluated for acceptance")),
    Step.ELIGIBLE_O: StepRule((S.ACCEPTED,), S.ELIGIBLE_O,
                              gettext_lazy("declared eligible for O-series production")),
    Step.O_SERIES: StepRule((S.ELIGIBLE_O,), S.O_SERIES,
                            gettext_lazy("recorded as O-series produced")),
    Step.APPLY: StepRule((S.ACCEPTED, S.ELIGIBLE_O, S.O_SERIES), S.APPLIED,
                         gettext_lazy("applied to production")),
}


def allowed_steps(project: ResearchProject) -> list[str]:
    """The steps the project's stage admits (evaluation appears once, as "accept")."""
    return [step for step, rule in RULES.items()
            if project.status in rule.sources and step != Step.FAIL_ACCEPTANCE]


# --- projects ----------------------------------------------------------------------------------

EDITABLE_ALWAYS = frozenset({"title", "project_type", "principal_investigator", "members",
                             "product_type", "classification", "summary", *BUDGET_FIELDS})
EDITABLE_WHILE_PROPOSED = frozenset({"code", "level", "host_unit", "planned_start",
                                     "planned_end"})


def _check_host(unit: OrgUnit) -> None:
    if unit.kind == OrgUnitKind.USER_UNIT:
        raise ValidationError({"host_unit": _("A user unit does not host research projects; "
                                              "choose an enterprise, institute or department.")})


def _check_date(field: str, on_date: dt.date) -> None:
    if on_date > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def create_project(actor: User | None, *, code: str, title: str, level: str, host_unit: OrgUnit,
                   principal_investigator: str, planned_start: dt.date, planned_end: dt.date,
                   project_type: str = "topic", members: str = "",
                   product_type: ProductType | None = None, classification: int = 0,
                   summary: str = "", proposed_on: dt.date | None = None,
                   **budgets: int) -> ResearchProject:
    """A proposal (đề xuất): the first stage, with its proposal recorded as the first step.
    Without `proposed_on`, the proposal is dated today but never silently so: it is marked
    undated, and the step that follows it (an opening or a cancellation entered afterwards,
    on its own earlier date) dates it (`_date_undated_proposal`)."""
    unknown = set(budgets) - set(BUDGET_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _check_host(host_unit)
    date_given = proposed_on is not None
    proposed_on = proposed_on or timezone.localdate()
    _check_date("proposed_on", proposed_on)
    project = ResearchProject(
        code=code.strip().upper(), title=title, level=level, project_type=project_type,
        host_unit=host_unit, principal_investigator=principal_investigator, members=members,
        product_type=product_type, planned_start=planned_start, planned_end=planned_end,
        current_end=planned_end, classification=classification, summary=summary, **budgets)
    if planned_end < planned_start:
        raise ValidationError({"planned_end": _("The planned end is before the planned "
                                                "start.")})
    with transaction.atomic():
        writes.create(actor, project)
        _append(actor, project, Step.PROPOSE, proposed_on, from_status="",
                to_status=S.PROPOSED, date_given=date_given)
    return project


def update_project(actor: User | None, project: ResearchProject,
                   **data: Any) -> ResearchProject:
    """Descriptive fields; the stage and the end date in force change only through steps."""
    editable = EDITABLE_ALWAYS | (EDITABLE_WHILE_PROPOSED if project.status == S.PROPOSED
                                  else frozenset())
    changed = {k: v for k, v in data.items() if getattr(project, k, None) != v}
    refused = sorted(set(changed) - editable)
    if refused:
        raise ValidationError(_("These fields cannot be changed at this stage: %(fields)s. "
                                "The stage and end date change only through the lifecycle "
                                "steps; code, level, host unit and planned dates are fixed "
                                "once the project is opened.") % {"fields": ", ".join(refused)})
    if "host_unit" in changed:
        _check_host(changed["host_unit"])
    if "planned_end" in changed:
        changed["current_end"] = changed["planned_end"]
    if "code" in changed:
        changed["code"] = changed["code"].strip().upper()
    return writes.update(actor, project, changed)


def delete_project(actor: User | None, project: ResearchProject) -> None:
    """Only a proposal may be deleted; an opened project keeps its history."""
    if project.status != S.PROPOSED:
        raise ValidationError(_("Only a proposed project can be deleted; cancel it instead."))
    with transaction.atomic():
        project.events.all().delete()
        writes.delete(actor, project)


# --- the lifecycle -----------------------------------------------------------------------------


def _lock(project: ResearchProject) -> ResearchProject:
    """Re-read under a row lock, so two users cannot move the project at once."""
    return ResearchProject.objects.select_for_update().get(pk=project.pk)


def _append(actor: User | None, project: ResearchProject, step: str, on_date: dt.date,
            **fields: Any) -> ProjectEvent:
    event = ProjectEvent(project=project, step=step, on_date=on_date, recorded_by=actor,
                         **fields)
    return writes.create(actor, event)


def _check_step(project: ResearchProject, step: str, on_date: dt.date, decision_number: str,
                note: str) -> StepRule:
    rule = RULES[step]
    if project.status not in rule.sources:
        raise ValidationError({"status": _(
            "Project %(code)s is %(status)s: it cannot be %(action)s. Allowed from: "
            "%(allowed)s.") % {
            "code": project.code,
            "status": project.get_status_display().lower(),
            "action": str(rule.verb),
            "allowed": ", ".join(str(ProjectStatus(s).label).lower() for s in rule.sources),
        }})
    errors: dict[str, str] = {}
    if on_date > timezone.localdate():
        errors["on_date"] = _("The date cannot be in the future.")
    last = project.events.order_by("-on_date", "-id").values_list("on_date", flat=True).first()
    if last is not None and on_date < last:
        errors["on_date"] = _("The date is before the project's previous step (%(date)s).") % {
            "date": last.strftime("%d/%m/%Y")}
    if rule.needs_decision and not decision_number.strip():
        errors["decision_number"] = _("This step needs the number of its decision.")
    if rule.needs_note and not note.strip():
        errors["note"] = _("Say why.")
    if errors:
        raise ValidationError(errors)
    return rule


def _date_undated_proposal(actor: User | None, project: ResearchProject,
                           on_date: dt.date) -> None:
    """A proposal entered without its date was dated the day it was entered; the first step
    that follows it, dated earlier, shows it was made no later than that step: it takes that
    date (audited), and the step is not refused as "before the previous step". A proposal
    whose date was given is never moved."""
    proposal = project.events.filter(step=Step.PROPOSE, date_given=False,
                                     on_date__gt=on_date).first()
    if proposal is not None and not project.events.exclude(pk=proposal.pk).exists():
        writes.update(actor, proposal, {"on_date": on_date})


def _take_step(actor: User | None, project: ResearchProject, step: str, *, on_date: dt.date,
               decision_number: str = "", note: str = "",
               check: Callable[[ResearchProject], None] | None = None,
               project_fields: dict[str, Any] | None = None,
               event_from: Callable[[ResearchProject], dict[str, Any]] | None = None,
               **event_fields: Any) -> ResearchProject:
    """Check the step against the locked project, then move it and append the event.
    `event_from` reads event fields from the locked project, before it moves (not from the
    caller's copy, which may be stale)."""
    with transaction.atomic():
        project = _lock(project)
        if project.status == S.PROPOSED and on_date <= timezone.localdate():
            _date_undated_proposal(actor, project, on_date)  # undone if the step is refused
        rule = _check_step(project, step, on_date, decision_number, note)
        if check is not None:
            check(project)
        if event_from is not None:
            event_fields = {**event_fields, **event_from(project)}
        before = audit.snapshot(project)
        source = project.status
        project.status = rule.target or source  # extending keeps the stage
        for name, value in (project_fields or {}).items():
            setattr(project, name, value)
        project.save()
        audit.record_change(actor, project, before)
        _append(actor, project, step, on_date, decision_number=decision_number.strip(),
                note=note.strip(), from_status=source, to_status=project.status,
                **event_fields)
        return project


def open_project(actor: User | None, project: ResearchProject, *, on_date: dt.date,
                 decision_number: str) -> ResearchProject:
    """Mở mới: the opening decision puts the project in execution."""
    return _take_step(actor, project, Step.OPEN, on_date=on_date,
                      decision_number=decision_number)


def start_project(actor: User | None, project: ResearchProject, *, on_date: dt.date,
                  note: str = "") -> ResearchProject:
    return _take_step(actor, project, Step.START, on_date=on_date, note=note)


def extend_project(actor: User | None, project: ResearchProject, *, on_date: dt.date,
                   new_end: dt.date, decision_number: str, note: str = "") -> ResearchProject:
    """Gia hạn: a new end date in force, later than the current one."""

    def later(locked: ResearchProject) -> None:
        if new_end <= locked.current_end:
            raise ValidationError({"new_end": _(
                "The new end date must be after the end date in force (%(date)s).") % {
                "date": locked.current_end.strftime("%d/%m/%Y")}})

    return _take_step(actor, project, Step.EXTEND, on_date=on_date,
                      decision_number=decision_number, note=note, check=later,
                      project_fields={"current_end": new_end}, new_end=new_end)


def suspend_project(actor: User | None, project: ResearchProject, *, on_date: dt.date,
                    decision_number: str, note: str) -> ResearchProject:
    return _take_step(actor, project, Step.SUSPEND, on_date=on_date,
                      decision_number=decision_number, note=note)


def resume_project(actor: User | None, project: ResearchProject, *, on_date: dt.date,
                   decision_number: str, note: str = "") -> ResearchProject:
    return _take_step(actor, project, Step.RESUME, on_date=on_date,
                      decision_number=decision_number, note=note)


def cancel_project(actor: User | None, project: ResearchProject, *, on_date: dt.date,
                   decision_number: str, note: str) -> ResearchProject:
    return _take_step(actor, project, Step.CANCEL, on_date=on_date,
                      decision_number=decision_number, note=note)


def complete_project(actor: User | None, project: ResearchProject, *, on_date: dt.date,
                     note: str = "") -> ResearchProject:
    """Hoàn thành: the work is done; the project waits for its acceptance."""
    return _take_step(actor, project, Step.COMPLETE, on_date=on_date, note=note)


def evaluate_project(actor: User | None, project: ResearchProject, *, on_date: dt.date,
                     council: str, grade: str, decision_number: str,
                     note: str = "") -> ResearchProject:
    """Đánh giá, nghiệm thu by a council: accepted with a grade, or failed and back to rework
    (in progress again, to be completed and evaluated anew)."""
    failed = grade == Grade.FAIL

    def complete_verdict(locked: ResearchProject) -> None:
        # After the stage check: evaluating a proposal answers with its stage first.
        if not council.strip():
            raise ValidationError({"council": _("Name the acceptance council.")})
        if grade not in Grade.values:
            raise ValidationError({"grade": _("Choose a grade.")})
        if failed and not note.strip():
            raise ValidationError({"note": _("Say what the council found wanting.")})

    step = Step.FAIL_ACCEPTANCE if failed else Step.ACCEPT
    return _take_step(actor, project, step, on_date=on_date, decision_number=decision_number,
                      note=note, check=complete_verdict, council=council.strip(), grade=grade)


def _needs_product_type(project: ResearchProject, product_type: ProductType | None) -> None:
    if product_type is None and project.product_type_id is None:
        raise ValidationError({"product_type": _(
            "Project %(code)s has no product type: name the product.") % {"code": project.code}})


def _keeps_product_type(project: ResearchProject, product_type: ProductType | None) -> None:
    """Declaring eligibility names the product only when the project has none yet."""
    _needs_product_type(project, product_type)
    if (product_type is not None and project.product_type_id is not None
            and product_type.pk != project.product_type_id):
        raise ValidationError({"product_type": _(
            "Project %(code)s already concerns %(product)s; change it on the project first.")
            % {"code": project.code, "product": project.product_type}})


def declare_eligible_for_o_series(actor: User | None, project: ResearchProject, *,
                                  on_date: dt.date, decision_number: str,
                                  product_type: ProductType | None = None,
                                  note: str = "") -> ResearchProject:
    """Đủ điều kiện sản xuất loạt "O": only for a product; sets the project's product type
    when it had none."""
    fields = {"product_type": product_type} if product_type is not None else {}
    return _take_step(actor, project, Step.ELIGIBLE_O, on_date=on_date,
                      decision_number=decision_number, note=note,
                      check=lambda p: _keeps_product_type(p, product_type),
                      project_fields=fields,
                      event_from=lambda p: {"product_type": product_type or p.product_type})


def _check_producer(unit: OrgUnit | None) -> None:
    if unit is None:
        raise ValidationError({"producing_unit": _("Name the producing unit.")})
    problem = not_a_producer(unit)
    if problem:
        raise ValidationError({"producing_unit": problem})


def record_o_series(actor: User | None, project: ResearchProject, *, on_date: dt.date,
                    decision_number: str, producing_unit: OrgUnit,
                    note: str = "") -> ResearchProject:
    """Sản xuất loạt "O": the pilot series was made, by `producing_unit`."""
    _check_producer(producing_unit)
    return _take_step(actor, project, Step.O_SERIES, on_date=on_date,
                      decision_number=decision_number, note=note,
                      producing_unit=producing_unit,
                      event_from=lambda p: {"product_type": p.product_type})


def apply_to_production(actor: User | None, project: ResearchProject, *, on_date: dt.date,
                        decision_number: str, producing_unit: OrgUnit,
                        product_type: ProductType | None = None,
                        note: str = "") -> ResearchProject:
    """Áp dụng vào sản xuất: the result is used in production of `product_type` (the
    project's own by default) at `producing_unit`."""
    _check_producer(producing_unit)
    return _take_step(actor, project, Step.APPLY, on_date=on_date,
                      decision_number=decision_number, note=note,
                      check=lambda p: _needs_product_type(p, product_type),
                      producing_unit=producing_unit,
                      event_from=lambda p: {"product_type": product_type or p.product_type})


# --- initiatives -------------------------------------------------------------------------------


def _check_year(year: int) -> None:
    if year > timezone.localdate().year:
        raise ValidationError({"year": _("The year cannot be in the future.")})


def create_initiative(actor: User | None, *, title: str, authors: str, unit: OrgUnit, year: int,
                      benefit: int = 0, recognition_level: str = "unit",
                      decision_number: str = "", classification: int = 0) -> Initiative:
    _check_year(year)
    initiative = Initiative(title=title, authors=authors, unit=unit, year=year, benefit=benefit,
                            recognition_level=recognition_level,
                            decision_number=decision_number, classification=classification)
    return writes.create(actor, initiative)


def update_initiative(actor: User | None, initiative: Initiative, **data: Any) -> Initiative:
    if "year" in data:
        _check_year(data["year"])
    return writes.update(actor, initiative, data)


def delete_initiative(actor: User | None, initiative: Initiative) -> None:
    writes.delete(actor, initiative)
