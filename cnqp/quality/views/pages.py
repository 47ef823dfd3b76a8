"""Quality pages beyond plain CRUD: the triage queue, photos (upload, checked view), the
figures of a period with their charts, and the records behind each figure."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cnqp.core import audit
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import User
from cnqp.core.records.stored import file_response
from cnqp.core.units import producing_units, units_in_reach
from cnqp.documents.models import ProductType
from cnqp.production.models import Inspection
from cnqp.production.selectors import node_related
from cnqp.quality import metrics as quality_metrics
from cnqp.quality import report, selectors, services
from cnqp.quality.choices import ReportStatus, Severity
from cnqp.quality.figures_page import FIGURE_LABELS, page_context
from cnqp.quality.forms import (
    CloseReportForm,
    OpenNonConformanceForm,
    PhotoForm,
    QualityPeriodForm,
)
from cnqp.quality.resources import TRIAGE, field_reports, nonconformances, photos

RECORD_FIGURES = ("inspected", "passed", "delivered", "defects")


@login_required
@require_GET
def triage_queue(request: HttpRequest) -> HttpResponse:
    """Reports awaiting triage that the user may triage: on the products of their unit, or
    all for the directorate; the most severe and the oldest first."""
    user = field_reports.require(request.user, TRIAGE)
    waiting = field_reports.list_queryset(user).filter(status=ReportStatus.NEW)
    if not user.sees_all_units:
        waiting = waiting.filter(enterprise__in=units_in_reach(user))
    order = Case(*(When(severity=s, then=Value(i)) for i, s in enumerate(Severity.values)),
                 output_field=IntegerField())
    page = Paginator(waiting.annotate(rank=order).order_by("rank", "occurred_on", "pk")
                     .prefetch_related("photos"), 20).get_page(request.GET.get("page"))
    audit.record_listing(user, field_reports.model, list(page.object_list))
    return TemplateResponse(request, "quality/triage.html", {
        "page": page, "open_form": OpenNonConformanceForm(), "close_form": CloseReportForm()})


@login_required
@require_POST
def add_photos(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)  # behind login_required
    report = field_reports.get_for(user, pk, "update")
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_photos(user, report, form.cleaned_data["photos"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Photos added."))
    else:
        messages.error(request, _("Choose a photo."))
    return redirect("quality:field-reports-detail", pk=report.pk)


@login_required
@require_GET
def photo_file(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    """The photo's bytes, after checking their SHA-256; a mismatch is refused and audited."""
    user = cast(User, request.user)  # behind login_required
    return file_response(user, photos.get_for(user, pk))


def period_from(request: HttpRequest, user: User) -> tuple[QualityPeriodForm, dict[str, Any]]:
    today = timezone.localdate()
    initial = {"start": dt.date(today.year, 1, 1), "end": dt.date(today.year, 12, 31)}
    form = QualityPeriodForm(request.GET or None, user=user, initial=initial)
    chosen = {**initial, "product_type": None, "enterprise": None}
    if form.is_bound and form.is_valid():
        chosen.update(form.cleaned_data)
    return form, chosen


@login_required
@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    """The figures of a period, by product type, enterprise and root-cause stage: every
    number links to the records it counts; the charts link the same way."""
    user = nonconformances.require(request.user)
    form, chosen = period_from(request, user)
    figures = quality_metrics.read(user, ReportPeriod(chosen["start"], chosen["end"]),
                                   chosen["enterprise"], chosen["product_type"])
    return TemplateResponse(request, "quality/figures.html", {
        "form": form, "figures": figures, "section": report.render_section(figures),
        **page_context(figures, chosen)})


@login_required
@require_GET
def figure_records(request: HttpRequest) -> HttpResponse:
    """The records one figure counts (inspections, serials...), with links to them."""
    user = nonconformances.require(request.user)
    figure = request.GET.get("figure", "")
    if figure not in RECORD_FIGURES:  # the others are listed by their own pages
        raise Http404
    form, chosen = period_from(request, user)
    product_type = ProductType.objects.filter(pk=request.GET.get("product_type") or 0).first()
    enterprise = producing_units().filter(pk=request.GET.get("enterprise") or 0).first()
    records = selectors.figure_records(user, figure, selectors.Period(chosen["start"],
                                                                     chosen["end"]),
                                       product_type=product_type, enterprise=enterprise)
    records = (records.select_related(*node_related("target"), "template")
               if records.model is Inspection
               else records.select_related("product_type", "enterprise"))
    page = Paginator(records.order_by("pk"), 50).get_page(request.GET.get("page"))
    audit.record_listing(user, records.model, list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(request, "quality/figure_records.html", {
        "figure": FIGURE_LABELS[figure], "page": page, "chosen": chosen, "form": form,
        "is_inspection": records.model is Inspection, "product_type": product_type,
        "enterprise": enterprise, "querystring": query.urlencode()})
