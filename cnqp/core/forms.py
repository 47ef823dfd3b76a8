"""The core app's own forms: org units and users."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.roles import ROLES
from cnqp.core.models import OrgUnit, User
from cnqp.core.records.forms import ScopedModelForm


class OrgUnitForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = OrgUnit
        fields = ["code", "name", "short_name", "kind", "parent", "domains", "address",
                  "head_title", "head_name", "is_active"]


class UserForm(ScopedModelForm):
    owner_fields = ("org_unit",)
    roles = forms.MultipleChoiceField(
        label=_("Roles"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(code, role.label) for code, role in ROLES.items()],
    )
    password = forms.CharField(
        label=_("Password"), required=False, strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Required for a new user; leave empty to keep the current password."),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "title", "org_unit", "clearance",
                  "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["roles"] = sorted(self.instance.role_codes)
        else:
            self.fields["password"].required = True


class ResetSecondFactorForm(forms.Form):
    """Why a user's second factor is reset: kept in the audit log and told to the user."""

    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(
        attrs={"rows": 2}), help_text=_("For example: phone lost, reported by the user in "
                                        "person on 07/12/2026."))
