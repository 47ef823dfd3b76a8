"""The statutory labour-accident summary (Phụ lục XII NĐ 39/2016): the page with its unit, year
and half-year choosers (units the user may ask for), and the form as XLSX and DOCX; an export
is audited as the lists' exports are, with the classified incidents it counted."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cnqp.core import audit
from cnqp.core.choices import AuditAction
from cnqp.core.models import User
from cnqp.core.records.export import XLSX_TYPE, export_filename
from cnqp.safety.accident_summary import (
    AccidentSummary,
    accident_summary,
    default_unit,
)
from cnqp.safety.accident_summary_files import (
    TABLE_I_HEAD,
    TABLE_II_HEAD,
    UNIT_COLUMNS,
    Span,
    summary_docx,
    summary_xlsx,
    unit_line_values,
)
from cnqp.safety.forms import SummaryForm
from cnqp.safety.resources import incidents

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _chosen(request: HttpRequest, user: User) -> tuple[SummaryForm, AccidentSummary | None]:
    """The form (defaults: the user's unit, this year) and the summary when it is valid."""
    unit = default_unit(user)
    initial = {"unit": unit.pk if unit else None, "year": timezone.localdate().year}
    form = SummaryForm(request.GET or initial, user=user)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, accident_summary(user, unit=data["unit"], year=data["year"], half=data["half"])


def html_head(spans: list[Span]) -> list[list[dict[str, Any]]]:
    """The form's header spans as table rows of cells with their row and column spans."""
    height = max(span[0] + span[2] for span in spans)
    rows: list[list[dict[str, Any]]] = [[] for _row in range(height)]
    for r, _c, n, w, text in sorted(spans, key=lambda span: (span[0], span[1])):
        rows[r].append({"text": text, "rows": n, "cols": w, "number": text.isdigit()})
    return rows


@login_required
@require_GET
def summary_page(request: HttpRequest) -> HttpResponse:
    user = incidents.require(request.user)
    form, summary = _chosen(request, user)
    query = request.GET.urlencode() if request.GET else ""
    if summary is not None and not query:
        query = f"unit={summary.unit.pk}&year={summary.year}"
    return TemplateResponse(request, "safety/accident_summary.html", {
        "form": form, "summary": summary, "query": query,
        "rows": [(row, row.figures.values() if row.figures else None)
                 for row in summary.rows] if summary else [],
        "damage": summary.damage.form_values() if summary else (),
        "head_i": html_head(TABLE_I_HEAD), "head_ii": html_head(TABLE_II_HEAD),
        "unit_columns": UNIT_COLUMNS,
        "unit_rows": [unit_line_values(line) for line in summary.units] if summary else []})


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    user = incidents.require(request.user)
    _form, summary = _chosen(request, user)
    if summary is None:
        return redirect(f"{reverse('safety:accident-summary')}?{request.GET.urlencode()}")
    audit.record(AuditAction.EXPORT, actor=user, object_type="safety.incident",
                 object_id=str(summary.unit.pk),
                 object_repr=_("Labour-accident summary of %(unit)s, %(period)s %(year)s "
                               "(%(kind)s)") % {"unit": summary.unit.code,
                                                "period": summary.period_label,
                                                "year": summary.year, "kind": kind},
                 classification=summary.classification,
                 changes={"format": kind, "unit": summary.unit.code, "year": summary.year,
                          "half": summary.half, "count": summary.total.cases,
                          "classified_ids": summary.classified_ids})
    body, content_type = ((summary_xlsx(summary), XLSX_TYPE) if kind == "xlsx"
                          else (summary_docx(summary), DOCX_TYPE))
    response = HttpResponse(body, content_type=content_type)
    name = export_filename(f"tnld-{summary.unit.code}-{summary.year}"
                           f"{'-' + str(summary.half) if summary.half else ''}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@login_required
@require_GET
def summary_xlsx_view(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


@login_required
@require_GET
def summary_docx_view(request: HttpRequest) -> HttpResponse:
    return _export(request, "docx")


urlpatterns: list[URLPattern] = [
    path("accident-summary/", summary_page, name="accident-summary"),
    path("accident-summary.xlsx", summary_xlsx_view, name="accident-summary-xlsx"),
    path("accident-summary.docx", summary_docx_view, name="accident-summary-docx"),
]
