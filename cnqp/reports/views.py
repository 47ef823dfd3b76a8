"""Report pages: the builder, the HTML preview (built from the same in-memory report as the
files), the detail of a generated report (its stored content, job progress, downloads) and
the audited downloads."""

from __future__ import annotations

import io
from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods

from cnqp.core import audit
from cnqp.core.choices import AuditAction
from cnqp.core.models import User
from cnqp.core.records.resource import attach_errors
from cnqp.reports import services
from cnqp.reports.assembly import build_report
from cnqp.reports.detail import chart_data
from cnqp.reports.forms import ReportBuilderForm
from cnqp.reports.resources import generated


@login_required
@require_http_methods(["GET", "POST"])
def builder(request: HttpRequest) -> HttpResponse:
    """The form; POST asks for the report and opens its page, where the job's progress
    shows."""
    user = generated.require(request.user, services.GENERATE_PERMISSION)
    form = ReportBuilderForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.start_generation(user, form.spec(), form.chosen_formats())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect("reports:generated-detail", pk=report.pk)
    return TemplateResponse(request, "reports/builder.html", {"form": form})


@login_required
@require_GET
def preview(request: HttpRequest) -> HttpResponse:
    """The report the builder's fields describe, as HTML, computed now for this user; the
    same object the DOCX is rendered from."""
    user = generated.require(request.user, services.GENERATE_PERMISSION)
    form = ReportBuilderForm(request.GET, user=user)
    if not form.is_valid():
        return TemplateResponse(request, "reports/builder.html", {"form": form})
    spec = form.spec()
    try:
        services.check_request(user, spec, form.chosen_formats())
    except ValidationError as exc:
        attach_errors(form, exc)
        return TemplateResponse(request, "reports/builder.html", {"form": form})
    if not spec.number:
        from dataclasses import replace

        spec = replace(spec, number=services.next_number(spec.unit, spec.date.year,
                                                              spec.issuer))
    report = build_report(user, spec)
    if report.classification:
        audit.record(AuditAction.VIEW, actor=user, object_type="reports.preview",
                     object_repr=f"{report.header.number_line} {report.header.title}"[:255],
                     classification=report.classification, changes=spec.as_params())
    return TemplateResponse(request, "reports/preview.html", {
        "form": form, "report": report, "charts": chart_data(report),
        "query": request.GET.urlencode()})


@login_required
@require_GET
def download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """A file of a generated report: checked against its SHA-256, then audited."""
    user = cast(User, request.user)
    report = generated.get_for(user, pk)
    data = services.read_download(user, report, fmt)
    if data is None:
        raise Http404
    return FileResponse(io.BytesIO(data), as_attachment=True,
                        filename=services.download_name(report, fmt))
