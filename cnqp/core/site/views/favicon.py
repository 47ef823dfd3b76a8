"""/favicon.ico, which browsers and tools ask for whatever the page links: a temporary
redirect to the static file, whose URL carries the file's hash in production (a permanent
one would pin an old icon in browsers' caches)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_safe


@require_safe
def favicon_view(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(static("cnqp/favicon.ico"))
