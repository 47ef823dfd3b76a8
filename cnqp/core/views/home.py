from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from cnqp.core.registry import resources


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    """What this user may see, with counts computed through the scoping mechanism. The module
    dashboards (issue "Reports and dashboards") will take this page over."""
    user: Any = request.user
    tiles = []
    for resource in resources():
        if not user.has_perm(resource.perm("view")):
            continue
        tiles.append({"label": resource.label_plural,
                      "count": resource.queryset(user).count(),
                      "url": reverse(resource.url_name("list"))})
    return render(request, "core/home.html", {"tiles": tiles})


def healthz_view(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # the point is to answer, whatever broke
        return JsonResponse({"status": "error", "database": str(exc.__class__.__name__)},
                            status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})
