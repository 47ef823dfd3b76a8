"""Forms of science and technology: the records, and one small form per lifecycle step (the
same forms validate the step's API body)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.choices import OrgUnitKind
from cnqp.core.models import OrgUnit, User
from cnqp.core.records.forms import PeriodForm, ScopedModelForm, StyledForm
from cnqp.core.units import producing_units, units_in_reach
from cnqp.documents.models import ProductType
from cnqp.research.choices import Grade
from cnqp.research.models import BUDGET_FIELDS, Initiative, ResearchProject


class ResearchProjectForm(ScopedModelForm):
    owner_fields = ("host_unit",)

    class Meta:
        model = ResearchProject
        fields = ["code", "title", "level", "project_type", "host_unit",
                  "principal_investigator", "members", "product_type", "planned_start",
                  "planned_end", "budget_state", "budget_defense", "budget_enterprise",
                  "budget_other", "classification", "summary"]
        widgets = {"members": forms.Textarea(attrs={"rows": 3}),
                   "summary": forms.Textarea(attrs={"rows": 3})}

    proposed_on = forms.DateField(
        label=_("Proposed on"), required=False,
        help_text=_("For a project proposed earlier. Left empty: today, or the date of its "
                    "opening or cancellation entered afterwards if that is earlier."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        host = self.fields["host_unit"]
        assert isinstance(host, forms.ModelChoiceField) and host.queryset is not None
        host.queryset = host.queryset.exclude(kind=OrgUnitKind.USER_UNIT)
        if self.instance.pk and self.instance.status != "proposed":
            # Fixed once the project is opened; later changes go through the steps.
            for name in ("code", "level", "host_unit", "planned_start", "planned_end"):
                self.fields[name].disabled = True

    def clean(self) -> dict[str, Any]:
        # Named on its field, before the model's check constraint answers without one.
        data = super().clean() or {}
        for name in BUDGET_FIELDS:
            if name in data and data[name] is None:
                data[name] = 0
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end is before the planned start."))
        return data


class ResearchProjectChangeForm(ResearchProjectForm):
    """A project's edit: no proposal date, the history changes only through the steps."""

    proposed_on = None  # type: ignore[assignment]


# An empty budget line is no money, not a missing value: optional in the form and so in the
# API body generated from the form's fields; `clean` stores 0.
for _name in BUDGET_FIELDS:
    ResearchProjectForm.base_fields[_name].required = False


class InitiativeForm(ScopedModelForm):
    owner_fields = ("unit",)

    class Meta:
        model = Initiative
        fields = ["title", "authors", "unit", "year", "benefit", "recognition_level",
                  "decision_number", "classification"]
        widgets = {"authors": forms.Textarea(attrs={"rows": 3})}


# --- the steps ---------------------------------------------------------------------------------


class StepForm(StyledForm):
    """Every step has its date; most have the number of their decision."""

    on_date = forms.DateField(label=_("Date"), initial=timezone.localdate)
    decision_number = forms.CharField(label=_("Decision number"), max_length=64)


class DatedStepForm(StyledForm):
    on_date = forms.DateField(label=_("Date"), initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class ReasonedStepForm(StepForm):
    note = forms.CharField(label=_("Reason"), max_length=2000)


class ExtendForm(StepForm):
    new_end = forms.DateField(label=_("New end date"))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class EvaluateForm(StepForm):
    council = forms.CharField(label=_("Acceptance council"), max_length=255)
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)
    note = forms.CharField(label=_("Conclusion"), required=False, max_length=2000,
                           help_text=_("Required when the project fails."))


class EligibleForm(StepForm):
    product_type = forms.ModelChoiceField(
        label=_("Product type"), queryset=ProductType.objects.filter(is_active=True),
        required=False, help_text=_("Only if the project has none yet."))


class ProducerForm(StepForm):
    producing_unit = forms.ModelChoiceField(label=_("Producing unit"),
                                            queryset=producing_units().filter(is_active=True))


class ApplyForm(ProducerForm):
    product_type = forms.ModelChoiceField(
        label=_("Product type"), queryset=ProductType.objects.filter(is_active=True),
        required=False, help_text=_("The project's own product type if left empty."))


class ResearchPeriodForm(PeriodForm):
    """The research figures' period, and the unit whose subtree counts."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(),
                                  required=False, empty_label=_("All units I see"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units_in_reach(user).exclude(kind="user_unit")
