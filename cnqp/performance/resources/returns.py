"""The registered resources of enterprise performance and investment: lists, detail pages,
exports, API routes and permission probes come from these declarations (core/records)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cnqp.core.records.registry import register
from cnqp.core.records.resource import Column, Resource
from cnqp.performance.models import Submission

returns = register(Resource(
    model=Submission, slug="returns",
    columns=[Column("unit.code", label=_("Enterprise"), sort="unit__code", link=True),
             Column("year"), Column("period_kind"), Column("period_number"),
             Column("scenario"), Column("version"), Column("status"), Column("due_on"),
             Column("submitted_at"), Column("classification")],
    detail_fields=["unit", "year", "period_kind", "period_number", "scenario", "version",
                   "is_current", "amends", "explanation", "status", "due_on", "submitted_at",
                   "submitted_by", "reviewed_at", "reviewed_by", "review_note", "locked_at",
                   "note", "classification"],
    api_fields=["id", "unit_id", "year", "period_kind", "period_number", "scenario",
                "version", "is_current", "amends_id", "explanation", "status", "due_on",
                "submitted_at", "reviewed_at", "review_note", "locked_at", "note",
                "classification"],
    default_sort="-year",
))
