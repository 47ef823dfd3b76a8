"""The registered resources of investment projects: the project (its list with the flags
judged today, its page with the decisions, milestones and quarters), its decisions (created
by the project's approve and adjust steps, the latest corrected or withdrawn), their funding
(read only), its milestones and its quarters of disbursement. Who acts for the investor writes
them; the units above read them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cnqp.core.models import User
from cnqp.core.records.registry import register
from cnqp.core.records.resource import Action, Column, Resource
from cnqp.core.units import units_in_reach
from cnqp.performance import project_selectors as selectors
from cnqp.performance.filters import projects as flt
from cnqp.performance.forms import projects as f
from cnqp.performance.models import (
    Disbursement,
    Milestone,
    Project,
    ProjectFunding,
    ProjectVersion,
)
from cnqp.performance.services import projects as services


def _projects() -> QuerySet[Project]:
    return selectors.with_figures(Project.objects.all())


def _investor(path: str) -> Any:
    """Whether the user acts for the investor at `path` ("." between attributes)."""

    def acts(user: User, obj: Any) -> bool:
        unit = obj
        for name in path.split("."):
            unit = getattr(unit, name)
        return units_in_reach(user).filter(pk=unit.pk).exists()

    return acts


BEHIND = _("Behind schedule")
SLOW = _("Slow disbursement")

projects = register(Resource(
    model=Project, slug="projects",
    columns=[Column("code", link=True), Column("name", link=True),
             Column("owner_unit.code", sort="owner_unit__code"),
             Column("programme.code", sort="programme__code"), Column("key_project"),
             Column("group"), Column("status"), Column("planned_end"),
             Column("total_investment"), Column("is_behind", label=BEHIND, sort="is_behind"),
             Column("is_slow", label=SLOW, sort="is_slow"), Column("classification")],
    detail_fields=["code", "name", "owner_unit", "programme", "key_project", "group",
                   "location", "status", "planned_start", "planned_end", "total_investment",
                   "description", "classification"],
    export_fields=["code", "name", "owner_unit.code", "programme.code", "key_project",
                   "group", "location", "status", "planned_start", "planned_end",
                   "total_investment", Column("disbursed_total", label=_("Disbursed to date")),
                   Column("executed_total", label=_("Value executed to date")),
                   Column("latest_progress", label=_("Physical progress")),
                   "is_behind", "is_slow", "classification"],
    api_fields=["id", "code", "name", "owner_unit_id", "programme_id", "key_project", "group",
                "location", "description", "status", "planned_start", "planned_end",
                "total_investment", "disbursed_total", "executed_total", "planned_year",
                "disbursed_year", "latest_progress", "is_behind", "is_slow",
                "classification"],
    filterset=flt.ProjectFilter, form=f.ProjectForm, update_form=f.ProjectChangeForm,
    create=services.create_project, update=services.update_project,
    delete=services.delete_project, base_queryset=_projects,
    detail_template="performance/project_detail.html",
    writable_by=_investor("owner_unit"),
    actions=(
        Action("approve", "performance.add_projectversion", services.approve_project,
               form=f.DecisionForm, done_message=_("Project approval recorded."),
               label=_("Record the approving decision"),
               offered=lambda obj: not obj.versions.exists()),
        Action("adjust", "performance.add_projectversion", services.adjust_project,
               form=f.AdjustForm, done_message=_("Adjustment recorded."),
               label=_("Record an adjustment"), offered=lambda obj: obj.versions.exists()),
    ),
))

versions = register(Resource(
    model=ProjectVersion, slug="project-versions",
    columns=[Column("project.code", sort="project__code"), Column("number"),
             Column("decision_number", link=True), Column("decision_date"),
             Column("authority"), Column("planned_start"), Column("planned_end")],
    detail_fields=["project", "number", "decision_number", "decision_date", "authority",
                   "reason", "planned_start", "planned_end"],
    export_fields=["project.code", "number", "decision_number", "decision_date", "authority",
                   "reason", "planned_start", "planned_end"],
    api_fields=["id", "project_id", "number", "decision_number", "decision_date",
                "authority", "reason", "planned_start", "planned_end"],
    filterset=flt.VersionFilter, form=f.VersionChangeForm, update=services.update_version,
    delete=services.delete_version, default_sort="-number", searchable=False,
    writable_by=_investor("project.owner_unit"),
))

funding = register(Resource(
    model=ProjectFunding, slug="project-funding",
    columns=[Column("version.project.code", sort="version__project__code"),
             Column("version.decision_number", sort="version__decision_number"),
             Column("source", link=True), Column("amount")],
    api_fields=["id", "version_id", "source", "amount"],
    filterset=flt.FundingFilter, default_sort="version", searchable=False,
))

milestones = register(Resource(
    model=Milestone, slug="milestones",
    columns=[Column("project.code", sort="project__code"), Column("kind", link=True),
             Column("planned_on"), Column("actual_on")],
    detail_fields=["project", "kind", "planned_on", "actual_on", "note"],
    export_fields=["project.code", "kind", "planned_on", "actual_on", "note"],
    api_fields=["id", "project_id", "kind", "planned_on", "actual_on", "note"],
    filterset=flt.MilestoneFilter, form=f.MilestoneForm, update_form=f.MilestoneChangeForm,
    create=services.plan_milestone, update=services.update_milestone,
    delete=services.delete_milestone, default_sort="planned_on", searchable=False,
    writable_by=_investor("project.owner_unit"),
    actions=(
        Action("reach", "performance.change_milestone", services.reach_milestone,
               form=f.ReachForm, done_message=_("Milestone reached."),
               label=_("Record it reached"), offered=lambda obj: True),
    ),
))

disbursements = register(Resource(
    model=Disbursement, slug="disbursements",
    columns=[Column("project.code", sort="project__code"), Column("year", link=True),
             Column("quarter", link=True), Column("planned"), Column("disbursed"),
             Column("executed"), Column("progress")],
    detail_fields=["project", "year", "quarter", "planned", "disbursed", "executed",
                   "progress", "obstacles"],
    export_fields=["project.code", "year", "quarter", "planned", "disbursed", "executed",
                   "progress", "obstacles"],
    api_fields=["id", "project_id", "year", "quarter", "planned", "disbursed", "executed",
                "progress", "obstacles"],
    filterset=flt.DisbursementFilter, form=f.DisbursementForm,
    update_form=f.DisbursementChangeForm, create=services.record_disbursement,
    update=services.update_disbursement, delete=services.delete_disbursement,
    default_sort="-year", searchable=False,
    writable_by=_investor("project.owner_unit"),
))
