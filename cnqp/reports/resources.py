"""The history of generated reports: who asked, when, for what period and unit, at which
level. Read-only pages (reports are made by the builder, never edited), scoped like every
record."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cnqp.core.records.registry import register
from cnqp.core.records.resource import Column, Resource
from cnqp.reports.filters import GeneratedReportFilter
from cnqp.reports.models import GeneratedReport

generated = register(Resource(
    model=GeneratedReport,
    slug="generated",
    columns=[
        Column("number", link=True),
        Column("title"),
        Column("kind"),
        Column("period_end", label=_("Period to")),
        Column("unit.code", label=_("Reported unit"), sort="unit__code"),
        Column("created_by.username", label=_("Requested by"), sort="created_by__username"),
        Column("created_at"),
        Column("classification"),
    ],
    detail_fields=["number", "title", "kind", "period_start", "period_end",
                   Column("unit_label", label=_("Reported unit")),
                   "document_date", "created_by", "owner_unit", "created_at", "generated_at",
                   "classification", "docx_sha256", "pdf_sha256", "xlsx_sha256"],
    api_fields=["id", "kind", "title", "number", "period_start", "period_end", "unit_id",
                "sections", "formats", "document_date", "created_by_id", "owner_unit_id",
                "job_id", "created_at", "generated_at", "classification", "docx_sha256",
                "pdf_sha256", "xlsx_sha256"],
    export_fields=["number", "title", "kind", "period_start", "period_end", "unit.code",
                   "created_by.username", "created_at", "generated_at", "classification"],
    filterset=GeneratedReportFilter,
    searchable=False,
    detail_template="reports/generated_detail.html",
    base_queryset=lambda: GeneratedReport.objects.select_related("created_by", "unit", "job"),
    default_sort="-id",
))
