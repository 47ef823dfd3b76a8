"""The signed-in user's own page: profile, daily digest, second factor, API tokens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cnqp.core import services
from cnqp.core.models import ApiToken
from cnqp.core.records.forms import StyledForm


class TokenForm(StyledForm):
    name = forms.CharField(label=gettext_lazy("Token name"), max_length=64)
    expires_at = forms.DateField(label=gettext_lazy("Expires on"), required=False)


@login_required
def account_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.create_api_token(
                user, user=user, name=form.cleaned_data["name"],
                expires_at=form.cleaned_data["expires_at"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=user).order_by("-created_at")
    return render(request, "core/account.html", {
        "form": form, "tokens": tokens, "new_token": new_token,
        "recovery_codes_left": services.recovery_codes_left(user) if user.totp_enabled else 0})


@login_required
@require_POST
def digest_view(request: HttpRequest) -> HttpResponse:
    """The daily digest turned on or off (the account page's switch)."""
    on = request.POST.get("daily_digest") == "on"
    services.set_daily_digest(request.user, request.user, on)  # type: ignore[arg-type]
    messages.success(request, _("You will get a daily digest.") if on
                     else _("You will no longer get a daily digest."))
    return redirect("core:account")


@login_required
@require_POST
def revoke_token_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_api_token(request.user, token)  # type: ignore[arg-type]
    messages.success(request, _("Token revoked."))
    return redirect("core:account")
