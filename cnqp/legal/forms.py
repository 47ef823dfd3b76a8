"""Forms of legal work. Record forms offer only what the user may see and, as the lead unit or
the unit responsible, only the units they act for (ScopedModelForm); the cleaned keys are the
service's keyword names (records/resource.py). A draft's steps and rounds are taken on its
page: the step form (`StepForm`) names the stage reached, the issue step its number."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.core.models import OrgUnit
from cnqp.core.records.forms import ScopedForm, ScopedModelForm, StyledForm
from cnqp.legal.choices import Stage
from cnqp.legal.models import ConsultationRound, LegalDraft, LegalInstrument
from cnqp.legal.services import normal_number

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class LegalDraftForm(ScopedModelForm):
    owner_fields = ("lead_unit",)

    class Meta:
        model = LegalDraft
        fields = ["kind", "title", "lead_unit", "authority", "plan_year", "deadline", "notes",
                  "classification"]
        widgets = {"notes": TEXTAREA}


class LegalDraftChangeForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = LegalDraft
        fields = ["kind", "title", "authority", "plan_year", "deadline", "notes",
                  "classification"]
        widgets = {"notes": TEXTAREA}


class StepForm(StyledForm):
    stage = forms.TypedChoiceField(label=pgettext_lazy("legal", "Stage"), choices=Stage.choices,
                                   coerce=int)
    date = forms.DateField(label=_("Date"))
    decision = forms.CharField(label=_("Decision or outcome"), max_length=255, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}),
                           required=False)
    issued_number = forms.CharField(
        label=_("Issued number"), max_length=64, required=False,
        help_text=_("Only for the issue step: the number as printed (15/2021/TT-BQP)."))
    effective_from = forms.DateField(label=_("Effective from"), required=False,
                                     help_text=_("Only for the issue step; empty: the day it "
                                                 "is issued."))
    review_due_on = forms.DateField(label=_("Review due on"), required=False,
                                    help_text=_("Only for the issue step; empty: five years "
                                                "after it takes effect."))

    def clean_issued_number(self) -> str:
        return normal_number(self.cleaned_data.get("issued_number"))


class RoundForm(ScopedModelForm):
    owner_fields = ()
    units = forms.ModelMultipleChoiceField(label=_("Units consulted"),
                                           queryset=OrgUnit.objects.all(), required=False)

    class Meta:
        model = ConsultationRound
        fields = ["draft", "sent_on", "responses_due", "units", "external_bodies",
                  "responses_received", "closed_on", "note"]
        widgets = {"note": TEXTAREA}


class RoundChangeForm(ScopedModelForm):
    owner_fields = ()
    units = forms.ModelMultipleChoiceField(label=_("Units consulted"),
                                           queryset=OrgUnit.objects.all(), required=False)

    class Meta:
        model = ConsultationRound
        fields = ["sent_on", "responses_due", "units", "external_bodies",
                  "responses_received", "closed_on", "note"]
        widgets = {"note": TEXTAREA}


class CloseRoundForm(ScopedForm):
    closed_on = forms.DateField(label=_("Closed on"))
    responses_received = forms.IntegerField(label=_("Responses received"), min_value=0,
                                            max_value=10000)


class LegalInstrumentForm(ScopedModelForm):
    owner_fields = ("unit",)

    class Meta:
        model = LegalInstrument
        fields = ["number", "kind", "title", "authority", "issued_on", "effective_from",
                  "status", "ended_on", "review_due_on", "unit", "notes", "classification"]
        widgets = {"notes": TEXTAREA}

    def clean_number(self) -> str:
        """As stored (services.normal_number), so that the uniqueness check sees the stored
        form, and a number taken by a hidden document is audited as a probe."""
        return normal_number(self.cleaned_data.get("number"))
