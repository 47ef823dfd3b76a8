"""What a request adds to the audit entries written while it runs: the client's address and
the source (web or API)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from cnqp.core.audit import audit_context
from cnqp.core.choices import AuditSource


def client_address(request: HttpRequest) -> str | None:
    """The client's address for the audit log and log-in throttling. X-Forwarded-For is read
    only from a proxy listed in TRUSTED_PROXIES, and then only its last hop (the address that
    proxy saw), which a client cannot forge."""
    remote = request.META.get("REMOTE_ADDR") or None
    if remote and remote in settings.TRUSTED_PROXIES:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return remote


class AuditContextMiddleware:
    """Gives audit entries written during a request its address and source."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = AuditSource.API if request.path.startswith("/api/") else AuditSource.WEB
        with audit_context(source, client_address(request)):
            return self.get_response(request)


