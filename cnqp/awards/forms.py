"""Forms of emulation and awards. Record forms offer only what the user may see and, as the
launching or recipient unit, only the units they act for (ScopedModelForm); the cleaned keys
are the service's keyword names (records/resource.py)."""

from __future__ import annotations

from django import forms

from cnqp.awards.models import Award, AwardTitle, Movement
from cnqp.core.records.forms import ScopedModelForm

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class AwardTitleForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = AwardTitle
        fields = ["code", "name", "category", "level", "recipient_kind", "order",
                  "valid_from", "valid_to", "legal_basis", "description"]
        widgets = {"description": TEXTAREA}


class MovementForm(ScopedModelForm):
    owner_fields = ("launching_unit",)

    class Meta:
        model = Movement
        fields = ["name", "kind", "launching_unit", "start", "end", "description",
                  "classification"]
        widgets = {"description": TEXTAREA}


class MovementChangeForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = Movement
        fields = ["name", "kind", "start", "end", "description", "classification"]
        widgets = {"description": TEXTAREA}


class AwardForm(ScopedModelForm):
    owner_fields = ("unit",)

    class Meta:
        model = Award
        fields = ["title", "unit", "person_name", "person_position", "movement", "authority",
                  "decision_number", "decision_date", "reason", "classification"]
        widgets = {"reason": TEXTAREA}


class AwardChangeForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = Award
        fields = ["title", "person_name", "person_position", "movement", "authority",
                  "decision_number", "decision_date", "reason", "classification"]
        widgets = {"reason": TEXTAREA}
