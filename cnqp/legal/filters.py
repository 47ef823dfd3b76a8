"""List filters of legal work: every figure links to a list filtered to exactly what it
counts (selectors.py holds the conditions); a unit filter takes the unit's subtree."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.core.records.filters import RecordFilterSet, choice_filter, subtree_filter
from cnqp.legal.choices import DocumentKind, InstrumentStatus, Stage
from cnqp.legal.models import ConsultationRound, DraftingStep, LegalDraft, LegalInstrument
from cnqp.legal.selectors import (
    REVIEW_SOON_DAYS,
    due_for_review_q,
    in_force_q,
    in_progress_q,
    overdue_q,
)

TIMELINESS = [("on_time", _("Issued on time")), ("late", _("Issued late"))]


class LegalDraftFilter(RecordFilterSet):
    kind = choice_filter(DocumentKind.choices, pgettext_lazy("legal", "Kind"))
    current_stage = django_filters.ChoiceFilter(label=_("Current stage"),
                                                choices=Stage.choices, empty_label=_("All"))
    lead_unit = subtree_filter("lead_unit__path", _("Lead unit"))
    plan_year = django_filters.NumberFilter(label=_("Plan year"))
    started_from = django_filters.DateFilter(label=pgettext_lazy("legal", "Started from"),
                                             field_name="started_on", lookup_expr="gte")
    started_to = django_filters.DateFilter(label=pgettext_lazy("legal", "Started to"),
                                           field_name="started_on", lookup_expr="lte")
    issued_from = django_filters.DateFilter(label=_("Issued from"), field_name="issued_on",
                                            lookup_expr="gte")
    issued_to = django_filters.DateFilter(label=_("Issued to"), field_name="issued_on",
                                          lookup_expr="lte")
    active_from = django_filters.DateFilter(label=_("In drafting from"), method="filter_active")
    active_to = django_filters.DateFilter(label=_("In drafting to"), method="filter_active")
    overdue_on = django_filters.DateFilter(label=_("Overdue on"), method="filter_overdue")
    timeliness = django_filters.ChoiceFilter(label=_("Issued on time"), choices=TIMELINESS,
                                             empty_label=_("All"), method="filter_timeliness")
    has_deadline = django_filters.BooleanFilter(label=_("Has a deadline"),
                                                field_name="deadline", lookup_expr="isnull",
                                                exclude=True)

    class Meta:
        model = LegalDraft
        fields = ["kind", "plan_year"]

    def filter_active(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        """In drafting some time between `active_from` and `active_to` (both or either)."""
        if not value:
            return queryset
        data = self.form.cleaned_data
        start: dt.date = data.get("active_from") or dt.date.min
        end: dt.date = data.get("active_to") or dt.date.max
        if name == "active_to" and data.get("active_from"):
            return queryset  # applied once, with `active_from`
        return queryset.filter(in_progress_q(start, end))

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(overdue_q(value)) if value else queryset

    def filter_timeliness(self, queryset: QuerySet[Any], name: str,
                          value: Any) -> QuerySet[Any]:
        if value == "on_time":
            return queryset.filter(issued_on__lte=F("deadline"))
        if value == "late":
            return queryset.filter(issued_on__gt=F("deadline"))
        return queryset


class DraftingStepFilter(RecordFilterSet):
    stage = django_filters.ChoiceFilter(label=pgettext_lazy("legal", "Stage"),
                                        choices=Stage.choices, empty_label=_("All"))
    draft = django_filters.NumberFilter(label=_("Draft"))
    lead_unit = subtree_filter("draft__lead_unit__path", _("Lead unit"))
    date_from = django_filters.DateFilter(label=_("From"), field_name="date",
                                          lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("To"), field_name="date", lookup_expr="lte")

    class Meta:
        model = DraftingStep
        fields = ["stage", "draft"]


class ConsultationRoundFilter(RecordFilterSet):
    draft = django_filters.NumberFilter(label=_("Draft"))
    lead_unit = subtree_filter("draft__lead_unit__path", _("Lead unit"))
    sent_from = django_filters.DateFilter(label=_("Sent from"), field_name="sent_on",
                                          lookup_expr="gte")
    sent_to = django_filters.DateFilter(label=_("Sent to"), field_name="sent_on",
                                        lookup_expr="lte")
    open = django_filters.BooleanFilter(label=_("Round still open"), field_name="closed_on",
                                        lookup_expr="isnull")

    class Meta:
        model = ConsultationRound
        fields = ["draft"]


class LegalInstrumentFilter(RecordFilterSet):
    kind = choice_filter(DocumentKind.choices, pgettext_lazy("legal", "Kind"))
    status = choice_filter(InstrumentStatus.choices, pgettext_lazy("legal", "Status"))
    unit = subtree_filter("unit__path", _("Unit responsible"))
    issued_from = django_filters.DateFilter(label=_("Issued from"), field_name="issued_on",
                                            lookup_expr="gte")
    issued_to = django_filters.DateFilter(label=_("Issued to"), field_name="issued_on",
                                          lookup_expr="lte")
    in_force_on = django_filters.DateFilter(label=_("In force on"), method="filter_in_force")
    review_due_by = django_filters.DateFilter(label=_("Review due by"),
                                              field_name="review_due_on", lookup_expr="lte")
    review_soon = django_filters.BooleanFilter(
        label=_("Due for review within 90 days"), method="filter_review_soon")

    class Meta:
        model = LegalInstrument
        fields = ["kind", "status"]

    def filter_in_force(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(in_force_q(value)) if value else queryset

    def filter_review_soon(self, queryset: QuerySet[Any], name: str,
                           value: Any) -> QuerySet[Any]:
        """In force today, their review due within 90 days (or already overdue)."""
        if not value:
            return queryset
        today = timezone.localdate()
        return queryset.filter(in_force_q(today)).filter(
            due_for_review_q(today + dt.timedelta(days=REVIEW_SOON_DAYS))
            & in_force_q(today))
