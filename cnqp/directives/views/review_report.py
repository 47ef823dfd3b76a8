"""The report of a held review: its HTML preview, each figure linking to the records it
counted, and its DOCX, PDF and XLSX, all rendered from one `Report` built from the frozen
figures the reader may see. A draft has no report. Every download is audited, with the
report's level; a classified preview too, as the periodic reports' preview is."""

from __future__ import annotations

import hashlib
import io
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cnqp.core import audit
from cnqp.core.choices import AuditAction
from cnqp.core.models import User
from cnqp.directives.choices import ReviewStatus
from cnqp.directives.models import Review
from cnqp.directives.resources import reviews
from cnqp.directives.review_report import ReviewReport, build_review_report, review_docx
from cnqp.reports.render.pdf import PdfError, docx_to_pdf
from cnqp.reports.render.xlsx import render_xlsx

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _held(user: User, pk: int) -> Review:
    """The review if `user` may see it and it is held; a draft has no report yet."""
    review: Review = reviews.get_for(user, pk)
    if review.status != ReviewStatus.FROZEN:
        raise Http404(_("A review has a report once it is held and its figures frozen."))
    return review


def _linked(built: ReviewReport) -> list[dict[str, Any]]:
    """The outline for the preview, each cell with the url of the records it counted."""
    parts = []
    for part in built.report.outline():
        tables = []
        for number, table in part.tables:
            links = built.links.get(number, [])
            rows = [[(value, links[r].get(c, "") if r < len(links) else "")
                     for c, value in enumerate(row)] for r, row in enumerate(table.rows)]
            tables.append({"number": number, "table": table, "rows": rows})
        parts.append({"part": part, "tables": tables})
    return parts


@login_required
@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)  # behind login_required
    review = _held(user, pk)
    built = build_review_report(user, review)
    report = built.report
    if report.classification:
        audit.record(AuditAction.VIEW, actor=user, obj=review,
                     classification=report.classification, changes={"report": "preview"})
    return TemplateResponse(request, "directives/review_report.html", {
        "object": review, "report": report, "parts": _linked(built),
        "formats": [(fmt, fmt.upper()) for fmt in CONTENT_TYPES]})


@login_required
@require_GET
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse | FileResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    user = cast(User, request.user)  # behind login_required
    review = _held(user, pk)
    built = build_review_report(user, review)
    if fmt == "xlsx":
        data = render_xlsx(built.report)
    else:
        data = review_docx(built)
        if fmt == "pdf":
            try:
                data = docx_to_pdf(data)
            except PdfError as exc:
                return HttpResponse(str(exc), status=503,
                                    content_type="text/plain; charset=utf-8")
    audit.record(AuditAction.DOWNLOAD, actor=user, obj=review,
                 classification=built.report.classification,
                 changes={"report": fmt, "sha256": hashlib.sha256(data).hexdigest()})
    name = f"BC-{review.owner_unit.code}-{review.held_on:%Y%m%d}.{fmt}"
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name,
                        content_type=CONTENT_TYPES[fmt])


urlpatterns: list[URLPattern] = [
    path("reviews/<int:pk>/report/", preview, name="review-report"),
    path("reviews/<int:pk>/report.<str:fmt>", download, name="review-report-file"),
]
