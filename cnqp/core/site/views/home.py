from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from cnqp.core.figures import dashboard
from cnqp.core.jobs import checkin
from cnqp.core.records.registry import resources


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    """The dashboard: each app's panels for this user (core.dashboard), this year against
    last year and the targets, every number a link to what it counts; then the lists the user
    may open (without counts: counting every list, tens of millions of rows in all, took
    seconds; the panels count what matters)."""
    user: Any = request.user
    today = timezone.localdate()
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today.year
    panels = dashboard.collect(user, year)
    charts = [{"id": f"dash-chart-{i}-{j}", "panel": panel.key, "chart": chart.chart,
               "kind": {"line": "lines", "pie": "pie", "stacked": "stacked"}.get(
                   chart.chart.kind, "bars"),
               "data": {"categories": chart.chart.categories,
                        "series": [{"name": name, "data": values}
                                   for name, values in chart.chart.series],
                        "links": chart.links}}
              for i, panel in enumerate(panels) for j, chart in enumerate(panel.charts)]
    return render(request, "core/home.html", {
        "tiles": _tiles(user), "panels": panels,
        "charts": charts, "year": year,
        "years": list(range(today.year, today.year - 6, -1))})


def _tiles(user: Any) -> list[dict[str, Any]]:
    """The lists the user may open."""
    return [{"label": resource.label_plural, "url": reverse(resource.url_name("list"))}
            for resource in resources() if user.has_perm(resource.perm("view"))]


def healthz_view(request: HttpRequest) -> HttpResponse:
    """This web process and its database (the task worker has `/healthz/worker`)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # the point is to answer, whatever broke
        return JsonResponse({"status": "error", "database": str(exc.__class__.__name__)},
                            status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def worker_healthz_view(request: HttpRequest) -> HttpResponse:
    """200 while a task worker has checked in within CNQP_WORKER_STALE_SECONDS, else 503;
    the body says how many are alive and when one was last seen (`jobs.checkin`)."""
    now = timezone.now()
    try:
        health = checkin.health(now)
    except Exception as exc:  # the point is to answer, whatever broke
        return JsonResponse({"status": "error", "database": str(exc.__class__.__name__)},
                            status=503)
    return JsonResponse(health.as_json(now), status=200 if health.ok else 503)
