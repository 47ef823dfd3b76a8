"""Forms of performance returns and their reference data. A return is opened for a reporting
enterprise the writer acts for (ScopedModelForm's units, narrowed to those that report); the
lifecycle steps' forms carry what the services take (records/resource.py: the cleaned keys
are the service's keyword names); `ValuesForm` is the entry grid, one value and one
explanation per entered indicator, numbers typed the Vietnamese way (1.234.567 or 14,2)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.records.forms import ScopedForm, ScopedModelForm, style_form
from cnqp.core.units import reporting_enterprises
from cnqp.performance.choices import IndicatorKind
from cnqp.performance.models import Indicator, Programme, Schedule, Submission

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class OpenReturnForm(ScopedModelForm):
    """A new return: only the reporting enterprises the writer acts for are offered."""

    owner_fields = ("unit",)

    class Meta:
        model = Submission
        fields = ["unit", "year", "period_kind", "period_number", "scenario", "classification",
                  "note"]
        widgets = {"note": TEXTAREA}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField) and unit.queryset is not None
        unit.queryset = unit.queryset.filter(pk__in=reporting_enterprises().values("pk"))
        if not self.is_bound and not self.initial.get("year"):
            self.initial["year"] = timezone.localdate().year


class ReturnEditForm(ScopedModelForm):
    """What an edit changes: a return's identity (enterprise, period, scenario) never does."""

    owner_fields = ()

    class Meta:
        model = Submission
        fields = ["note", "classification", "explanation"]
        widgets = {"note": TEXTAREA, "explanation": TEXTAREA}


def _on_date(label: Any) -> forms.DateField:
    return forms.DateField(label=label, required=False,
                           help_text=_("Empty: today. An earlier day records history entered "
                                       "later."))


class SubmitForm(ScopedForm):
    on_date = _on_date(_("Submitted on"))


class ReturnForCorrectionForm(ScopedForm):
    reason = forms.CharField(label=_("What must be corrected"), widget=TEXTAREA)
    on_date = _on_date(_("Returned on"))


class AcceptForm(ScopedForm):
    note = forms.CharField(label=_("Review note"), required=False, widget=TEXTAREA)
    on_date = _on_date(_("Accepted on"))


class LockForm(ScopedForm):
    on_date = _on_date(_("Locked on"))


class AmendForm(ScopedForm):
    explanation = forms.CharField(label=_("Why the accepted return is corrected"),
                                  widget=TEXTAREA)


# --- the entry grid ---------------------------------------------------------------------------


def plain(value: Decimal | None) -> Decimal | None:
    """A stored value without its trailing zeros (600000, not 600000,000), as typed."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class ValuesForm(forms.Form):
    """One value (`value_<code>`) and one explanation (`explanation_<code>`) per entered
    indicator. An empty value removes the stored one (the checks then ask for it)."""

    def __init__(self, *args: Any, indicators: list[Indicator],
                 stored: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entered = [i for i in indicators if i.kind == IndicatorKind.ENTERED]
        stored = stored or {}
        for indicator in self.entered:
            code = indicator.code
            self.fields[f"value_{code}"] = forms.DecimalField(
                label=indicator.name, required=False, localize=True, max_digits=18,
                decimal_places=3, widget=forms.TextInput(attrs={
                    "class": "text-end", "inputmode": "decimal", "autocomplete": "off"}))
            self.fields[f"explanation_{code}"] = forms.CharField(
                label=_("Explanation"), required=False,
                widget=forms.Textarea(attrs={"rows": 1}))
            found = stored.get(code)
            if found is not None:
                self.initial[f"value_{code}"] = plain(found.value)
                self.initial[f"explanation_{code}"] = found.explanation
        style_form(self)

    def values(self) -> dict[str, Decimal | None]:
        return {i.code: self.cleaned_data.get(f"value_{i.code}") for i in self.entered}

    def explanations(self) -> dict[str, str]:
        return {i.code: self.cleaned_data.get(f"explanation_{i.code}") or ""
                for i in self.entered}

    def typed(self) -> dict[str, Decimal | None]:
        """The values as the form holds them, those that do not read as a number left out:
        what the computed lines show while errors are corrected."""
        if self.is_bound:
            return {i.code: self.cleaned_data.get(f"value_{i.code}") for i in self.entered
                    if f"value_{i.code}" in getattr(self, "cleaned_data", {})}
        return {i.code: self.initial.get(f"value_{i.code}") for i in self.entered}

    def attach(self, error: ValidationError) -> None:
        """A service's errors, keyed by indicator code, on that indicator's row."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, errors in error.error_dict.items():
            name = f"value_{key}"
            self.add_error(name if name in self.fields else None, errors)

    def row_fields(self, code: str) -> tuple[forms.BoundField, forms.BoundField] | None:
        if f"value_{code}" not in self.fields:
            return None
        return self[f"value_{code}"], self[f"explanation_{code}"]


# --- reference data ---------------------------------------------------------------------------


class IndicatorForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = Indicator
        fields = ["code", "name", "unit_of_measure", "kind", "part_of", "numerator",
                  "denominator", "per_month", "may_be_negative", "checks_change", "decimals",
                  "order", "description"]
        widgets = {"description": TEXTAREA}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        part_of = self.fields["part_of"]
        assert isinstance(part_of, forms.ModelChoiceField)
        part_of.queryset = Indicator.objects.filter(kind=IndicatorKind.TOTAL)


class ScheduleForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = Schedule
        fields = ["period_kind", "scenario", "due_from", "due_days", "lock_after_days",
                  "expected", "legal_basis"]


class ProgrammeForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = Programme
        fields = ["code", "name", "description"]
        widgets = {"description": TEXTAREA}
