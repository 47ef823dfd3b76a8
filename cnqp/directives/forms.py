"""Forms of resolutions and their follow-up. Record forms offer only what the user may see
and, as the holding or lead unit, only the units they act for (ScopedModelForm); the cleaned
keys are the service's keyword names (records/resource.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cnqp.core.figures import metrics
from cnqp.core.records.forms import ScopedForm, ScopedModelForm
from cnqp.directives.choices import FINAL, Assessment
from cnqp.directives.models import Directive, DirectiveItem, Indicator, Review, Task

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class DirectiveForm(ScopedModelForm):
    class Meta:
        model = Directive
        fields = ["kind", "number", "issuer", "owner_unit", "issued_on", "title", "summary",
                  "period_start", "period_end", "implements", "continues", "classification"]
        widgets = {"summary": TEXTAREA}


class ItemForm(ScopedModelForm):
    owner_fields = ()
    # declared here, not made optional in __init__: the API's schema reads the class's fields
    position = forms.IntegerField(label=_("Order"), required=False, min_value=0,
                                  help_text=_("Empty: after the others."))

    class Meta:
        model = DirectiveItem
        fields = ["directive", "kind", "ordinal", "text", "year", "position"]
        widgets = {"text": TEXTAREA}


def metric_choices() -> list[tuple[str, str]]:
    """The figures a target can be bound to, by module, labelled as the dashboard labels
    them."""
    return [("", "—")] + [(m.key, f"{m.label} ({m.measure}) · {m.key}")
                          for m in metrics.bindable()]


class IndicatorForm(ScopedModelForm):
    owner_fields = ()
    metric_key = forms.ChoiceField(label=_("Figure"), required=False, choices=metric_choices,
                                   help_text=_("The registered figure it is measured by; "
                                               "empty for a qualitative indicator."))
    period_start = forms.DateField(label=_("Period from"), required=False,
                                   help_text=_("Empty: the directive's."))
    period_end = forms.DateField(label=_("Period to"), required=False,
                                 help_text=_("Empty: the directive's."))
    position = forms.IntegerField(label=_("Order"), required=False, min_value=0,
                                  help_text=_("Empty: after the others."))

    class Meta:
        model = Indicator
        fields = ["item", "name", "metric_key", "target_kind", "target_value", "measure",
                  "unit", "period_start", "period_end", "baseline_start", "baseline_end",
                  "position"]


class AssessForm(ScopedForm):
    verdict = forms.ChoiceField(label=_("Assessment"),
                                choices=[(a.value, a.label) for a in Assessment
                                         if a in FINAL or a in (Assessment.ON_TRACK,
                                                                Assessment.AT_RISK)])
    evidence = forms.CharField(label=_("Evidence"), widget=TEXTAREA)
    on_date = forms.DateField(label=_("Assessed on"), required=False)


class TaskForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = Task
        fields = ["directive", "item", "title", "expected_output", "lead_unit",
                  "supporting_units", "assigned_on", "deadline", "classification"]
        widgets = {"expected_output": TEXTAREA}


class ProgressForm(ScopedForm):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    text = forms.CharField(label=_("Report"), widget=TEXTAREA)
    on_date = forms.DateField(label=_("Reported on"), required=False)


class ConcludeForm(ScopedForm):
    superseded_by = forms.ModelChoiceField(
        label=_("Superseded by"), queryset=Directive.objects.all(), required=False,
        help_text=_("The directive that continues it, if one replaces it."))


class ReviewForm(ScopedModelForm):
    class Meta:
        model = Review
        fields = ["title", "kind", "directives", "owner_unit", "period_start", "period_end",
                  "compare_start", "compare_end", "held_on", "chair", "conclusions",
                  "classification"]
        widgets = {"conclusions": TEXTAREA}
