"""Forms of international cooperation. Record forms offer only what the user may see and, as
the owning unit, only the units they act for (ScopedModelForm); the cleaned keys are the
service's keyword names (records/resource.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cnqp.cooperation.models import (
    Agreement,
    Delegation,
    Exhibition,
    ExhibitionEntry,
    ExportContract,
    FollowUp,
)
from cnqp.core.records.forms import ScopedModelForm, StyledForm

TEXTAREA = forms.Textarea(attrs={"rows": 3})
AGREEMENT = ["country", "partner", "subject", "kind", "status", "signed_on", "valid_until",
             "note", "classification"]
DELEGATION = ["direction", "country", "partner", "purpose", "start", "end", "head", "members",
              "note", "classification"]
EXHIBITION = ["name", "kind", "international", "country", "place", "start", "end",
              "organiser", "note", "classification"]
ENTRY = ["products", "product_count", "contacts", "contracts_signed"]
CONTRACT = ["number", "country", "buyer", "subject", "category", "signed_on", "value",
            "currency", "amount", "classification"]


class AgreementForm(ScopedModelForm):
    owner_fields = ("lead_unit",)

    class Meta:
        model = Agreement
        fields = [*AGREEMENT[:4], "lead_unit", *AGREEMENT[4:]]
        widgets = {"note": TEXTAREA}


class AgreementChangeForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = Agreement
        fields = AGREEMENT
        widgets = {"note": TEXTAREA}


class FollowUpForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = FollowUp
        fields = ["agreement", "action", "owner_unit", "due_on", "done_on", "note"]
        widgets = {"note": TEXTAREA}


class FollowUpChangeForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = FollowUp
        fields = ["action", "due_on", "done_on", "note"]
        widgets = {"note": TEXTAREA}


class CompleteForm(StyledForm):
    on_date = forms.DateField(label=_("Done on"), required=False, help_text=_("Empty: today."))
    note = forms.CharField(label=_("Note"), required=False, widget=TEXTAREA)


class DelegationForm(ScopedModelForm):
    owner_fields = ("lead_unit",)

    class Meta:
        model = Delegation
        fields = [*DELEGATION[:8], "lead_unit", *DELEGATION[8:]]
        widgets = {"note": TEXTAREA}


class DelegationChangeForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = Delegation
        fields = DELEGATION
        widgets = {"note": TEXTAREA}


class ExhibitionForm(ScopedModelForm):
    owner_fields = ("lead_unit",)

    class Meta:
        model = Exhibition
        fields = [*EXHIBITION[:8], "lead_unit", *EXHIBITION[8:]]
        widgets = {"note": TEXTAREA}


class ExhibitionChangeForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = Exhibition
        fields = EXHIBITION
        widgets = {"note": TEXTAREA}


class EntryForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = ExhibitionEntry
        fields = ["exhibition", "unit", *ENTRY]
        widgets = {"products": TEXTAREA, "contacts": TEXTAREA}


class EntryChangeForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = ExhibitionEntry
        fields = ENTRY
        widgets = {"products": TEXTAREA, "contacts": TEXTAREA}


class ContractForm(ScopedModelForm):
    owner_fields = ("unit",)

    class Meta:
        model = ExportContract
        fields = ["unit", *CONTRACT]


class ContractChangeForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = ExportContract
        fields = CONTRACT
