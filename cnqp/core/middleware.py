from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from cnqp.core.audit import audit_context
from cnqp.core.choices import AuditSource

SECOND_FACTOR_DONE = "cnqp_second_factor_done"


def client_address(request: HttpRequest) -> str | None:
    # Behind the documented reverse proxy, REMOTE_ADDR is set from X-Real-IP by gunicorn's
    # forwarded-allow-ips; the header itself is never trusted here.
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    """Gives audit entries written during a request its address and source."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = AuditSource.API if request.path.startswith("/api/") else AuditSource.WEB
        with audit_context(source, client_address(request)):
            return self.get_response(request)


class SecondFactorMiddleware:
    """A signed-in session must pass the second factor when the user has one, and a user with
    Top secret clearance must enrol one before anything else."""

    exempt_prefixes = ("/static/", "/healthz", "/api/", "/i18n/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.session.get(SECOND_FACTOR_DONE)
            and not request.path.startswith(self.exempt_prefixes)
        ):
            allowed = {reverse("core:second-factor"), reverse("core:totp-enrol"),
                       reverse("core:logout")}
            if request.path not in allowed:
                if getattr(user, "totp_enabled", False):
                    return redirect("core:second-factor")
                if getattr(user, "requires_second_factor", False):
                    return redirect("core:totp-enrol")
        return self.get_response(request)
