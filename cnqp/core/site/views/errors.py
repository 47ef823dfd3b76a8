"""The error pages Django's default handlers do not draw in the site's layout: a request it
cannot make sense of (400: its own `bad_request` renders the template with no request, so no
menu and no language) and a form whose CSRF token failed (`CSRF_FAILURE_VIEW`: usually a form
left open past the session, or the log-in page of another tab). 403, 404 and 500 are Django's
handlers over the site's templates (cnqp/templates)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

log = logging.getLogger(__name__)


def bad_request_view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400 in the site's layout. A request this bad (a host outside ALLOWED_HOSTS, say) may
    fail the layout itself: then the plain page, never a 500."""
    try:
        return render(request, "400.html", status=400)
    except Exception:  # the layout asked the bad request for something it cannot give
        log.warning("the 400 page fell back to plain text", exc_info=True)
        return HttpResponseBadRequest("400 Bad Request", content_type="text/plain")


def csrf_failure_view(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 saying the form expired, with the way back to the page the form was on (its
    address reloaded gives a fresh token) when that page is one of this site's."""
    referer = request.META.get("HTTP_REFERER", "")
    back = referer if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()) else ""
    return render(request, "403_csrf.html", {"back": back, "reason": reason}, status=403)
