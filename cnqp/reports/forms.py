"""The report builder: kind and period, unit, sections, formats, and the header's details."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.choices import OrgUnitKind
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit, User
from cnqp.core.records.forms import StyledForm
from cnqp.core.units import units_in_reach
from cnqp.reports.assembly import (
    ReportSpec,
    default_position,
    issuing_unit,
    period_for,
    sections_for,
)
from cnqp.reports.choices import ReportFormat, ReportKind


class ReportBuilderForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReportKind.choices,
                             initial=ReportKind.ANNUAL,
                             widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    start = forms.DateField(label=_("From"), required=False,
                            help_text=_("Custom period only."))
    end = forms.DateField(label=_("To"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(),
                                  required=False, empty_label=_("The whole directorate"),
                                  to_field_name="code")
    issuer = forms.ModelChoiceField(
        label=_("Issuing unit"), queryset=OrgUnit.objects.none(), required=False,
        empty_label=_("The reported unit"), to_field_name="code",
        help_text=_("Whose name and number the report carries. A department reports on its "
                    "domain for the whole directorate: itself here, the whole directorate "
                    "above."))
    sections = forms.MultipleChoiceField(
        label=_("Sections"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    formats = forms.MultipleChoiceField(label=_("Formats"), choices=ReportFormat.choices,
                                        initial=ReportFormat.values,
                                        widget=forms.CheckboxSelectMultiple(
                                            attrs={"class": "form-check-input"}))
    number = forms.RegexField(label=_("Number"), regex=r"^\d{1,4}$", required=False,
                              help_text=_("Empty: the next number of the year."))
    date = forms.DateField(label=_("Document date"))
    place = forms.CharField(label=_("Place"), max_length=64)
    recipients = forms.CharField(label=_("Recipients"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text=_("One per line. Empty: the superior unit, the "
                                             "units concerned and the archive."))
    signer_position = forms.CharField(label=_("Signer's position"), max_length=128,
                                      required=False,
                                      help_text=_("Two lines for a deputy signing for the "
                                                  "head (KT. CHỦ NHIỆM / PHÓ CHỦ NHIỆM)."),
                                      widget=forms.Textarea(attrs={"rows": 2}))
    signer_name = forms.CharField(
        label=_("Signer's name"), max_length=128, required=False,
        help_text=_("Empty: the head recorded on the issuing unit's page."))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        today = timezone.localdate()
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"year": today.year - 1, "date": today,
                             "place": settings.CNQP_REPORT_PLACE, **kwargs["initial"]}
        super().__init__(*args, **kwargs)
        self.user = user
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = units_in_reach(user).exclude(kind="user_unit").order_by("path")
        if not user.sees_all_units:
            # Figures of "the whole directorate" would be only this user's part of it.
            unit.required = True
            unit.empty_label = None
            self.initial.setdefault("unit", user.org_unit.code if user.org_unit else None)
        issuer = self.fields["issuer"]
        assert isinstance(issuer, forms.ModelChoiceField)
        issuer.queryset = unit.queryset
        sections = self.fields["sections"]
        assert isinstance(sections, forms.MultipleChoiceField)
        offered = sections_for(user)
        sections.choices = [(s.key, s.title) for s in offered]
        own = user.org_unit
        if own is not None and own.kind == OrgUnitKind.DEPARTMENT and user.sees_all_units:
            # a department's staff report on their domain for the whole directorate
            self.initial.setdefault("issuer", own.code)
            domain = [s.key for s in offered if s.key in own.domain_list]
            if domain:
                self.initial.setdefault("sections", domain)
        self.initial.setdefault("sections", [s.key for s in offered])
        self._show_the_default_signer()

    def _show_the_default_signer(self) -> None:
        """The head of the unit the report would speak for, as the boxes' placeholders: the
        value stays empty so that another issuing unit chosen here signs with its own."""
        code = self.initial.get("issuer") or self.initial.get("unit")
        unit = OrgUnit.objects.filter(code=code).first() if code else None
        try:
            unit = unit or issuing_unit(None)
        except ValueError:  # no organisation yet
            return
        self.fields["signer_position"].widget.attrs["placeholder"] = default_position(unit)
        if unit.head_name:
            self.fields["signer_name"].widget.attrs["placeholder"] = unit.head_name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == ReportKind.CUSTOM:
            if not data.get("start"):
                self.add_error("start", _("A custom period needs its first day."))
            if not data.get("end"):
                self.add_error("end", _("A custom period needs its last day."))
            if data.get("start") and data.get("end") and data["start"] > data["end"]:
                self.add_error("end", _("The period ends before it starts."))
        elif kind and not data.get("year"):
            self.add_error("year", _("Give the year."))
        return data

    def period(self) -> ReportPeriod:
        data = self.cleaned_data
        return period_for(data["kind"], data.get("year"), data.get("start"), data.get("end"))

    def spec(self) -> ReportSpec:
        data = self.cleaned_data
        recipients = [line.strip(" -;.") for line in data.get("recipients", "").splitlines()]
        return ReportSpec(
            kind=data["kind"], period=self.period(), unit=data.get("unit"),
            sections=list(data["sections"]), number=data.get("number") or "",
            date=data["date"], place=data["place"],
            recipients=[r for r in recipients if r],
            signer_position=data.get("signer_position", "").strip(),
            signer_name=data.get("signer_name", "").strip(),
            issuer=data.get("issuer"))

    def chosen_formats(self) -> list[str]:
        return list(self.cleaned_data["formats"])
