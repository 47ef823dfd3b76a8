"""List filters of investment projects; the investor filter takes the unit's subtree, the
flags are judged today (project_selectors)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cnqp.core.filters import YesNoFilter
from cnqp.core.records.filters import RecordFilterSet, choice_filter, subtree_filter
from cnqp.performance import project_selectors as selectors
from cnqp.performance.choices import FundingSource, MilestoneKind, ProjectGroup, ProjectStatus
from cnqp.performance.models import (
    Disbursement,
    Milestone,
    Programme,
    Project,
    ProjectFunding,
    ProjectVersion,
)


def _label(model: Any, name: str) -> Any:
    return capfirst(model._meta.get_field(name).verbose_name)


class ProjectFilter(RecordFilterSet):
    programme = django_filters.ModelChoiceFilter(label=_label(Project, "programme"),
                                                 queryset=Programme.objects.all(),
                                                 empty_label=_("All"))
    status = choice_filter(ProjectStatus.choices)
    key_project = YesNoFilter(label=_label(Project, "key_project"))
    group = choice_filter(ProjectGroup.choices, _label(Project, "group"))
    owner_unit = subtree_filter("owner_unit__path", _label(Project, "owner_unit"))
    behind = YesNoFilter(label=_("Behind schedule"), method="filter_behind")
    slow = YesNoFilter(label=_("Slow disbursement"), method="filter_slow")

    class Meta:
        model = Project
        fields = ["programme", "status", "key_project", "group"]

    def filter_behind(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        condition = selectors.behind_schedule(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_slow(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        if "is_slow" not in queryset.query.annotations:  # the resource's queryset has it
            queryset = selectors.with_figures(queryset)
        return queryset.filter(is_slow=bool(value))


class VersionFilter(RecordFilterSet):
    project = django_filters.NumberFilter(label=_label(ProjectVersion, "project"))

    class Meta:
        model = ProjectVersion
        fields = ["project"]


class FundingFilter(RecordFilterSet):
    version = django_filters.NumberFilter(label=_label(ProjectFunding, "version"))
    project = django_filters.NumberFilter(label=_label(ProjectVersion, "project"),
                                          field_name="version__project")
    source = choice_filter(FundingSource.choices, _label(ProjectFunding, "source"))

    class Meta:
        model = ProjectFunding
        fields = ["version", "source"]


class MilestoneFilter(RecordFilterSet):
    project = django_filters.NumberFilter(label=_label(Milestone, "project"))
    kind = choice_filter(MilestoneKind.choices, _label(Milestone, "kind"))
    late = YesNoFilter(label=_("Late"), method="filter_late")

    class Meta:
        model = Milestone
        fields = ["project", "kind"]

    def filter_late(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        condition = selectors.late_milestone(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)


class DisbursementFilter(RecordFilterSet):
    project = django_filters.NumberFilter(label=_label(Disbursement, "project"))
    year = django_filters.NumberFilter(label=_label(Disbursement, "year"))
    quarter = django_filters.NumberFilter(label=_label(Disbursement, "quarter"))

    class Meta:
        model = Disbursement
        fields = ["project", "year", "quarter"]
