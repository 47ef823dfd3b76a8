"""Writing investment projects: the project, its approved versions (the approval, then each
adjustment with its decision and funding by source), its milestones and its quarters of
disbursement.

The project's schedule and total investment are never edited: they are those of its latest
version, set in the transaction that records the version. A version is recorded once, with its
funding, in one audit entry; once a later one exists it is never edited or deleted (the latest
may be corrected or withdrawn, and the project then takes the previous one's figures again).
Milestones are reached in their order (a milestone is not reached before an earlier kind that
was), and a quarter's physical progress never falls below an earlier quarter's. Every write
checks that the writer acts for the owner unit (chủ đầu tư)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core.models import OrgUnit, User
from cnqp.core.records import writes
from cnqp.core.records.guards import check_acts_for, check_not_future, lock
from cnqp.core.text import format_date
from cnqp.performance.choices import (
    MILESTONE_ORDER,
    FundingSource,
    MilestoneKind,
    ProjectStatus,
)
from cnqp.performance.models import (
    Disbursement,
    Milestone,
    Programme,
    Project,
    ProjectFunding,
    ProjectVersion,
)

AMOUNT_LIMIT = Decimal(10) ** 15
CENT = Decimal("0.001")
PROJECT_FIELDS = frozenset({"name", "programme", "key_project", "group", "location",
                            "description", "status", "classification"})


def _acts_for(actor: User | None, project: Project) -> None:
    check_acts_for(actor, project.owner_unit, "project")


# --- the project ---------------------------------------------------------------------------


def create_project(actor: User | None, *, code: str, name: str, owner_unit: OrgUnit,
                   group: str, programme: Programme | None = None, key_project: bool = False,
                   location: str = "", description: str = "",
                   classification: int = 0) -> Project:
    """A project in preparation; its schedule and total come with its approval."""
    check_acts_for(actor, owner_unit, "owner_unit")
    return writes.create(actor, Project(
        code=code.strip(), name=name, owner_unit=owner_unit, group=group,
        programme=programme, key_project=key_project, location=location,
        description=description, classification=classification,
        status=ProjectStatus.PREPARING))


def update_project(actor: User | None, project: Project, **data: Any) -> Project:
    """Its name, programme, key flag, group, location, description, status and level. Not its
    code or owner, nor its schedule or total (those of its latest version)."""
    _acts_for(actor, project)
    others = sorted(set(data) - PROJECT_FIELDS)
    if others:
        raise ValidationError(_("These fields change only through their own action: "
                                "%(fields)s.") % {"fields": ", ".join(others)})
    with transaction.atomic():
        # re-read: an instance read before a decision would save back its old schedule
        project = lock(project)
        if (data.get("status") not in (None, ProjectStatus.PREPARING, ProjectStatus.SUSPENDED)
                and not project.versions.exists()):
            raise ValidationError({"status": _("A project is carried out only once "
                                               "approved.")})
        return writes.update(actor, project, data)


def delete_project(actor: User | None, project: Project) -> None:
    """Only a project with nothing recorded (no decision, milestone or disbursement) goes."""
    _acts_for(actor, project)
    if (project.versions.exists() or project.milestones.exists()
            or project.disbursements.exists()):
        raise ValidationError(_("Decisions, milestones or disbursements are recorded for this "
                                "project: it is kept."))
    writes.delete(actor, project)


# --- versions: the approval and its adjustments ------------------------------------------


def _amount(field: str, raw: Any) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValidationError({field: _("Enter a number.")}) from None
    if not value.is_finite() or abs(value) >= AMOUNT_LIMIT:
        raise ValidationError({field: _("Enter a number.")})
    if value < 0:
        raise ValidationError({field: _("An amount cannot be negative.")})
    return value.quantize(CENT)


def _funding(funding: Mapping[str, Any]) -> dict[str, Decimal]:
    """The amounts by source, each known and not negative, at least one above zero; the
    zeros dropped."""
    unknown = sorted(set(funding) - set(FundingSource.values))
    if unknown:
        raise ValidationError({"funding": _("Unknown funding source: %(source)s.") % {
            "source": unknown[0]}})
    amounts = {source: _amount(source, raw) for source, raw in funding.items()
               if raw is not None and raw != ""}
    kept = {source: amount for source, amount in amounts.items() if amount > 0}
    if not kept:
        raise ValidationError({"funding": _("Give the investment of at least one funding "
                                            "source.")})
    return {source: kept[source] for source in FundingSource.values if source in kept}


def _check_decision(decision_date: dt.date, planned_start: dt.date,
                    planned_end: dt.date) -> None:
    check_not_future(decision_date, "decision_date")
    if planned_end <= planned_start:
        raise ValidationError({"planned_end": _("The project ends after it starts.")})


def _record_version(actor: User | None, project: Project, version: ProjectVersion,
                    amounts: dict[str, Decimal]) -> ProjectVersion:
    """The version and its funding, audited as one entry, and the project's schedule and
    total set from it."""

    def save_funding(saved: ProjectVersion) -> dict[str, Any]:
        ProjectFunding.objects.bulk_create([
            ProjectFunding(version=saved, source=source, amount=amount)
            for source, amount in amounts.items()])
        return {"funding": {source: str(amount) for source, amount in amounts.items()},
                "total": str(sum(amounts.values(), Decimal(0)))}

    version = writes.create(actor, version, related=save_funding)
    data: dict[str, Any] = {"planned_start": version.planned_start,
                            "planned_end": version.planned_end,
                            "total_investment": sum(amounts.values(), Decimal(0))}
    if version.number == 0 and project.status == ProjectStatus.PREPARING:
        data["status"] = ProjectStatus.IMPLEMENTING
    writes.update(actor, project, data)
    return version


def approve_project(actor: User | None, project: Project, *, decision_number: str,
                    decision_date: dt.date, authority: str, planned_start: dt.date,
                    planned_end: dt.date, funding: Mapping[str, Any]) -> ProjectVersion:
    """The approving decision (version 0): the project's schedule and total investment are
    now its own, and a project in preparation is being implemented."""
    _acts_for(actor, project)
    _check_decision(decision_date, planned_start, planned_end)
    amounts = _funding(funding)
    with transaction.atomic():
        project = lock(project)
        if ProjectVersion.objects.filter(project=project).exists():
            raise ValidationError({"decision_number": _(
                "The project is approved already: record an adjustment.")})
        return _record_version(actor, project, ProjectVersion(
            project=project, number=0, decision_number=decision_number,
            decision_date=decision_date, authority=authority, planned_start=planned_start,
            planned_end=planned_end), amounts)


def adjust_project(actor: User | None, project: Project, *, decision_number: str,
                   decision_date: dt.date, authority: str, reason: str,
                   planned_start: dt.date, planned_end: dt.date,
                   funding: Mapping[str, Any]) -> ProjectVersion:
    """An adjustment (điều chỉnh): the next version, with its decision and reason, dated not
    before the previous decision. The project takes its schedule and total."""
    _acts_for(actor, project)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the project is adjusted.")})
    _check_decision(decision_date, planned_start, planned_end)
    amounts = _funding(funding)
    with transaction.atomic():
        project = lock(project)
        latest = ProjectVersion.objects.filter(project=project).order_by("-number").first()
        if latest is None:
            raise ValidationError({"decision_number": _(
                "The project is not approved yet: record its approval first.")})
        if decision_date < latest.decision_date:
            raise ValidationError({"decision_date": _(
                "An adjustment is decided after the decision it adjusts (%(date)s).") % {
                "date": format_date(latest.decision_date)}})
        return _record_version(actor, project, ProjectVersion(
            project=project, number=latest.number + 1, decision_number=decision_number,
            decision_date=decision_date, authority=authority, reason=reason,
            planned_start=planned_start, planned_end=planned_end), amounts)


def _check_latest(version: ProjectVersion) -> None:
    if ProjectVersion.objects.filter(project_id=version.project_id,
                                     number__gt=version.number).exists():
        raise ValidationError(_("A later decision exists: this one is kept as it was."))


def update_version(actor: User | None, version: ProjectVersion, *, decision_number: str,
                   authority: str, reason: str = "") -> ProjectVersion:
    """A slip in the latest decision's number, authority or reason corrected. Its dates and
    funding are not edited: withdraw it and record it again."""
    _acts_for(actor, version.project)
    with transaction.atomic():
        lock(version.project)
        _check_latest(version)
        if version.number > 0 and not reason.strip():
            raise ValidationError({"reason": _("Say why the project is adjusted.")})
        return writes.update(actor, version, {"decision_number": decision_number,
                                              "authority": authority, "reason": reason})


def delete_version(actor: User | None, version: ProjectVersion) -> None:
    """The latest decision withdrawn (entered by mistake): the project takes the previous
    one's schedule and total again, or none when it was the approval."""
    project = version.project
    _acts_for(actor, project)
    with transaction.atomic():
        project = lock(project)
        _check_latest(version)
        ProjectFunding.objects.filter(version=version).delete()
        writes.delete(actor, version)
        previous = (ProjectVersion.objects.filter(project=project).order_by("-number")
                    .prefetch_related("funding").first())
        if previous is None:
            data: dict[str, Any] = {"planned_start": None, "planned_end": None,
                                    "total_investment": Decimal(0)}
        else:
            data = {"planned_start": previous.planned_start,
                    "planned_end": previous.planned_end,
                    "total_investment": sum((f.amount for f in previous.funding.all()),
                                            Decimal(0))}
        writes.update(actor, project, data)


# --- milestones ----------------------------------------------------------------------------


def plan_milestone(actor: User | None, project: Project, *, kind: str,
                   planned_on: dt.date, note: str = "") -> Milestone:
    """The planned date of a milestone of the project (and its note): created, or changed
    when the project has that milestone already."""
    _acts_for(actor, project)
    if kind not in MilestoneKind.values:
        raise ValidationError({"kind": _("Unknown milestone.")})
    with transaction.atomic():
        lock(project)
        found = Milestone.objects.filter(project=project, kind=kind).first()
        if found is None:
            return writes.create(actor, Milestone(project=project, kind=kind,
                                                  planned_on=planned_on, note=note))
        return writes.update(actor, found, {"planned_on": planned_on, "note": note})


def update_milestone(actor: User | None, milestone: Milestone, *, planned_on: dt.date,
                     note: str = "") -> Milestone:
    """The edit of a milestone: its planned date and note (its kind stays)."""
    return plan_milestone(actor, milestone.project, kind=milestone.kind,
                          planned_on=planned_on, note=note)


def _check_order(milestone: Milestone, on_date: dt.date) -> None:
    """Not reached before a milestone of an earlier kind that was, nor after a later one."""
    order = MILESTONE_ORDER[MilestoneKind(milestone.kind)]
    reached = (Milestone.objects.filter(project_id=milestone.project_id,
                                        actual_on__isnull=False)
               .exclude(pk=milestone.pk).values_list("kind", "actual_on"))
    for kind, actual_on in reached:
        assert actual_on is not None
        later = MILESTONE_ORDER[MilestoneKind(kind)] > order
        if (not later and actual_on > on_date) or (later and actual_on < on_date):
            raise ValidationError({"on_date": _(
                "%(milestone)s was reached on %(date)s: the milestones are reached in their "
                "order.") % {"milestone": MilestoneKind(kind).label,
                             "date": format_date(actual_on)}})


def reach_milestone(actor: User | None, milestone: Milestone, *,
                    on_date: dt.date) -> Milestone:
    """Reached on `on_date` (not in the future; corrected by reaching it again)."""
    _acts_for(actor, milestone.project)
    check_not_future(on_date, "on_date")
    with transaction.atomic():
        lock(milestone.project)
        milestone = lock(milestone)
        _check_order(milestone, on_date)
        return writes.update(actor, milestone, {"actual_on": on_date})


def delete_milestone(actor: User | None, milestone: Milestone) -> None:
    """A milestone planned by mistake; one reached is kept."""
    _acts_for(actor, milestone.project)
    if milestone.actual_on is not None:
        raise ValidationError(_("A milestone reached is kept."))
    writes.delete(actor, milestone)


# --- disbursement ------------------------------------------------------------------------


def _check_progress(project: Project, year: int, quarter: int, progress: int) -> None:
    """Progress is physical: it does not fall against an earlier quarter, nor rise above a
    later one already reported."""
    earlier = (Disbursement.objects.filter(project=project, year__lt=year)
               | Disbursement.objects.filter(project=project, year=year, quarter__lt=quarter))
    later = (Disbursement.objects.filter(project=project, year__gt=year)
             | Disbursement.objects.filter(project=project, year=year, quarter__gt=quarter))
    floor = earlier.aggregate(v=Max("progress"))["v"]
    ceiling = later.aggregate(v=Min("progress"))["v"]
    if floor is not None and progress < floor:
        raise ValidationError({"progress": _(
            "An earlier quarter reported %(progress)s %%: progress does not go back.") % {
            "progress": floor}})
    if ceiling is not None and progress > ceiling:
        raise ValidationError({"progress": _(
            "A later quarter reported %(progress)s %%: progress does not go back.") % {
            "progress": ceiling}})


def record_disbursement(actor: User | None, project: Project, *, year: int, quarter: int,
                        planned: Any, disbursed: Any = 0, executed: Any = 0,
                        progress: int = 0, obstacles: str = "") -> Disbursement:
    """A quarter's capital plan, disbursement, value executed, progress at its end and
    obstacles: created, or changed when the quarter is recorded already. A quarter not yet
    begun holds only its plan."""
    _acts_for(actor, project)
    if not 1 <= quarter <= 4:
        raise ValidationError({"quarter": _("A year has four quarters.")})
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})
    values = {"planned": _amount("planned", planned),
              "disbursed": _amount("disbursed", disbursed or 0),
              "executed": _amount("executed", executed or 0),
              "progress": progress, "obstacles": obstacles}
    start = dt.date(year, 3 * quarter - 2, 1) if 1990 <= year <= 2100 else None
    if (start is not None and start > timezone.localdate()
            and (values["disbursed"] or values["executed"] or progress)):
        raise ValidationError({"disbursed": _("The quarter has not begun: only its plan is "
                                              "recorded.")})
    with transaction.atomic():
        project = lock(project)
        _check_progress(project, year, quarter, progress)
        found = Disbursement.objects.filter(project=project, year=year,
                                            quarter=quarter).first()
        if found is None:
            return writes.create(actor, Disbursement(project=project, year=year,
                                                     quarter=quarter, **values))
        return writes.update(actor, found, values)


def update_disbursement(actor: User | None, disbursement: Disbursement, *, planned: Any,
                        disbursed: Any = 0, executed: Any = 0, progress: int = 0,
                        obstacles: str = "") -> Disbursement:
    """The edit of a quarter (its project, year and quarter stay)."""
    return record_disbursement(actor, disbursement.project, year=disbursement.year,
                               quarter=disbursement.quarter, planned=planned,
                               disbursed=disbursed, executed=executed, progress=progress,
                               obstacles=obstacles)


def delete_disbursement(actor: User | None, disbursement: Disbursement) -> None:
    _acts_for(actor, disbursement.project)
    writes.delete(actor, disbursement)
