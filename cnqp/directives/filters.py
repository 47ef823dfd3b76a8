"""List filters of resolutions and their follow-up; a unit filter takes the unit's subtree."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.core.filters import YesNoFilter
from cnqp.core.records.filters import RecordFilterSet, choice_filter, subtree_filter
from cnqp.directives.choices import (
    DirectiveKind,
    DirectiveStatus,
    ItemKind,
    ReviewKind,
    ReviewStatus,
    TargetKind,
    TaskStatus,
)
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

_unit = subtree_filter
_choice = choice_filter


class DirectivesFilterSet(RecordFilterSet):
    """Unit filters take the subtree (RecordFilterSet.filter_subtree)."""


class DirectiveFilter(DirectivesFilterSet):
    kind = _choice(DirectiveKind.choices, _("Kind"))
    status = _choice(DirectiveStatus.choices)
    owner_unit = _unit("owner_unit__path", _("Held by"))
    implements = django_filters.NumberFilter(label=_("Implements"))
    continues = django_filters.NumberFilter(label=_("Continues"))

    class Meta:
        model = Directive
        fields = ["kind", "status", "implements", "continues"]


class DirectiveFileFilter(RecordFilterSet):
    directive = django_filters.NumberFilter(label=_("Resolution or directive"))

    class Meta:
        model = DirectiveFile
        fields = ["directive"]


class ItemFilter(RecordFilterSet):
    directive = django_filters.NumberFilter(label=_("Resolution or directive"))
    kind = _choice(ItemKind.choices, _("Kind"))
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = DirectiveItem
        fields = ["directive", "kind", "year"]


class IndicatorFilter(RecordFilterSet):
    directive = django_filters.NumberFilter(label=_("Resolution or directive"),
                                            field_name="item__directive")
    item = django_filters.NumberFilter(label=_("Objective or item"))
    target_kind = _choice(TargetKind.choices, pgettext_lazy("indicator", "Target"))
    metric_key = django_filters.CharFilter(label=_("Figure"))

    class Meta:
        model = Indicator
        fields = ["item", "target_kind", "metric_key"]


class AssessmentFilter(RecordFilterSet):
    indicator = django_filters.NumberFilter(label=_("Indicator"))

    class Meta:
        model = IndicatorAssessment
        fields = ["indicator"]


class TaskFilter(DirectivesFilterSet):
    directive = django_filters.NumberFilter(label=_("Resolution or directive"))
    lead_unit = _unit("lead_unit__path", _("Lead unit"))
    bucket = django_filters.ChoiceFilter(label=_("Status"), choices=TaskStatus.choices,
                                         empty_label=_("All"), method="filter_bucket")
    deadline_after = django_filters.DateFilter(label=_("Deadline from"),
                                               field_name="deadline", lookup_expr="gte")
    deadline_before = django_filters.DateFilter(label=_("Deadline to"),
                                                field_name="deadline", lookup_expr="lte")
    open = YesNoFilter(label=_("Not completed"), field_name="completed_on",
                       method="filter_open")

    class Meta:
        model = Task
        fields = ["directive"]

    def filter_open(self, queryset: QuerySet[Any], name: str,
                    value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(completed_on__isnull=value)

    def filter_bucket(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """The tasks in one bucket of QĐ 42/2014 today."""
        if not value:
            return queryset
        if "bucket" not in queryset.query.annotations:  # the resource's queryset has it
            queryset = queryset.annotate(bucket=task_status(timezone.localdate()))
        return queryset.filter(bucket=value)


class TaskReportFilter(RecordFilterSet):
    task = django_filters.NumberFilter(label=_("Assigned task"))

    class Meta:
        model = TaskReport
        fields = ["task"]


class ReviewFilter(DirectivesFilterSet):
    kind = _choice(ReviewKind.choices, _("Kind"))
    status = _choice(ReviewStatus.choices)
    owner_unit = _unit("owner_unit__path", _("Held by"))
    directive = django_filters.NumberFilter(label=_("Resolution or directive"),
                                            field_name="directives")

    class Meta:
        model = Review
        fields = ["kind", "status"]


class ReviewFigureFilter(RecordFilterSet):
    review = django_filters.NumberFilter(label=_("Review conference"))

    class Meta:
        model = ReviewFigure
        fields = ["review"]
