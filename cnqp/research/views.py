"""Research pages beyond plain CRUD: the pipeline by stage, and the figures of a period with
their charts. Both read through the resource's scoped queryset and the selectors."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cnqp.core import audit
from cnqp.core.choices import AuditAction
from cnqp.core.models import OrgUnit, User
from cnqp.core.records.export import XLSX_TYPE
from cnqp.core.records.forms import style_form
from cnqp.research import selectors
from cnqp.research.choices import PIPELINE, ProjectLevel, ProjectStatus
from cnqp.research.filters import ResearchProjectFilter
from cnqp.research.forms import ResearchPeriodForm
from cnqp.research.imports import register_xlsx
from cnqp.research.models import ResearchProject
from cnqp.research.report import FIGURE_LABELS, TABLE_FIGURES, render_section, research_figures
from cnqp.research.resources import projects

CARDS_PER_STAGE = 8
TREND_FIRST_YEAR = 2011


@login_required
@require_GET
def pipeline(request: HttpRequest) -> HttpResponse:
    """Projects per stage (columns) and level, with the latest cards of each stage."""
    user = projects.require(request.user)
    filterset = ResearchProjectFilter(request.GET, queryset=projects.queryset(user), user=user)
    chosen = filterset.qs if filterset.is_valid() else projects.queryset(user).none()
    style_form(filterset.form)
    grid = selectors.pipeline(chosen)
    ranked = chosen.filter(status__in=PIPELINE).select_related("host_unit").annotate(
        rank=Window(RowNumber(), partition_by=[F("status")],
                    order_by=[F("updated_at").desc(), F("pk").desc()]))
    cards = list(ranked.filter(rank__lte=CARDS_PER_STAGE))
    audit.record_listing(user, ResearchProject, cards)
    query = request.GET.copy()
    columns = []
    for stage in PIPELINE:
        query["status"] = stage.value
        columns.append({
            "stage": stage, "count": sum(grid[stage.value].values()),
            "by_level": [(ProjectLevel(level).label, n) for level, n in grid[stage.value].items()
                         if n],
            "cards": [p for p in cards if p.status == stage.value],
            "url": f"{reverse('research:projects-list')}?{query.urlencode()}",
        })
    side = {s: sum(grid[s].values()) for s in (ProjectStatus.SUSPENDED, ProjectStatus.CANCELLED)}
    return TemplateResponse(request, "research/pipeline.html", {
        "filter": filterset, "columns": columns, "side": side,
        "pipeline_filters": ("level", "project_type", "host_unit", "year"),
        "overdue": selectors.overdue_now(chosen).count(),
    })


def _trend(user: User, unit: OrgUnit | None, last_year: int) -> dict[str, Any]:
    """Per year since 2011: projects in execution, opened, accepted and applied."""
    years = list(range(TREND_FIRST_YEAR, last_year + 1))
    trend = selectors.yearly_trend(selectors.visible_projects(user, unit), years,
                                   ("opened", "accepted", "applied"))
    return {"categories": years,
            "series": [{"name": str(FIGURE_LABELS[n]), "data": v} for n, v in trend.items()]}


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """The figures of a period as the report prints them, each linked to the projects it
    counts, with the charts: projects by stage and level today, and the yearly trend."""
    user = projects.require(request.user)
    today = timezone.localdate()
    initial = {"start": dt.date(today.year, 1, 1), "end": dt.date(today.year, 12, 31)}
    form = ResearchPeriodForm(request.GET or None, user=user, initial=initial)
    start, end, unit = initial["start"], initial["end"], None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        unit = form.cleaned_data["unit"]
    result = research_figures(user, start, end, unit)
    link_query = {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")}
    if unit is not None:
        link_query["host_unit"] = str(unit.pk)
    base = reverse("research:projects-list")
    links = {name: f"{base}?{urlencode({**link_query, 'figure': name})}"
             for name in selectors.FIGURES}
    level_rows = [{"label": ProjectLevel(level).label,
                   "cells": [(result.by_level[f][level],
                              f"{links[f]}&{urlencode({'level': level})}")
                             for f in TABLE_FIGURES]}
                  for level in selectors.LEVELS]
    grid = selectors.pipeline(selectors.visible_projects(user, unit))
    by_stage = {"categories": [str(s.label) for s in PIPELINE],
                "series": [{"name": str(ProjectLevel(level).label),
                            "data": [grid[s.value][level] for s in PIPELINE]}
                           for level in selectors.LEVELS]}
    return TemplateResponse(request, "research/figures.html", {
        "form": form, "figures": result, "section": render_section(result),
        "links": links, "headers": [FIGURE_LABELS[f] for f in TABLE_FIGURES],
        "level_rows": level_rows,
        "totals": [(getattr(result, f), links[f]) for f in TABLE_FIGURES],
        "by_stage": by_stage, "trend": _trend(user, unit, min(end.year, today.year)),
    })


@login_required
@require_GET
def register_export(request: HttpRequest) -> HttpResponse:
    """The project register as XLSX, in the import's columns (so it imports back), with the
    list's filters; an export of classified projects is in the audit log."""
    user = projects.require(request.user)
    filterset = ResearchProjectFilter(request.GET, queryset=projects.queryset(user), user=user)
    chosen = filterset.qs if filterset.is_valid() else projects.queryset(user).none()
    rows = list(chosen.values_list("pk", "classification"))
    audit.record(AuditAction.EXPORT, actor=user, object_type="research.researchproject",
                 object_repr=_("Project register (xlsx)"),
                 classification=max((level for _pk, level in rows), default=0),
                 changes={"format": "xlsx", "count": len(rows),
                          "query": request.GET.urlencode(),
                          "classified_ids": [pk for pk, level in rows if level > 0]})
    response = HttpResponse(register_xlsx(chosen), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="so-dang-ky-de-tai.xlsx"'
    return response
