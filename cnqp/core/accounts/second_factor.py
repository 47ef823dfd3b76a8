"""The second factor (TOTP) a session owes: `SecondFactorMiddleware` sends a signed-in session
that has not passed it to the code or enrolment page; the API's session auth asks the same
question through `second_factor_step`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

SECOND_FACTOR_DONE = "cnqp_second_factor_done"


def second_factor_step(user: Any, session: Any) -> str:
    """What a signed-in session still owes: "code" (the user has TOTP and has not entered a
    code in this session), "enrol" (the clearance requires TOTP and the user has none, even
    when the clearance was raised after log-in), or "" (nothing)."""
    if getattr(user, "totp_enabled", False):
        return "" if session.get(SECOND_FACTOR_DONE) else "code"
    if getattr(user, "requires_second_factor", False):
        return "enrol"
    return ""


class SecondFactorMiddleware:
    """A signed-in session must pass the second factor when the user has one, and a user with
    Top secret clearance must enrol one before anything else."""

    exempt_prefixes = ("/static/", "/healthz", "/api/", "/i18n/", "/favicon.ico")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not request.path.startswith(self.exempt_prefixes):
            step = second_factor_step(request.user, request.session)
            allowed = {reverse("core:second-factor"), reverse("core:totp-enrol"),
                       reverse("core:logout")}
            if step and request.path not in allowed:
                return redirect("core:second-factor" if step == "code" else "core:totp-enrol")
        return self.get_response(request)
