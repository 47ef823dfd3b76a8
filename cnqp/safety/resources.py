"""Production safety in the registry: pages, exports, API routes, lifecycle steps and
permission probes of the reference data, rules, staff and training, assets and inspections,
plans and drills, review campaigns and findings, incidents (declarations only; the detail
pages' contexts are in detail.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cnqp.core.records.registry import register
from cnqp.core.records.resource import Action, Column, Resource
from cnqp.safety import forms as f
from cnqp.safety import services
from cnqp.safety.choices import (
    AssetStatus,
    FindingStatus,
    IncidentStatus,
    PlanStatus,
    RuleStatus,
)
from cnqp.safety.filters import (
    AnswerFilter,
    AssetFilter,
    BriefingFilter,
    CampaignFilter,
    CasualtyFilter,
    CertificateFilter,
    DrillFilter,
    FindingFilter,
    IncidentFilter,
    InspectionFilter,
    PlanFilter,
    RoleFilter,
    RuleFileFilter,
    RuleFilter,
    SessionFilter,
    VisitFilter,
    reference_filter,
)
from cnqp.safety.models import (
    AssetCategory,
    AssetInspection,
    Casualty,
    CauseCode,
    ChecklistCriterion,
    Course,
    Drill,
    Finding,
    Incident,
    IncidentKind,
    InjuryFactor,
    InspectionRegime,
    LegalBasis,
    ReviewCampaign,
    ReviewVisit,
    RuleBriefing,
    SafetyAsset,
    SafetyPlan,
    SafetyRole,
    SafetyRule,
    SafetyRuleFile,
    SeverityClass,
    TrainingGroup,
    TrainingRecord,
    TrainingSession,
    VisitAnswer,
)
from cnqp.safety.models.reference import Dated
from cnqp.safety.models.reviews import OPEN_FINDING

UNIT = Column("unit.code", label=_("Unit"), sort="unit__code")


def _status(*states: str) -> Any:
    return lambda obj: obj.status in states


# --- reference data (the safety department's, dated) --------------------------------------

VALIDITY = ["valid_from", "valid_to", "legal_basis"]
_RELATIONS = {"parent", "category", "group"}


def _reference(model: type[Dated], slug: str, columns: list[Column | str],
               fields: list[str]) -> Resource:
    create, update, delete = services.reference_services(model)
    return register(Resource(
        model=model, slug=slug,
        columns=[c if isinstance(c, Column) else Column(c, link=fields[0] == c)
                 for c in columns] + [Column("valid_from"), Column("valid_to")],
        detail_fields=[*fields, *VALIDITY],
        export_fields=[*fields, "valid_from", "valid_to", "legal_basis.code"],
        api_fields=["id", *[name if name not in _RELATIONS else f"{name}_id" for name in fields],
                    "valid_from", "valid_to", "legal_basis_id"],
        filterset=reference_filter(model),
        form=f.reference_form(model), create=create, update=update, delete=delete,
        default_sort=fields[0],
        actions=(Action("end", f"safety.change_{model._meta.model_name}",
                        services.end_reference, form=f.EndForm,
                        done_message=_("Validity ended."), label=_("End its validity"),
                        offered=lambda obj: obj.valid_to is None),),
    ))

legal_bases = register(Resource(
    model=LegalBasis, slug="legal-bases",
    columns=[Column("code", link=True), Column("title", link=True), Column("issued_on"),
             Column("effective_from"), Column("replaced_by.code", label=_("Replaced by"),
                                                sort="replaced_by__code")],
    detail_fields=["code", "title", "issued_on", "effective_from", "replaced_by"],
    export_fields=["code", "title", "issued_on", "effective_from", "replaced_by.code"],
    api_fields=["id", "code", "title", "issued_on", "effective_from", "replaced_by_id"],
    form=f.record_form(LegalBasis, ["code", "title", "issued_on", "effective_from",
                                    "replaced_by"]),
    create=services.create_legal_basis, update=services.update_legal_basis,
    delete=services.delete_legal_basis, default_sort="-effective_from",
))
asset_categories = _reference(
    AssetCategory, "asset-categories",
    ["code", Column("name", link=True), "strict", Column("parent.code", label=_("Parent"),
                                                          sort="parent__code")],
    ["code", "name", "parent", "strict"])
regimes = _reference(
    InspectionRegime, "regimes",
    [Column("category.code", label=_("Category"), link=True, sort="category__code"), "kind",
     "interval_months", "performer"],
    ["category", "kind", "interval_months", "performer"])
training_groups = _reference(TrainingGroup, "training-groups",
                             ["number", Column("name", link=True)], ["number", "name"])
courses = _reference(
    Course, "courses",
    ["code", Column("name", link=True), Column("group.number", label=_("Training group"),
                                               sort="group__number"), "validity_months"],
    ["code", "name", "group", "validity_months", "certificate_kind"])
incident_kinds = _reference(IncidentKind, "incident-kinds",
                            ["code", Column("name", link=True), "labour_accident", "counted"],
                            ["code", "name", "labour_accident", "counted"])
severity_classes = _reference(
    SeverityClass, "severity-classes",
    ["code", Column("name", link=True), "rank", "min_deaths", "min_serious_injuries",
     "min_damage"],
    ["code", "name", "rank", "min_deaths", "min_serious_injuries", "min_damage"])
cause_codes = _reference(CauseCode, "cause-codes", ["code", Column("name", link=True), "party"],
                         ["code", "name", "party"])
injury_factors = _reference(InjuryFactor, "injury-factors",
                            ["code", Column("name", link=True)], ["code", "name"])
criteria = _reference(ChecklistCriterion, "criteria",
                      ["code", "area", Column("text", link=True)], ["code", "area", "text"])


# --- rules and briefings -------------------------------------------------------------------

rules = register(Resource(
    model=SafetyRule, slug="rules",
    columns=[Column("number", link=True), Column("title", link=True), Column("kind"),
             Column("issuer.code", label=_("Issued by"), sort="issuer__code"),
             Column("effective_on"), Column("review_due"), Column("status"),
             Column("classification")],
    detail_fields=["number", "title", "kind", "issuer", "coverage", "issued_on",
                   "effective_on", "review_due", "status", "supersedes", "ended_on",
                   "end_reason", "classification"],
    export_fields=["number", "title", "kind", "issuer.code", "issued_on", "effective_on",
                   "review_due", "status", "supersedes.number", "ended_on", "classification"],
    api_fields=["id", "number", "title", "kind", "issuer_id", "coverage", "issued_on",
                "effective_on", "review_due", "status", "supersedes_id", "ended_on",
                "end_reason", "classification"],
    filterset=RuleFilter, form=f.RuleForm,
    create=services.create_rule, update=services.update_rule, delete=services.delete_rule,
    default_sort="-effective_on",
    actions=(
        Action("issue", "safety.change_safetyrule", services.issue_rule,
               done_message=_("Rule in force."), label=_("Put in force"),
               offered=_status(RuleStatus.DRAFT)),
        Action("review", "safety.change_safetyrule", services.review_rule,
               form=f.NextReviewForm, done_message=_("Review recorded."),
               label=_("Record a review"), offered=_status(RuleStatus.IN_FORCE)),
        Action("annul", "safety.change_safetyrule", services.annul_rule,
               form=f.ReasonedEndForm, done_message=_("Rule annulled."), label=_("Annul"),
               offered=_status(RuleStatus.IN_FORCE)),
    ),
))

rule_files = register(Resource(
    model=SafetyRuleFile, slug="rule-files",
    columns=[Column("original_name", link=True),
             Column("rule.number", label=_("Safety rule"), sort="rule__number"),
             Column("size"), Column("created_at")],
    detail_fields=["original_name", "rule", "content_type", "size", "sha256", "uploaded_by",
                   "created_at"],
    api_fields=["id", "rule_id", "original_name", "content_type", "size", "sha256",
                "created_at"],
    filterset=RuleFileFilter, searchable=False,
))

briefings = register(Resource(
    model=RuleBriefing, slug="briefings",
    columns=[Column("rule.number", label=_("Safety rule"), link=True, sort="rule__number"),
             UNIT, Column("held_on", link=True), Column("attendees"), Column("presenter")],
    detail_fields=["rule", "unit", "held_on", "attendees", "presenter", "note"],
    export_fields=["rule.number", "unit.code", "held_on", "attendees", "presenter", "note"],
    api_fields=["id", "rule_id", "unit_id", "held_on", "attendees", "presenter", "note"],
    filterset=BriefingFilter, form=f.BriefingForm, searchable=False,
    create=services.record_briefing, update=services.update_briefing,
    delete=services.delete_briefing, default_sort="-held_on",
))


# --- staff and training --------------------------------------------------------------------

roles = register(Resource(
    model=SafetyRole, slug="roles",
    columns=[Column("person", link=True), Column("position"), Column("kind"), UNIT,
             Column("start_on"), Column("end_on")],
    detail_fields=["person", "position", "unit", "kind", "decision_number", "start_on",
                   "end_on", "classification"],
    export_fields=["person", "position", "unit.code", "kind", "decision_number", "start_on",
                   "end_on"],
    api_fields=["id", "person", "position", "unit_id", "kind", "decision_number", "start_on",
                "end_on", "classification"],
    filterset=RoleFilter, form=f.RoleForm,
    create=services.create_role, update=services.update_role, delete=services.delete_role,
    default_sort="unit__code",
))

sessions = register(Resource(
    model=TrainingSession, slug="sessions",
    columns=[Column("course.code", label=_("Course"), link=True, sort="course__code"),
             UNIT, Column("start_on", link=True), Column("end_on"), Column("provider")],
    detail_fields=["course", "unit", "start_on", "end_on", "provider", "cost",
                   "classification"],
    export_fields=["course.code", "unit.code", "start_on", "end_on", "provider", "cost"],
    api_fields=["id", "course_id", "unit_id", "start_on", "end_on", "provider", "cost",
                "classification"],
    filterset=SessionFilter, form=f.SessionForm,
    create=services.create_session, update=services.update_session,
    delete=services.delete_session, default_sort="-start_on",
))

certificates = register(Resource(
    model=TrainingRecord, slug="certificates",
    columns=[Column("person", link=True), Column("employee_number"),
             Column("session.course.code", label=_("Course"), sort="session__course__code"),
             Column("session.unit.code", label=_("Unit"), sort="session__unit__code"),
             Column("certificate_number"), Column("issued_on"), Column("expires_on"),
             Column("passed")],
    detail_fields=["person", "employee_number", "session", "passed", "certificate_number",
                   "issued_on", "expires_on"],
    export_fields=["person", "employee_number", "session.course.code", "session.unit.code",
                   "passed", "certificate_number", "issued_on", "expires_on"],
    api_fields=["id", "session_id", "person", "employee_number", "passed",
                "certificate_number", "issued_on", "expires_on"],
    filterset=CertificateFilter, form=f.CertificateForm,
    create=services.record_training, update=services.update_training,
    delete=services.delete_training, default_sort="expires_on",
))


# --- assets and inspections ----------------------------------------------------------------

assets = register(Resource(
    model=SafetyAsset, slug="assets",
    columns=[Column("code", link=True), Column("name", link=True),
             Column("category.name", label=_("Category"), sort="category__name"), UNIT,
             Column("site"), Column("status"), Column("next_due"), Column("classification")],
    detail_fields=["code", "name", "category", "unit", "site", "serial_number", "manufacturer",
                   "year_made", "parameters", "in_service_on", "declared_on",
                   "declaration_number", "status", "next_due", "decommissioned_on",
                   "decommission_reason", "classification"],
    export_fields=["code", "name", "category.code", "unit.code", "site", "serial_number",
                   "manufacturer", "year_made", "in_service_on", "declared_on",
                   "declaration_number", "status", "next_due", "classification"],
    api_fields=["id", "code", "name", "category_id", "unit_id", "site", "serial_number",
                "manufacturer", "year_made", "parameters", "in_service_on", "declared_on",
                "declaration_number", "status", "next_due", "decommissioned_on",
                "decommission_reason", "classification"],
    filterset=AssetFilter, form=f.AssetForm,
    create=services.create_asset, update=services.update_asset, delete=services.delete_asset,
    default_sort="next_due",
    actions=(
        Action("decommission", "safety.change_safetyasset", services.decommission_asset,
               form=f.DecommissionForm, done_message=_("Asset decommissioned."),
               label=_("Decommission"),
               offered=lambda obj: obj.status != AssetStatus.DECOMMISSIONED),
    ),
))

inspections = register(Resource(
    model=AssetInspection, slug="inspections",
    columns=[Column("asset.code", label=_("Asset"), link=True, sort="asset__code"),
             Column("regime.kind", label=_("Kind"), sort="regime__kind"),
             Column("inspected_on", link=True), Column("performer"), Column("result"),
             Column("certificate_number"), Column("next_due")],
    detail_fields=["asset", "regime", "inspected_on", "performer", "inspector",
                   "certificate_number", "result", "valid_until", "next_due", "note",
                   "recorded_by"],
    export_fields=["asset.code", "asset.unit.code", "regime.kind", "inspected_on", "performer",
                   "inspector", "certificate_number", "result", "valid_until", "next_due"],
    api_fields=["id", "asset_id", "regime_id", "inspected_on", "performer", "inspector",
                "certificate_number", "result", "valid_until", "next_due", "note"],
    filterset=InspectionFilter, form=f.InspectionForm, searchable=False,
    create=services.create_inspection, delete=services.delete_inspection,
    default_sort="-inspected_on",
))


# --- plans and drills ----------------------------------------------------------------------

_CHANGE_PLAN = "safety.change_safetyplan"

plans = register(Resource(
    model=SafetyPlan, slug="plans",
    columns=[Column("code", link=True), Column("title", link=True), Column("kind"), UNIT,
             Column("year"), Column("status"), Column("review_due"),
             Column("drill_count", label=_("Drills"), sort=None)],
    detail_fields=["code", "title", "kind", "unit", "year", "version", "supersedes", "status",
                   "submitted_on", "approved_on", "approval_decision", "approved_by",
                   "in_force_on", "ended_on", "return_reason", "review_due", "summary",
                   "classification"],
    export_fields=["code", "title", "kind", "unit.code", "year", "version", "status",
                   "approved_on", "approval_decision", "in_force_on", "review_due",
                   "classification"],
    api_fields=["id", "code", "title", "kind", "unit_id", "year", "version", "supersedes_id",
                "status", "submitted_on", "approved_on", "approval_decision", "approved_by",
                "in_force_on", "ended_on", "return_reason", "review_due", "summary",
                "classification"],
    filterset=PlanFilter, form=f.PlanForm,
    create=services.create_plan, update=services.update_plan, delete=services.delete_plan,
    base_queryset=lambda: SafetyPlan.objects.annotate(drill_count=Count("drills")),
    actions=(
        Action("submit", _CHANGE_PLAN, services.submit_plan, form=f.OnDateForm,
               done_message=_("Plan submitted for approval."), label=_("Submit for approval"),
               offered=_status(PlanStatus.DRAFT)),
        Action("approve", _CHANGE_PLAN, services.approve_plan, form=f.ApproveForm,
               done_message=_("Plan approved."), label=_("Approve"),
               offered=_status(PlanStatus.SUBMITTED)),
        Action("return", _CHANGE_PLAN, services.return_plan, form=f.ReturnForm,
               done_message=_("Plan returned for rework."), label=_("Return for rework"),
               offered=_status(PlanStatus.SUBMITTED)),
        Action("put_in_force", _CHANGE_PLAN, services.put_plan_in_force, form=f.OnDateForm,
               done_message=_("Plan in force."), label=_("Put in force"),
               offered=_status(PlanStatus.APPROVED)),
        Action("review", _CHANGE_PLAN, services.review_plan, form=f.NextReviewForm,
               done_message=_("Review recorded."), label=_("Record a review"),
               offered=_status(PlanStatus.IN_FORCE)),
        Action("expire", _CHANGE_PLAN, services.expire_plan, form=f.OnDateForm,
               done_message=_("Plan no longer in force."), label=_("End"),
               offered=_status(PlanStatus.IN_FORCE, PlanStatus.APPROVED)),
    ),
))

drills = register(Resource(
    model=Drill, slug="drills",
    columns=[Column("plan.code", label=_("Plan"), link=True, sort="plan__code"),
             Column("plan.unit.code", label=_("Unit"), sort="plan__unit__code"),
             Column("held_on", link=True), Column("participants"), Column("result")],
    detail_fields=["plan", "held_on", "scenario", "participants", "external_forces", "result",
                   "findings"],
    export_fields=["plan.code", "plan.unit.code", "held_on", "scenario", "participants",
                   "external_forces", "result", "findings"],
    api_fields=["id", "plan_id", "held_on", "scenario", "participants", "external_forces",
                "result", "findings"],
    filterset=DrillFilter, form=f.DrillForm,
    create=services.record_drill, update=services.update_drill, delete=services.delete_drill,
    default_sort="-held_on",
))


# --- review campaigns, visits, findings ----------------------------------------------------

campaigns = register(Resource(
    model=ReviewCampaign, slug="campaigns",
    columns=[Column("code", link=True), Column("name", link=True), Column("kind"),
             Column("year"), Column("lead_unit.code", label=_("Lead unit"),
                                    sort="lead_unit__code"),
             Column("start_on"), Column("end_on")],
    detail_fields=["code", "name", "kind", "year", "lead_unit", "start_on", "end_on",
                   "decision_number", "classification"],
    export_fields=["code", "name", "kind", "year", "lead_unit.code", "start_on", "end_on",
                   "decision_number", "classification"],
    api_fields=["id", "code", "name", "kind", "year", "lead_unit_id", "start_on", "end_on",
                "decision_number", "classification"],
    filterset=CampaignFilter, form=f.CampaignForm,
    create=services.create_campaign, update=services.update_campaign,
    delete=services.delete_campaign, default_sort="-start_on",
    actions=(
        Action("carry_over_open", "safety.add_finding", services.carry_over_open,
               done_message=_("Open findings of earlier campaigns carried over."),
               label=_("Carry over the open findings of the units covered"),
               offered=lambda obj: True),
    ),
))

visits = register(Resource(
    model=ReviewVisit, slug="visits",
    columns=[Column("campaign.code", label=_("Campaign"), link=True, sort="campaign__code"),
             UNIT, Column("visited_on", link=True)],
    detail_fields=["campaign", "unit", "visited_on", "team", "summary"],
    export_fields=["campaign.code", "unit.code", "visited_on", "team", "summary"],
    api_fields=["id", "campaign_id", "unit_id", "visited_on", "team", "summary"],
    filterset=VisitFilter, form=f.VisitForm,
    create=services.record_visit, update=services.update_visit, delete=services.delete_visit,
    default_sort="-visited_on",
    actions=(
        Action("answer", "safety.change_reviewvisit", services.answer_criterion,
               form=f.AnswerForm, done_message=_("Answer recorded."),
               label=_("Record an answer"), offered=lambda obj: True),
    ),
))

answers = register(Resource(
    model=VisitAnswer, slug="answers",
    columns=[Column("visit.campaign.code", label=_("Campaign"), sort="visit__campaign__code"),
             Column("visit.unit.code", label=_("Unit"), sort="visit__unit__code"),
             Column("criterion_code", link=True), Column("criterion_text"), Column("answer")],
    detail_fields=["visit", "criterion_code", "criterion_text", "answer", "note"],
    export_fields=["visit.campaign.code", "visit.unit.code", "visit.visited_on",
                   "criterion_code", "criterion_text", "answer", "note"],
    api_fields=["id", "visit_id", "criterion_id", "criterion_code", "criterion_text", "answer",
                "note"],
    filterset=AnswerFilter, searchable=False, default_sort="criterion_code",
))

_CHANGE_FINDING = "safety.change_finding"

findings = register(Resource(
    model=Finding, slug="findings",
    columns=[Column("code", link=True), Column("title", link=True),
             Column("unit.code", label=_("Unit responsible"), sort="unit__code"),
             Column("first_found_in.code", label=_("First found in"),
                    sort="first_found_in__code"),
             Column("severity"), Column("due_date"), Column("status"),
             Column("classification")],
    detail_fields=["code", "title", "description", "unit", "severity", "campaign", "visit",
                   "asset", "plan", "rule", "found_on", "due_date", "status",
                   "carried_over_from", "first_found_in", "first_found_on", "claimed_on",
                   "claim_note", "closed_on", "verifier_unit", "verified_by",
                   "verification_note", "classification"],
    export_fields=["code", "title", "unit.code", "severity", "campaign.code",
                   "first_found_in.code", "first_found_on", "found_on", "due_date", "status",
                   "claimed_on", "closed_on", "verifier_unit.code", "classification"],
    api_fields=["id", "code", "title", "description", "unit_id", "severity", "campaign_id",
                "visit_id", "asset_id", "plan_id", "rule_id", "found_on", "due_date", "status",
                "carried_over_from_id", "first_found_in_id", "first_found_on", "claimed_on",
                "claim_note", "closed_on", "verifier_unit_id", "verification_note",
                "classification"],
    filterset=FindingFilter, form=f.FindingForm,
    create=services.create_finding, update=services.update_finding,
    delete=services.delete_finding, default_sort="due_date",
    editable=lambda obj: obj.status not in (FindingStatus.CLOSED, FindingStatus.CARRIED_OVER),
    actions=(
        Action("start", _CHANGE_FINDING, services.start_remediation,
               done_message=_("Remediation started."), label=_("Start remediation"),
               offered=_status(FindingStatus.OPEN)),
        Action("claim", _CHANGE_FINDING, services.claim_fixed, form=f.ClaimForm,
               done_message=_("Reported fixed; awaiting verification."),
               label=_("Report fixed"),
               offered=_status(FindingStatus.OPEN, FindingStatus.IN_REMEDIATION)),
        Action("verify", _CHANGE_FINDING, services.verify_finding, form=f.VerifyForm,
               done_message=_("Verification recorded."), label=_("Record the verification"),
               offered=_status(FindingStatus.CLAIMED_FIXED)),
        Action("carry_over", "safety.add_finding", services.carry_over, form=f.CarryOverForm,
               done_message=_("Finding carried over."), label=_("Carry over"),
               offered=lambda obj: obj.status in OPEN_FINDING),
        Action("open_action", "quality.add_correctiveaction", services.open_finding_action,
               form=f.ActionForm, done_message=_("Corrective action opened."),
               label=_("Open a corrective action"),
               offered=lambda obj: obj.status in OPEN_FINDING),
    ),
))


# --- incidents -----------------------------------------------------------------------------

_CHANGE_INCIDENT = "safety.change_incident"
_OPEN_INCIDENT = (IncidentStatus.REPORTED, IncidentStatus.INVESTIGATING,
                  IncidentStatus.CONCLUDED)

incidents = register(Resource(
    model=Incident, slug="incidents",
    columns=[Column("code", link=True), Column("title", link=True), Column("occurred_at"),
             Column("kind.name", label=_("Kind"), sort="kind__name"), UNIT,
             Column("activity"), Column("deaths"), Column("serious_injuries"),
             Column("severity.name", label=_("Severity"), sort="severity__rank"),
             Column("status"), Column("classification")],
    detail_fields=["code", "title", "kind", "occurred_at", "unit", "site", "activity", "asset",
                   "product_type", "research_project", "plan_item", "description",
                   "immediate_action", "deaths", "serious_injuries", "minor_injuries",
                   "days_off", "damage_property", "damage_medical", "damage_wages",
                   "damage_compensation", "damage_other", "suggested_severity", "severity",
                   "severity_reason", "severity_confirmed_by", "status",
                   "investigation_level", "investigation_team", "investigation_started_on",
                   "concluded_on", "conclusion", "work_accident", "cause", "injury_factor",
                   "article39_allowance", "persons_at_fault", "closed_on", "classification"],
    export_fields=["code", "title", "kind.code", "occurred_at", "unit.code", "site",
                   "activity", "asset.code", "deaths", "serious_injuries", "minor_injuries",
                   "days_off", "damage_property", "damage_medical", "damage_wages",
                   "damage_compensation", "damage_other", "severity.code", "status",
                   "work_accident", "cause.code", "closed_on", "classification"],
    api_fields=["id", "code", "title", "kind_id", "occurred_at", "unit_id", "site",
                "activity", "asset_id", "product_type_id", "research_project_id",
                "plan_item_id", "description", "immediate_action", "deaths",
                "serious_injuries", "minor_injuries", "days_off", "damage_property",
                "damage_medical", "damage_wages", "damage_compensation", "damage_other",
                "suggested_severity_id", "severity_id", "severity_reason", "status",
                "investigation_level", "investigation_started_on", "concluded_on",
                "conclusion", "work_accident", "cause_id", "injury_factor_id",
                "article39_allowance", "closed_on", "classification"],
    filterset=IncidentFilter, form=f.IncidentForm,
    create=services.record_incident, update=services.update_incident,
    delete=services.delete_incident, default_sort="-occurred_at",
    editable=lambda obj: obj.status != IncidentStatus.CLOSED,
    actions=(
        Action("confirm_severity", _CHANGE_INCIDENT, services.confirm_severity,
               form=f.SeverityForm, done_message=_("Severity confirmed."),
               label=_("Confirm the severity"), offered=lambda obj: obj.status in _OPEN_INCIDENT),
        Action("investigate", _CHANGE_INCIDENT, services.open_investigation,
               form=f.InvestigationForm, done_message=_("Investigation opened."),
               label=_("Open the investigation"), offered=_status(IncidentStatus.REPORTED)),
        Action("conclude", _CHANGE_INCIDENT, services.conclude_incident,
               form=f.ConclusionForm, done_message=_("Conclusion recorded."),
               label=_("Record the conclusion"),
               offered=_status(IncidentStatus.REPORTED, IncidentStatus.INVESTIGATING)),
        Action("close", _CHANGE_INCIDENT, services.close_incident, form=f.OnDateForm,
               done_message=_("Incident closed."), label=_("Close"),
               offered=_status(IncidentStatus.CONCLUDED)),
        Action("open_action", "quality.add_correctiveaction", services.open_incident_action,
               form=f.ActionForm, done_message=_("Corrective action opened."),
               label=_("Open a corrective action"),
               offered=lambda obj: obj.status in _OPEN_INCIDENT),
    ),
))

casualties = register(Resource(
    model=Casualty, slug="casualties",
    columns=[Column("incident.code", label=_("Incident"), link=True, sort="incident__code"),
             Column("name", link=True), Column("sex"), Column("occupation"),
             Column("outcome"), Column("days_off")],
    detail_fields=["incident", "name", "sex", "birth_year", "occupation", "years_in_job",
                   "trained", "under_management", "outcome", "days_off", "injury"],
    export_fields=["incident.code", "name", "sex", "birth_year", "occupation", "years_in_job",
                   "trained", "under_management", "outcome", "days_off", "injury"],
    api_fields=["id", "incident_id", "name", "sex", "birth_year", "occupation",
                "years_in_job", "trained", "under_management", "outcome", "days_off",
                "injury"],
    filterset=CasualtyFilter, form=f.CasualtyForm, searchable=False,
    create=services.add_casualty, update=services.update_casualty,
    delete=services.delete_casualty, default_sort="-incident__occurred_at",
))

