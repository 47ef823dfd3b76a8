"""The registered resources of enterprise performance returns and their reference data: lists,
detail pages, exports, API routes and permission probes come from these declarations
(core/records).

A return is written by whoever acts for its enterprise (opened, edited, filled, submitted,
amended); the planning department (`performance.review_submission`) returns, accepts and
locks it, steps the enterprise is never offered. Every version is listed, the current ones
first. The reference data (indicators, schedules, programmes) has no owner unit: only roles
that see every unit write it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.core.models import User
from cnqp.core.records.registry import register
from cnqp.core.records.resource import Action, Column, Resource
from cnqp.core.units import units_in_reach
from cnqp.performance import selectors, services
from cnqp.performance.choices import EDITABLE, ReturnStatus
from cnqp.performance.filters import returns as flt
from cnqp.performance.forms import returns as f
from cnqp.performance.models import Indicator, Programme, Schedule, Submission
from cnqp.performance.services import reference
from cnqp.performance.services.returns import REVIEW_PERMISSION


def _returns() -> QuerySet[Submission]:
    return selectors.listed(Submission.objects.all(), timezone.localdate())


def _acts_for_unit(user: User, obj: Any) -> bool:
    """Whether the user acts for the return's enterprise (its unit or one above it, or a role
    that sees every unit): who fills, submits and amends it."""
    return units_in_reach(user).filter(pk=obj.unit_id).exists()


def _reviews(user: User, obj: Any) -> bool:
    """The planning department's steps are theirs, whoever else acts for the enterprise."""
    return bool(user.has_perm(REVIEW_PERMISSION))


def _status(*values: str) -> Callable[[Any], bool]:
    return lambda obj: obj.status in values


def _amendable(obj: Any) -> bool:
    """The version that counts, accepted, with no amendment open yet."""
    return (obj.status in (ReturnStatus.ACCEPTED, ReturnStatus.LOCKED) and obj.is_current
            and not Submission.objects.filter(amends=obj).exists())


returns = register(Resource(
    model=Submission, slug="returns",
    columns=[Column("unit.code", label=_("Enterprise"), sort="unit__code", link=True),
             Column("period_label", label=_("Period"), sort="year", link=True),
             Column("scenario"), Column("version"), Column("status"), Column("due_on"),
             Column("submitted_at"),
             Column("on_time", label=pgettext_lazy("completeness", "On time"), sort="on_time"),
             Column("classification")],
    detail_fields=["unit", Column("period_label", label=_("Period")), "scenario", "version",
                   "is_current", "amends", "status", "due_on", "note", "classification"],
    export_fields=["unit.code", "unit.name", "year", "period_kind", "period_number",
                   "scenario", "version", "is_current", "status", "due_on", "submitted_at",
                   "reviewed_at", "locked_at", "on_time", "classification"],
    api_fields=["id", "unit_id", "year", "period_kind", "period_number", "scenario",
                "version", "is_current", "amends_id", "explanation", "status", "due_on",
                "submitted_at", "reviewed_at", "review_note", "locked_at", "on_time", "note",
                "classification"],
    filterset=flt.ReturnFilter, form=f.OpenReturnForm, update_form=f.ReturnEditForm,
    create=services.open_return, update=services.update_return,
    delete=services.delete_return, base_queryset=_returns, default_sort="-current_first",
    detail_template="performance/return_detail.html",
    editable=lambda obj: obj.status in EDITABLE, writable_by=_acts_for_unit,
    actions=(
        Action("submit", "performance.change_submission", services.submit_return,
               form=f.SubmitForm, done_message=_("Return submitted."),
               label=_("Submit to the planning department"),
               offered=_status(*EDITABLE), taken_by=_acts_for_unit),
        Action("return", REVIEW_PERMISSION, services.return_for_correction,
               form=f.ReturnForCorrectionForm, done_message=_("Return sent back for correction."),
               label=_("Return for correction"), offered=_status(ReturnStatus.SUBMITTED),
               taken_by=_reviews),
        Action("accept", REVIEW_PERMISSION, services.accept_return, form=f.AcceptForm,
               done_message=_("Return accepted."), label=_("Accept"),
               offered=_status(ReturnStatus.SUBMITTED), taken_by=_reviews),
        Action("lock", REVIEW_PERMISSION, services.lock_return, form=f.LockForm,
               done_message=_("Return locked."), label=_("Lock"),
               offered=_status(ReturnStatus.ACCEPTED), taken_by=_reviews),
        Action("amend", "performance.change_submission", services.amend_return,
               form=f.AmendForm,
               done_message=_("Amendment opened: enter the corrected values."),
               label=_("Amend"),
               offered=_amendable, taken_by=_acts_for_unit),
    ),
))

indicators = register(Resource(
    model=Indicator, slug="indicators",
    columns=[Column("order"), Column("name", link=True), Column("code"),
             Column("unit_of_measure"), Column("kind"),
             Column("part_of.name", label=_("Part of"), sort="part_of__name"),
             Column("decimals")],
    detail_fields=["code", "name", "unit_of_measure", "kind", "part_of", "numerator",
                   "denominator", "per_month", "may_be_negative", "checks_change", "decimals",
                   "order", "description"],
    api_fields=["id", "code", "name", "unit_of_measure", "kind", "part_of_id", "numerator_id",
                "denominator_id", "per_month", "may_be_negative", "checks_change", "decimals",
                "order", "description"],
    filterset=flt.IndicatorFilter, form=f.IndicatorForm, create=reference.create_indicator,
    update=reference.update_indicator, delete=reference.delete_indicator,
    default_sort="order", searchable=False,
))

schedules = register(Resource(
    model=Schedule, slug="schedules",
    columns=[Column("period_kind", link=True), Column("scenario", link=True),
             Column("due_from"), Column("due_days"), Column("lock_after_days"),
             Column("expected"), Column("legal_basis")],
    detail_fields=["period_kind", "scenario", "due_from", "due_days", "lock_after_days",
                   "expected", "legal_basis"],
    api_fields=["id", "period_kind", "scenario", "due_from", "due_days", "lock_after_days",
                "expected", "legal_basis"],
    filterset=flt.ScheduleFilter, form=f.ScheduleForm, create=reference.create_schedule,
    update=reference.update_schedule, delete=reference.delete_schedule,
    default_sort="period_kind", searchable=False,
))

programmes = register(Resource(
    model=Programme, slug="programmes",
    columns=[Column("code", link=True), Column("name", link=True)],
    detail_fields=["code", "name", "description"],
    api_fields=["id", "code", "name", "description"],
    form=f.ProgrammeForm, create=reference.create_programme,
    update=reference.update_programme, delete=reference.delete_programme,
    default_sort="code", searchable=False,
))
