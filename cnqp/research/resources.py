"""Science and technology in the registry: pages, exports, API routes and permission probes
(declarations only; the project page's context is in detail.py).
The lifecycle steps are declared once, as `Action`s, and served as forms on the project page
and as `POST /api/research/projects/{id}/<step>`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cnqp.core.records.registry import register
from cnqp.core.records.resource import Action, Column, Resource
from cnqp.research import forms, services
from cnqp.research.choices import Step
from cnqp.research.filters import InitiativeFilter, ResearchProjectFilter
from cnqp.research.models import Initiative, ProjectEvent, ResearchProject

CHANGE = "research.change_researchproject"
DECIDE = "research.decide_researchproject"


PROJECT_ACTIONS = (
    Action("open", DECIDE, services.open_project,
           form=forms.StepForm, done_message=_("Project opened.")),
    Action("start", CHANGE, services.start_project,
           form=forms.DatedStepForm, done_message=_("Project started.")),
    Action("extend", DECIDE, services.extend_project,
           form=forms.ExtendForm, done_message=_("End date extended.")),
    Action("suspend", DECIDE, services.suspend_project,
           form=forms.ReasonedStepForm, done_message=_("Project suspended.")),
    Action("resume", DECIDE, services.resume_project,
           form=forms.StepForm, done_message=_("Project resumed.")),
    Action("cancel", DECIDE, services.cancel_project,
           form=forms.ReasonedStepForm, done_message=_("Project cancelled.")),
    Action("complete", CHANGE, services.complete_project,
           form=forms.DatedStepForm, done_message=_("Project completed.")),
    Action("evaluate", DECIDE, services.evaluate_project,
           form=forms.EvaluateForm, done_message=_("Acceptance recorded.")),
    Action("eligible", DECIDE, services.declare_eligible_for_o_series,
           form=forms.EligibleForm,
           done_message=_("Declared eligible for O-series production.")),
    Action("o-series", CHANGE, services.record_o_series,
           form=forms.ProducerForm, done_message=_("O-series production recorded.")),
    Action("apply", CHANGE, services.apply_to_production,
           form=forms.ApplyForm, done_message=_("Application to production recorded.")),
)
# The action of a step, where its name differs (evaluation records an acceptance or a fail).
ACTION_OF_STEP: dict[str, str] = {Step.ACCEPT: "evaluate", Step.ELIGIBLE_O: "eligible",
                                  Step.O_SERIES: "o-series"}


projects = register(Resource(
    model=ResearchProject,
    slug="projects",
    columns=[Column("code", link=True), Column("title", link=True), Column("level"),
             Column("status"),
             Column("host_unit.name", label=_("Host unit"), sort="host_unit__name"),
             Column("principal_investigator"), Column("current_end"),
             Column("is_overdue", label=_("Overdue"), sort=None),
             Column("classification")],
    detail_fields=["code", "title", "level", "project_type", "status", "host_unit",
                   "principal_investigator", Column("members_text", label=_("Members")),
                   "product_type", "planned_start", "planned_end", "current_end",
                   "budget_state", "budget_defense", "budget_enterprise", "budget_other",
                   Column("budget_total", label=_("Total budget (million VND)")),
                   "classification", "summary"],
    export_fields=["code", "title", "level", "project_type", "status", "host_unit.code",
                   "principal_investigator", "members", "product_type.code",
                   "planned_start", "planned_end", "current_end", "budget_state",
                   "budget_defense", "budget_enterprise", "budget_other", "classification"],
    api_fields=["id", "code", "title", "level", "project_type", "status", "host_unit_id",
                "principal_investigator", "members", "product_type_id", "planned_start",
                "planned_end", "current_end", "budget_state", "budget_defense",
                "budget_enterprise", "budget_other", "classification", "summary",
                "is_overdue"],
    filterset=ResearchProjectFilter,
    form=forms.ResearchProjectForm,
    update_form=forms.ResearchProjectChangeForm,
    create=services.create_project,
    update=services.update_project,
    delete=services.delete_project,
    detail_template="research/project_detail.html",
    actions=PROJECT_ACTIONS,
))

project_events = register(Resource(
    model=ProjectEvent,
    slug="steps",
    columns=[Column("project.code", label=_("Project"), link=True, sort="project__code"),
             Column("step"), Column("on_date"), Column("decision_number"),
             Column("from_status"), Column("to_status"), Column("grade")],
    detail_fields=["project", "step", "on_date", "decision_number", "from_status",
                   "to_status", "note", "new_end", "council", "grade", "producing_unit",
                   "product_type", "recorded_by", "recorded_at"],
    api_fields=["id", "project_id", "step", "on_date", "decision_number", "from_status",
                "to_status", "note", "new_end", "council", "grade", "producing_unit_id",
                "product_type_id"],
    base_queryset=lambda: ProjectEvent.objects.select_related("project"),
    view_permission="research.view_researchproject",
    searchable=False,
    default_sort="-on_date",
))

initiatives = register(Resource(
    model=Initiative,
    slug="initiatives",
    columns=[Column("title", link=True), Column("unit.name", label=_("Unit"),
                                                sort="unit__name"),
             Column("year"), Column("benefit"), Column("recognition_level"),
             Column("classification")],
    detail_fields=["title", "authors", "unit", "year", "benefit", "recognition_level",
                   "decision_number", "classification"],
    export_fields=["title", "authors", "unit.code", "year", "benefit", "recognition_level",
                   "decision_number", "classification"],
    api_fields=["id", "title", "authors", "unit_id", "year", "benefit", "recognition_level",
                "decision_number", "classification"],
    filterset=InitiativeFilter,
    form=forms.InitiativeForm,
    create=services.create_initiative,
    update=services.update_initiative,
    delete=services.delete_initiative,
    default_sort="-year",
))
