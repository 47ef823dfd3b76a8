"""The page of a one-time set-up link: a user created without a password chooses one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from cnqp.core import services
from cnqp.core.accounts.setup import user_for_setup
from cnqp.core.records.forms import StyledForm


class SetupForm(StyledForm):
    password = forms.CharField(label=gettext_lazy("New password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    again = forms.CharField(label=gettext_lazy("New password (again)"), strip=False,
                            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("again") and data["password"] != data["again"]:
            self.add_error("again", _("The two passwords differ."))
        return data


@never_cache
@csrf_protect
@sensitive_post_parameters("password", "again")
def account_setup_view(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = user_for_setup(uidb64, token)
    if user is None:
        return render(request, "core/account_setup.html", {"invalid": True}, status=404)
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_user_password(user, user, form.cleaned_data["password"])
        except ValidationError as exc:
            form.add_error("password", exc.message_dict["password"])
        else:
            messages.success(request, _("Your password is set: log in with it."))
            return redirect("core:login")
    return render(request, "core/account_setup.html", {"form": form, "account": user})
