from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cnqp.core.records.forms import ScopedModelForm, StyledForm
from cnqp.core.units import producing_units
from cnqp.documents.models import DocumentSet, ProductType, Revision, UsageRight


class ProductTypeForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = ProductType
        fields = ["code", "name", "group", "category", "producers", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["producers"].queryset = producing_units()  # type: ignore[attr-defined]


class DocumentSetForm(ScopedModelForm):
    class Meta:
        model = DocumentSet
        fields = ["code", "title", "kind", "product_type", "owner_unit", "classification",
                  "description"]


class RevisionForm(ScopedModelForm):
    class Meta:
        model = Revision
        fields = ["document_set", "reason", "plan_year"]


class RevisionChangeForm(ScopedModelForm):
    """A draft's edit: its reason and the plan it serves; the set is fixed once the revision
    exists."""

    class Meta:
        model = Revision
        fields = ["reason", "plan_year"]


class UsageRightForm(ScopedModelForm):
    class Meta:
        model = UsageRight
        fields = ["document_set", "enterprise", "purpose", "valid_from", "valid_to",
                  "decision_number"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = producing_units()  # type: ignore[attr-defined]


class UsageRightChangeForm(ScopedModelForm):
    """A right's edit: its terms; the set and the enterprise are fixed once granted."""

    class Meta:
        model = UsageRight
        fields = ["purpose", "valid_from", "valid_to", "decision_number"]


class NoteForm(StyledForm):
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DateForm(StyledForm):
    """A step recorded afterwards takes the day it happened."""

    on_date = forms.DateField(label=_("Date"), required=False,
                              help_text=_("Today when left empty."))


class RevokeForm(NoteForm):
    on_date = forms.DateField(label=_("Revoked on"), required=False,
                              help_text=_("Today when left empty."))


class IssueForm(StyledForm):
    decision_number = forms.CharField(label=_("Issuing decision number"), max_length=64)
    issue_date = forms.DateField(label=_("Issue date"))
