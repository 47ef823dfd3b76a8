"""Headers every response carries beyond Django's own (nosniff, referrer policy, frame
options): a Content-Security-Policy that lets the browser run only the application's own
scripts. The pages carry no inline script (behaviour is declared with data attributes read
by cnqp.js); styles may be inline (Bootstrap's and the charts' attributes); nothing is
fetched from another origin, as on an isolated network nothing could be."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = settings.CNQP_CONTENT_SECURITY_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
