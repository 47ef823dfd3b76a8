"""A directive's indicators year by year, loaded on demand into its page (each year of each
source is computed: at the directorate's scale that is seconds, not for every visit)."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from cnqp.core.models import User
from cnqp.directives import selectors
from cnqp.directives.resources import directives


@login_required
@require_GET
def trend(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)  # behind login_required
    directive = directives.get_for(user, pk)
    today = timezone.localdate()
    indicators = [i for i in selectors.visible_indicators(user, directive)
                  .order_by("item__position", "position", "pk") if i.is_bound]
    found = selectors.trends(user, indicators, today)
    years = sorted({year for rows in found.values() for year, _value in rows})
    rows = [(i, dict(found[i.pk])) for i in indicators]
    return TemplateResponse(request, "directives/_trend.html", {
        "years": years, "rows": [(i, [values.get(y) for y in years]) for i, values in rows]})


urlpatterns: list[URLPattern] = [
    path("directives/<int:pk>/trend/", trend, name="directives-trend"),
]
