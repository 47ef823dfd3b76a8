"""Log-in (password, then the second factor when the user has one), log-out, TOTP enrolment."""

from __future__ import annotations

from typing import Any

import pyotp
import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from cnqp.core import audit, services
from cnqp.core.accounts.login import (
    authenticate_with_lockout,
    clear_failures,
    record_login,
    second_factor_failed,
)
from cnqp.core.accounts.second_factor import SECOND_FACTOR_DONE
from cnqp.core.audit.context import client_address
from cnqp.core.choices import AuditAction
from cnqp.core.records.forms import StyledForm

PENDING_USER = "cnqp_pending_user"


class LoginForm(StyledForm):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    password = forms.CharField(label=gettext_lazy("Password"), strip=False,
                               widget=forms.PasswordInput)


class CodeForm(StyledForm):
    code = forms.CharField(label=gettext_lazy("Code from the authenticator app"), max_length=8,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                         "inputmode": "numeric"}))


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = authenticate_with_lockout(request, form.cleaned_data["username"],
                                           form.cleaned_data["password"], client_address(request))
        if result.user is None:
            form.add_error(None, result.error)
        else:
            login(request, result.user)
            record_login(result.user)
            if result.user.totp_enabled:
                query = urlencode({"next": _next_url(request)})
                return redirect(f"{reverse('core:second-factor')}?{query}")
            request.session[SECOND_FACTOR_DONE] = not result.user.requires_second_factor
            if result.user.requires_second_factor:
                messages.warning(request, _("Your clearance requires a second factor: "
                                            "set it up to continue."))
                return redirect("core:totp-enrol")
            return redirect(_next_url(request))
    return render(request, "core/login.html", {"form": form, "next": _next_url(request)})


class RecoveryCodeForm(StyledForm):
    recovery_code = forms.CharField(
        label=gettext_lazy("Recovery code"), max_length=32,
        help_text=gettext_lazy("One of the codes you kept when you turned the second factor "
                               "on, such as ABCDE-FGHIJ. Each works once."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false"}))


@login_required
@never_cache
def second_factor_view(request: HttpRequest) -> HttpResponse:
    """The code from the authenticator app or, with `?recovery=1` (the phone is lost), one of
    the user's recovery codes; a wrong one of either counts towards the lockout."""
    user: Any = request.user
    if request.session.get(SECOND_FACTOR_DONE) or not user.totp_enabled:
        return redirect(_next_url(request))
    if user.is_locked:
        return _locked_out(request)
    recovering = request.GET.get("recovery") == "1" or "recovery_code" in request.POST
    form: forms.Form = (RecoveryCodeForm if recovering else CodeForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if recovering:
            passed = services.use_recovery_code(user, form.cleaned_data["recovery_code"])
        else:
            passed = services.verify_totp(user, form.cleaned_data["code"])
        if passed:
            clear_failures(user.username)
            request.session.cycle_key()
            request.session[SECOND_FACTOR_DONE] = True
            if recovering:
                _recovery_code_used(request, user)
            return redirect(_next_url(request))
        # Wrong codes count towards the lockout, like wrong passwords.
        if second_factor_failed(user, client_address(request)):
            return _locked_out(request)
        if recovering:
            form.add_error("recovery_code", _("The recovery code is wrong or has been used."))
        else:
            form.add_error("code", _("The code is wrong or has expired."))
    query = urlencode({"next": _next_url(request)})
    return render(request, "core/second_factor.html", {
        "form": form, "next": _next_url(request), "recovering": recovering,
        "recovery_url": f"{reverse('core:second-factor')}?recovery=1&{query}",
        "code_url": f"{reverse('core:second-factor')}?{query}"})


def _recovery_code_used(request: HttpRequest, user: Any) -> None:
    left = services.recovery_codes_left(user)
    messages.warning(request, ngettext(
        "You signed in with a recovery code: %(count)d code is left. Each code works once: "
        "make a new set in My account before they run out.",
        "You signed in with a recovery code: %(count)d codes are left. Each code works once: "
        "make a new set in My account before they run out.",
        left) % {"count": left})


def _locked_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.error(request, _("This account is locked after repeated failed log-ins. "
                              "Try again later or ask an administrator to unlock it."))
    return redirect("core:login")


@login_required
@never_cache
def totp_enrol_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.totp_enabled:
        # Never show or replace an active secret here (whatever the method): a session that
        # has only passed the password could otherwise read the secret and forge codes.
        return render(request, "core/totp_enrol.html", {"enabled": True})
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_totp_enrolment(user, form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc.messages[0])
        else:
            request.session[SECOND_FACTOR_DONE] = True
            messages.success(request, _("The second factor is on."))
            # Shown in this response, never after a redirect: the codes are not kept anywhere.
            return _show_recovery_codes(request, codes, reverse("core:home"))
    if request.method == "GET" or not user.totp_secret:
        services.start_totp_enrolment(user)
    uri = pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.username,
                                                        issuer_name=settings.TOTP_ISSUER)
    qr_svg = segno.make(uri, error="m").svg_inline(scale=5)
    return render(request, "core/totp_enrol.html",
                  {"form": form, "secret": user.totp_secret, "qr_svg": qr_svg})


@login_required
@require_POST
@never_cache
def recovery_codes_view(request: HttpRequest) -> HttpResponse:
    """A new set of recovery codes, replacing the old: only for a session that has passed the
    second factor (one past the password alone could otherwise mint its own way in)."""
    user: Any = request.user
    if not (user.totp_enabled and request.session.get(SECOND_FACTOR_DONE)):
        messages.error(request, _("Turn the second factor on first."))
        return redirect("core:account")
    codes = services.generate_recovery_codes(user, user)
    return _show_recovery_codes(request, codes, reverse("core:account"))


def _show_recovery_codes(request: HttpRequest, codes: list[str], then: str) -> HttpResponse:
    """The codes, once (the views are never_cache: no browser or proxy keeps the page)."""
    return render(request, "core/recovery_codes.html", {"codes": codes, "continue_url": then})


@login_required
@require_POST
def totp_disable_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    try:
        services.disable_totp(user, user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The second factor is off."))
    return redirect("core:account")


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.record(AuditAction.LOGOUT, actor=request.user, obj=request.user)  # type: ignore[arg-type]
    logout(request)
    return redirect("core:login")


