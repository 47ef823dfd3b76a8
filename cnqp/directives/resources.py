"""The registered resources of resolutions and their follow-up: lists, detail pages, exports,
API routes and permission probes come from these declarations (core/records)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.models import User
from cnqp.core.records.registry import register
from cnqp.core.records.resource import Action, Column, Resource
from cnqp.core.units import units_in_reach
from cnqp.directives import filters as flt
from cnqp.directives import forms as f
from cnqp.directives import services
from cnqp.directives.choices import DirectiveStatus, ReviewStatus
from cnqp.directives.models import (
    Directive,
    DirectiveFile,
    DirectiveItem,
    Indicator,
    IndicatorAssessment,
    Review,
    ReviewFigure,
    Task,
    TaskReport,
)
from cnqp.directives.selectors import task_status


def _tasks() -> QuerySet[Task]:
    return Task.objects.annotate(bucket=task_status(timezone.localdate()))


def _held_by(path: str) -> Callable[[User, Any], bool]:
    """Whether the user acts for the unit at `path` (its attributes, "." between): who writes
    a directive and what hangs off it; the units under it only read it."""

    def acts(user: User, obj: Any) -> bool:
        unit = obj
        for name in path.split("."):
            unit = getattr(unit, name)
        return units_in_reach(user).filter(pk=unit.pk).exists()

    return acts


def _status(value: str) -> Any:
    return lambda obj: obj.status == value


directives = register(Resource(
    model=Directive, slug="directives",
    columns=[Column("number", link=True), Column("title", link=True), Column("kind"),
             Column("issuer"), Column("issued_on"),
             Column("owner_unit.code", label=_("Held by"), sort="owner_unit__code"),
             Column("period_end"), Column("status"), Column("classification")],
    detail_fields=["number", "kind", "title", "issuer", "owner_unit", "issued_on",
                   "period_start", "period_end", "status", "implements", "continues",
                   "summary", "classification"],
    export_fields=["number", "kind", "title", "issuer", "owner_unit.code", "issued_on",
                   "period_start", "period_end", "status", "implements.number",
                   "continues.number", "classification"],
    api_fields=["id", "number", "kind", "title", "issuer", "owner_unit_id", "issued_on",
                "period_start", "period_end", "status", "implements_id", "continues_id",
                "summary", "classification"],
    filterset=flt.DirectiveFilter, form=f.DirectiveForm,
    create=services.create_directive, update=services.update_directive,
    delete=services.delete_directive, default_sort="-issued_on",
    detail_template="directives/directive_detail.html",
    writable_by=_held_by("owner_unit"),
    actions=(
        Action("conclude", "directives.change_directive", services.conclude_directive,
               form=f.ConcludeForm, done_message=_("Directive concluded."),
               label=_("Conclude"), offered=_status(DirectiveStatus.IN_FORCE)),
    ),
))

directive_files = register(Resource(
    model=DirectiveFile, slug="directive-files",
    columns=[Column("original_name", link=True),
             Column("directive.number", label=_("Resolution or directive"),
                    sort="directive__number"),
             Column("size"), Column("created_at")],
    detail_fields=["original_name", "directive", "content_type", "size", "sha256",
                   "uploaded_by", "created_at"],
    api_fields=["id", "directive_id", "original_name", "content_type", "size", "sha256",
                "created_at"],
    filterset=flt.DirectiveFileFilter, searchable=False,
))

items = register(Resource(
    model=DirectiveItem, slug="items",
    columns=[Column("directive.number", label=_("Resolution or directive"),
                    sort="directive__number"),
             Column("ordinal"), Column("text", link=True), Column("kind"), Column("year")],
    detail_fields=["directive", "kind", "ordinal", "text", "year", "position"],
    export_fields=["directive.number", "kind", "ordinal", "text", "year", "position"],
    api_fields=["id", "directive_id", "kind", "ordinal", "text", "year", "position"],
    filterset=flt.ItemFilter, form=f.ItemForm, create=services.create_item,
    update=services.update_item, delete=services.delete_item, default_sort="position",
    searchable=False, writable_by=_held_by("directive.owner_unit"),
))

indicators = register(Resource(
    model=Indicator, slug="indicators",
    columns=[Column("item.directive.number", label=_("Resolution or directive"),
                    sort="item__directive__number"),
             Column("name", link=True), Column("metric_key"), Column("target_kind"),
             Column("target_value"), Column("measure"), Column("period_end")],
    detail_fields=["item", "name", "metric_key", "target_kind", "target_value", "measure",
                   "unit", "period_start", "period_end", "baseline_start", "baseline_end",
                   "position"],
    export_fields=["item.directive.number", "item.ordinal", "name", "metric_key",
                   "target_kind", "target_value", "measure", "unit.code", "period_start",
                   "period_end", "baseline_start", "baseline_end"],
    api_fields=["id", "item_id", "name", "metric_key", "target_kind", "target_value",
                "measure", "unit_id", "period_start", "period_end", "baseline_start",
                "baseline_end", "position"],
    filterset=flt.IndicatorFilter, form=f.IndicatorForm, create=services.create_indicator,
    update=services.update_indicator, delete=services.delete_indicator,
    default_sort="position", searchable=False,
    detail_template="directives/indicator_detail.html",
    writable_by=_held_by("item.directive.owner_unit"),
    actions=(
        Action("assess", "directives.change_indicator", services.assess_indicator,
               form=f.AssessForm, done_message=_("Assessment recorded."),
               label=_("Record an assessment"), offered=lambda obj: not obj.is_bound),
    ),
))

assessments = register(Resource(
    model=IndicatorAssessment, slug="assessments",
    columns=[Column("indicator.name", label=_("Indicator"), sort="indicator__name"),
             Column("assessed_on", link=True), Column("verdict"), Column("assessed_by")],
    detail_fields=["indicator", "assessed_on", "verdict", "evidence", "assessed_by"],
    api_fields=["id", "indicator_id", "assessed_on", "verdict", "evidence"],
    filterset=flt.AssessmentFilter, searchable=False, default_sort="-assessed_on",
))

tasks = register(Resource(
    model=Task, slug="tasks",
    columns=[Column("title", link=True),
             Column("directive.number", label=_("Resolution or directive"),
                    sort="directive__number"),
             Column("lead_unit.code", label=_("Lead unit"), sort="lead_unit__code"),
             Column("deadline"), Column("completed_on"),
             Column("bucket_label", label=_("Status"), sort="bucket")],
    detail_fields=["title", "directive", "item", "expected_output", "lead_unit",
                   "supporting_units", "assigned_on", "deadline", "completed_on",
                   Column("bucket_label", label=_("Status")), "classification"],
    export_fields=["title", "directive.number", "lead_unit.code", "assigned_on", "deadline",
                   "completed_on", "bucket_label", "classification"],
    api_fields=["id", "directive_id", "item_id", "title", "expected_output", "lead_unit_id",
                "assigned_on", "deadline", "completed_on", "bucket", "classification"],
    filterset=flt.TaskFilter, form=f.TaskForm, create=services.create_task,
    update=services.update_task, delete=services.delete_task, base_queryset=_tasks,
    default_sort="deadline", editable=lambda obj: obj.completed_on is None,
    writable_by=_held_by("directive.owner_unit"),
    actions=(
        Action("report", "directives.change_task", services.report_progress,
               form=f.ProgressForm, done_message=_("Progress reported."),
               label=_("Report progress"), offered=lambda obj: obj.completed_on is None,
               taken_by=_held_by("lead_unit")),
    ),
))

task_reports = register(Resource(
    model=TaskReport, slug="task-reports",
    columns=[Column("task.title", label=_("Assigned task"), sort="task__title"),
             Column("reported_on", link=True), Column("progress"), Column("reported_by")],
    detail_fields=["task", "reported_on", "progress", "text", "reported_by"],
    api_fields=["id", "task_id", "reported_on", "progress", "text"],
    filterset=flt.TaskReportFilter, searchable=False, default_sort="-reported_on",
))

reviews = register(Resource(
    model=Review, slug="reviews",
    columns=[Column("title", link=True), Column("kind"), Column("held_on"),
             Column("period_start"), Column("period_end"),
             Column("owner_unit.code", label=_("Held by"), sort="owner_unit__code"),
             Column("status")],
    detail_fields=["title", "kind", "directives", "owner_unit", "period_start", "period_end",
                   "compare_start", "compare_end", "held_on", "chair", "status", "frozen_at",
                   "frozen_by", "conclusions", "classification"],
    export_fields=["title", "kind", "owner_unit.code", "period_start", "period_end",
                   "compare_start", "compare_end", "held_on", "chair", "status"],
    api_fields=["id", "title", "kind", "owner_unit_id", "period_start", "period_end",
                "compare_start", "compare_end", "held_on", "chair", "conclusions", "status",
                "frozen_at", "classification"],
    filterset=flt.ReviewFilter, form=f.ReviewForm, create=services.create_review,
    update=services.update_review, delete=services.delete_review, default_sort="-held_on",
    detail_template="directives/review_detail.html",
    editable=lambda obj: obj.status == ReviewStatus.DRAFT,
    writable_by=_held_by("owner_unit"),
    actions=(
        Action("hold", "directives.change_review", services.hold_review,
               done_message=_("Review held: its figures are frozen."),
               label=_("Hold the review and freeze its figures"),
               offered=_status(ReviewStatus.DRAFT)),
    ),
))

review_figures = register(Resource(
    model=ReviewFigure, slug="review-figures",
    columns=[Column("review.title", label=_("Review conference"), sort="review__title"),
             Column("directive_number"), Column("indicator_name", link=True),
             Column("target_text"), Column("value"), Column("previous_value"),
             Column("assessment")],
    detail_fields=["review", "directive_number", "item_text", "indicator_name", "metric_key",
                   "measure", "target_text", "value", "previous_value", "years",
                   "previous_years", "assessment", "evidence", "frozen_at"],
    export_fields=["review.title", "directive_number", "item_text", "indicator_name",
                   "metric_key", "measure", "target_text", "value", "previous_value", "years",
                   "previous_years", "assessment", "classification"],
    api_fields=["id", "review_id", "indicator_id", "position", "directive_number",
                "item_text", "indicator_name", "metric_key", "measure", "target_kind",
                "target_text", "value", "previous_value", "years", "previous_years",
                "assessment", "evidence", "url", "previous_url", "classification",
                "frozen_at"],
    filterset=flt.ReviewFigureFilter, searchable=False, default_sort="position",
))
