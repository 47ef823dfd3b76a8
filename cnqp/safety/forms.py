"""Forms of production safety. Record forms offer only what the user may see and, as the
owning unit, only the units they may file under (ScopedModelForm); a step's form that names
records is scoped the same way (ScopedForm). The form's cleaned keys are the service's
keyword names (records/resource.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model, TextField
from django.utils.translation import gettext_lazy as _

from cnqp.core.models import OrgUnit, User
from cnqp.core.records.forms import ScopedForm, ScopedModelForm, StyledForm
from cnqp.core.units import units_in_reach
from cnqp.safety.choices import Answer, InvestigationLevel
from cnqp.safety.models import (
    AssetInspection,
    Casualty,
    CauseCode,
    ChecklistCriterion,
    Drill,
    Finding,
    Incident,
    InjuryFactor,
    ReviewCampaign,
    ReviewVisit,
    RuleBriefing,
    SafetyAsset,
    SafetyPlan,
    SafetyRole,
    SafetyRule,
    SeverityClass,
    TrainingRecord,
    TrainingSession,
)

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def record_form(model: type[Model], fields: list[str], *, owner: tuple[str, ...] = (),
                texts: tuple[str, ...] = ()) -> type[ScopedModelForm]:
    """A scoped model form of `fields`; `owner`: the fields naming the owning unit; `texts`:
    the long texts, drawn as text areas."""
    meta = type("Meta", (), {"model": model, "fields": fields,
                             "widgets": {name: TEXTAREA for name in texts}})
    return type(f"{model.__name__}Form", (ScopedModelForm,),
                {"Meta": meta, "owner_fields": owner, "__module__": __name__})


def reference_form(model: type[Model]) -> type[ScopedModelForm]:
    """A reference row's form: every field it lets people edit, its validity dates included."""
    names = [f.name for f in model._meta.get_fields()
             if getattr(f, "editable", False) and not f.auto_created
             and f.name not in ("created_at", "updated_at") and f.concrete]
    return record_form(model, names, texts=tuple(
        f.name for f in model._meta.fields if isinstance(f, TextField)))


RuleForm = record_form(SafetyRule, [
    "number", "title", "kind", "issuer", "coverage", "issued_on", "effective_on", "review_due",
    "supersedes", "classification"], owner=("issuer",), texts=("coverage",))
BriefingForm = record_form(RuleBriefing, ["rule", "unit", "held_on", "attendees", "presenter",
                                          "note"], owner=("unit",), texts=("note",))
RoleForm = record_form(SafetyRole, ["person", "position", "unit", "kind", "decision_number",
                                    "start_on", "end_on", "classification"], owner=("unit",))
SessionForm = record_form(TrainingSession, ["course", "unit", "start_on", "end_on", "provider",
                                            "cost", "classification"], owner=("unit",))
CertificateForm = record_form(TrainingRecord, [
    "session", "person", "employee_number", "passed", "certificate_number", "issued_on",
    "expires_on"])
AssetForm = record_form(SafetyAsset, [
    "code", "name", "category", "unit", "site", "serial_number", "manufacturer", "year_made",
    "parameters", "in_service_on", "declared_on", "declaration_number", "classification"],
    owner=("unit",), texts=("parameters",))
InspectionForm = record_form(AssetInspection, [
    "asset", "regime", "inspected_on", "performer", "inspector", "certificate_number",
    "result", "valid_until", "note"], texts=("note",))
PlanForm = record_form(SafetyPlan, ["code", "title", "kind", "unit", "year", "version",
                                    "supersedes", "review_due", "summary", "classification"],
                       owner=("unit",), texts=("summary",))
DrillForm = record_form(Drill, ["plan", "held_on", "scenario", "participants",
                                "external_forces", "result", "findings"],
                        texts=("scenario", "findings"))
CampaignForm = record_form(ReviewCampaign, [
    "code", "name", "kind", "year", "lead_unit", "units", "start_on", "end_on",
    "decision_number", "classification"], owner=("lead_unit",))
VisitForm = record_form(ReviewVisit, ["campaign", "unit", "visited_on", "team", "summary"],
                        texts=("team", "summary"))
FindingForm = record_form(Finding, [
    "unit", "title", "description", "severity", "campaign", "visit", "asset", "plan", "rule",
    "found_on", "due_date", "classification"], owner=("unit",), texts=("description",))
IncidentForm = record_form(Incident, [
    "kind", "title", "occurred_at", "unit", "site", "activity", "asset", "product_type",
    "research_project", "plan_item", "description", "immediate_action", "damage_property",
    "damage_medical", "damage_wages", "damage_compensation", "damage_other",
    "classification"], owner=("unit",), texts=("description", "immediate_action"))
CasualtyForm = record_form(Casualty, [
    "incident", "outcome", "name", "sex", "birth_year", "occupation", "years_in_job",
    "trained", "under_management", "days_off", "injury"])


# --- steps ---------------------------------------------------------------------------------


class OnDateForm(StyledForm):
    on_date = forms.DateField(label=_("Date"), required=False,
                              help_text=_("Empty: today."))


class EndForm(StyledForm):
    valid_to = forms.DateField(label=_("Valid to"))


class ReasonedEndForm(OnDateForm):
    reason = forms.CharField(label=_("Reason"), widget=TEXTAREA)


class NextReviewForm(OnDateForm):
    next_review = forms.DateField(label=_("Next review due"))


class ApproveForm(OnDateForm):
    decision_number = forms.CharField(label=_("Approving decision"), max_length=64)
    approved_by = forms.CharField(label=_("Approved by"), max_length=255)


class ReturnForm(StyledForm):
    reason = forms.CharField(label=_("Returned for rework because"), widget=TEXTAREA)


class AnswerForm(ScopedForm):
    criterion = forms.ModelChoiceField(label=_("Criterion"),
                                       queryset=ChecklistCriterion.objects.order_by("code"))
    answer = forms.ChoiceField(label=_("Answer"), choices=Answer.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=TEXTAREA)


class ClaimForm(OnDateForm):
    note = forms.CharField(label=_("What was done"), widget=TEXTAREA)


class VerifyForm(OnDateForm):
    accepted = forms.TypedChoiceField(
        label=_("Verification"), coerce=lambda value: value == "yes",
        choices=[("yes", _("Fixed: close the finding")),
                 ("no", _("Not fixed: back to remediation"))])
    note = forms.CharField(label=_("Verification"), widget=TEXTAREA)


class CarryOverForm(ScopedForm):
    campaign = forms.ModelChoiceField(label=_("Into the campaign"),
                                      queryset=ReviewCampaign.objects.order_by("-start_on"))
    due_date = forms.DateField(label=_("New due date"), required=False)


class ActionForm(ScopedForm):
    """A corrective action (quality's one mechanism) raised from a finding or an incident."""

    title = forms.CharField(label=_("Title"), max_length=255)
    owner_unit = forms.ModelChoiceField(label=_("Responsible unit"),
                                        queryset=OrgUnit.objects.filter(is_active=True)
                                        .order_by("code"))
    due_date = forms.DateField(label=_("Due date"))
    description = forms.CharField(label=_("Description"), required=False, widget=TEXTAREA)


class DecommissionForm(OnDateForm):
    reason = forms.CharField(label=_("Reason for decommissioning"), widget=TEXTAREA)


class SeverityForm(ScopedForm):
    severity = forms.ModelChoiceField(label=_("Severity"),
                                      queryset=SeverityClass.objects.order_by("rank"))
    reason = forms.CharField(label=_("Reason"), required=False, widget=TEXTAREA,
                             help_text=_("Needed when it differs from the suggested class."))


class InvestigationForm(OnDateForm):
    level = forms.ChoiceField(label=_("Investigated at"), choices=InvestigationLevel.choices)
    team = forms.CharField(label=_("Investigation team"), widget=TEXTAREA)


class ConclusionForm(OnDateForm):
    conclusion = forms.CharField(label=_("Conclusion"), widget=TEXTAREA)
    work_accident = forms.TypedChoiceField(
        label=_("A labour accident"), coerce=lambda value: value == "yes",
        choices=[("yes", _("Yes")), ("no", _("No"))])
    cause = forms.ModelChoiceField(label=_("Main cause"), required=False,
                                   queryset=CauseCode.objects.order_by("code"))
    injury_factor = forms.ModelChoiceField(label=_("Injury factor"), required=False,
                                           queryset=InjuryFactor.objects.order_by("code"))
    article39_allowance = forms.BooleanField(label=_("Allowance under Article 39"),
                                             required=False)
    persons_at_fault = forms.CharField(label=_("Persons at fault and handling"), required=False,
                                       widget=TEXTAREA)


class SummaryForm(StyledForm):
    """The labour-accident summary's choice: a unit in reach, a year, a half or the year."""

    compact = True
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    half = forms.TypedChoiceField(
        label=_("Period"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Whole year")), ("1", _("First half")), ("2", _("Second half"))])

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units: Any = self.fields["unit"]
        units.queryset = units_in_reach(user).order_by("path")
