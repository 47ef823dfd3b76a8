"""Production pages beyond plain CRUD: the year board, the inspection entry form, and the
pure evaluation endpoint the form calls while values are typed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.figures import metrics
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.records.resource import attach_errors
from cnqp.production import services
from cnqp.production.choices import InspectionStage
from cnqp.production.evaluation import evaluate, parse_value
from cnqp.production.forms import InspectionEntryForm
from cnqp.production.models import Characteristic, InspectionTemplate, PlanItem, TraceNode
from cnqp.production.report import ProductionFigures
from cnqp.production.resources import RECORD_INSPECTION, inspections, plans
from cnqp.production.selectors import visible_node


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """The plans of a year: per enterprise the N/M figure, and the directorate's (the metric
    registry's, as the report and the home page print them)."""
    user = plans.require(request.user)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if not dt.MINYEAR <= year <= dt.MAXYEAR:  # a year no date can have
        year = today.year
    figures: ProductionFigures = metrics.read("production", user, ReportPeriod.annual(year))
    years = sorted(set(scope_queryset(PlanItem.objects.all(), user)
                       .values_list("plan__year", flat=True)) | {year}, reverse=True)
    return TemplateResponse(request, "production/board.html", {
        "year": year, "years": years, "completion": figures.completion})


def _values(request: HttpRequest, characteristics: list[Characteristic]
            ) -> dict[int, Decimal | None]:
    assert all(c.pk is not None for c in characteristics)
    return {cast(int, c.pk): parse_value(request.POST.get(f"value_{c.pk}"))
            for c in characteristics}


def _target(request: HttpRequest) -> TraceNode:
    raw = request.GET.get("target") or request.POST.get("target") or ""
    return visible_node(request.user, raw)


@login_required
@require_http_methods(["GET", "POST"])
def record_inspection(request: HttpRequest) -> HttpResponse:
    """Record an inspection of one item (`?target=<trace node>&stage=...`): the template's
    characteristics, one value each; the result is computed, shown live, and stored."""
    user = inspections.require(request.user, RECORD_INSPECTION)
    target = _target(request)
    stage = request.GET.get("stage") or request.POST.get("stage") or ""
    if stage not in InspectionStage.values:
        stage = InspectionStage.FINAL_ACCEPTANCE
    form = InspectionEntryForm(request.POST or None, stage=stage,
                               initial={"date": timezone.localdate(),
                                        "template": request.GET.get("template")})
    template_id = request.POST.get("template") or request.GET.get("template") or ""
    template = InspectionTemplate.objects.filter(
        pk=int(template_id) if template_id.isdigit() else 0, stage=stage).first()
    characteristics = list(template.characteristics.order_by("position", "pk")) \
        if template else []
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.record_inspection(
                user, target=target, template=form.cleaned_data["template"],
                stage=stage, date=form.cleaned_data["date"],
                values=_values(request, characteristics),
                operation_step=form.cleaned_data["operation_step"],
                note=form.cleaned_data["note"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Inspection recorded: %(result)s.") % {
                "result": inspection.get_result_display().lower()})
            return redirect("production:inspections-detail", pk=inspection.pk)
    return TemplateResponse(request, "production/inspection_form.html", {
        "form": form, "target": target, "item": target.item, "stage": stage,
        "stage_label": InspectionStage(stage).label, "template": template,
        "characteristics": characteristics,
        "rows": [(c, request.POST.get(f"value_{c.pk}", "")) for c in characteristics],
    })


@login_required
@require_POST
def evaluate_values(request: HttpRequest) -> HttpResponse:
    """The pure rule on the typed values, no write: the entry form's live result."""
    template_id = request.POST.get("template", "")
    template = InspectionTemplate.objects.filter(
        pk=template_id if template_id.isdigit() else 0).first()
    characteristics = list(template.characteristics.order_by("position", "pk")) \
        if template else []
    verdict = evaluate(characteristics, _values(request, characteristics))
    return TemplateResponse(request, "production/_evaluation.html", {
        "verdict": verdict, "template": template,
        "out": set(verdict.out_of_limits), "missing": set(verdict.missing)})
