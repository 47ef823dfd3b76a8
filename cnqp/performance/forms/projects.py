"""Forms of investment projects. A project is filed under a unit the writer acts for
(ScopedModelForm's owner units); its milestones and quarters name only projects the writer may
see. A decision (approval or adjustment) takes one amount per funding source, handed to the
service as `funding` (the form's `derived` key; records/checks.py). Amounts are typed the
Vietnamese way (1.234.567,5). A milestone or quarter named again is changed, not refused:
the services create or update it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst

from cnqp.core.records.forms import ScopedForm, ScopedModelForm
from cnqp.performance.choices import FundingSource
from cnqp.performance.models import Disbursement, Milestone, Project, ProjectVersion

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def amount_field(source: FundingSource) -> forms.DecimalField:
    """An amount of a funding source (million đồng), typed the Vietnamese way."""
    return forms.DecimalField(label=source.label, required=False, localize=True,
                              max_digits=18, decimal_places=3, min_value=Decimal(0))


def _label(name: str) -> Any:
    """A decision's field labelled as the model names it."""
    return capfirst(getattr(ProjectVersion._meta.get_field(name), "verbose_name", name))


def funding_field(source: FundingSource) -> str:
    return f"funding_{source.value}"


class ProjectForm(ScopedModelForm):
    """A new project, in preparation: its schedule and total come with its approval."""

    class Meta:
        model = Project
        fields = ["code", "name", "owner_unit", "group", "programme", "key_project",
                  "location", "description", "classification"]
        widgets = {"description": TEXTAREA}


class ProjectChangeForm(ScopedModelForm):
    """What an edit changes: not the code or the investor, nor the schedule and total (those
    of the latest decision)."""

    owner_fields = ()

    class Meta:
        model = Project
        fields = ["name", "programme", "key_project", "group", "location", "description",
                  "status", "classification"]
        widgets = {"description": TEXTAREA}


class DecisionForm(ScopedForm):
    """The approving decision: its number, date and authority, the schedule it approves and
    the investment by funding source (million đồng)."""

    derived = {"funding": tuple(funding_field(s) for s in FundingSource)}
    decision_number = forms.CharField(label=_label("decision_number"), max_length=64)
    decision_date = forms.DateField(label=_label("decision_date"))
    authority = forms.CharField(label=_label("authority"), max_length=255)
    planned_start = forms.DateField(label=_label("planned_start"))
    planned_end = forms.DateField(label=_label("planned_end"))
    funding_defence_budget = amount_field(FundingSource.DEFENCE_BUDGET)
    funding_state_budget = amount_field(FundingSource.STATE_BUDGET)
    funding_enterprise = amount_field(FundingSource.ENTERPRISE)
    funding_credit = amount_field(FundingSource.CREDIT)
    funding_other = amount_field(FundingSource.OTHER)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["funding"] = {source.value: amount for source in FundingSource
                           if (amount := data.pop(funding_field(source), None)) is not None}
        return data


class AdjustForm(DecisionForm):
    """An adjustment: a decision as the approval's, with its reason."""

    reason = forms.CharField(label=_label("reason"), widget=TEXTAREA)


class VersionChangeForm(ScopedModelForm):
    """A slip in the latest decision corrected: its number, authority or reason."""

    owner_fields = ()

    class Meta:
        model = ProjectVersion
        fields = ["decision_number", "authority", "reason"]
        widgets = {"reason": TEXTAREA}


class MilestoneForm(ScopedModelForm):
    """A milestone planned: an existing one of that kind gets the new date."""

    owner_fields = ()

    class Meta:
        model = Milestone
        fields = ["project", "kind", "planned_on", "note"]
        widgets = {"note": TEXTAREA}

    def validate_unique(self) -> None:
        """Planned again, a milestone is changed (plan_milestone), not refused."""


class MilestoneChangeForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = Milestone
        fields = ["planned_on", "note"]
        widgets = {"note": TEXTAREA}


class ReachForm(ScopedForm):
    on_date = forms.DateField(label=capfirst(Milestone._meta.get_field("actual_on")
                                             .verbose_name))  # type: ignore[union-attr]


class DisbursementForm(ScopedModelForm):
    """A quarter of a project: its capital plan, what was disbursed and executed, its
    progress and obstacles. A quarter recorded already is changed."""

    owner_fields = ()

    class Meta:
        model = Disbursement
        fields = ["project", "year", "quarter", "planned", "disbursed", "executed", "progress",
                  "obstacles"]
        localized_fields = ("planned", "disbursed", "executed")
        widgets = {"obstacles": TEXTAREA}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("year"):
            today = timezone.localdate()
            self.initial.setdefault("year", today.year)
            self.initial.setdefault("quarter", (today.month - 1) // 3 + 1)

    def validate_unique(self) -> None:
        """Recorded again, a quarter is changed (record_disbursement), not refused."""


class DisbursementChangeForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = Disbursement
        fields = ["planned", "disbursed", "executed", "progress", "obstacles"]
        localized_fields = ("planned", "disbursed", "executed")
        widgets = {"obstacles": TEXTAREA}
