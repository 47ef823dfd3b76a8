from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.filters import YesNoFilter
from cnqp.core.models import OrgUnit
from cnqp.core.records.filters import RecordFilterSet
from cnqp.documents.models import ProductType
from cnqp.research import selectors
from cnqp.research.choices import (
    EXECUTING,
    ProjectLevel,
    ProjectStatus,
    ProjectType,
    RecognitionLevel,
)
from cnqp.research.models import Initiative, ResearchProject
from cnqp.research.report import FIGURE_LABELS


def _host_units() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.exclude(kind=OrgUnitKind.USER_UNIT)


class UnitSubtreeFilter(django_filters.ModelChoiceFilter):
    """A unit and every unit below it."""

    def filter(self, qs: QuerySet[Any], value: OrgUnit | None) -> QuerySet[Any]:
        if value is None:
            return qs
        return qs.filter(**{f"{self.field_name}__path__startswith": value.path})


class ResearchProjectFilter(RecordFilterSet):
    level = django_filters.ChoiceFilter(label=_("Level"), choices=ProjectLevel.choices)
    status = django_filters.ChoiceFilter(label=_("Stage"), choices=ProjectStatus.choices)
    project_type = django_filters.ChoiceFilter(label=_("Type"), choices=ProjectType.choices)
    host_unit = UnitSubtreeFilter(label=_("Host unit"), queryset=_host_units(),
                                  empty_label=_("All"))
    year = django_filters.NumberFilter(label=_("In execution in year"), method="filter_year")
    overdue = YesNoFilter(label=_("Overdue"), method="filter_overdue")
    product_type = django_filters.ModelChoiceFilter(label=_("Product type"),
                                                    queryset=ProductType.objects.all(),
                                                    empty_label=_("All"))
    classification = django_filters.ChoiceFilter(label=_("Classification"),
                                                 choices=Classification.choices)
    # The projects behind a figure of a report: ?figure=accepted&start=...&end=...
    figure = django_filters.ChoiceFilter(
        label=_("Counted in figure"), method="filter_figure",
        choices=[(name, FIGURE_LABELS[name]) for name in selectors.FIGURES])
    start = django_filters.DateFilter(label=_("Period from"), method="keep")
    end = django_filters.DateFilter(label=_("Period to"), method="keep")

    class Meta:
        model = ResearchProject
        fields = ["level", "status", "project_type", "host_unit"]

    def keep(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset  # read by filter_figure

    def _period(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        start = self.form.cleaned_data.get("start") or dt.date(today.year, 1, 1)
        end = self.form.cleaned_data.get("end") or dt.date(start.year, 12, 31)
        return start, end

    def filter_figure(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if not value:
            return queryset
        start, end = self._period()
        if start > end:
            return queryset.none()
        return selectors.counted_by(queryset, value, start, end)

    def filter_year(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None or not 1900 <= int(value) <= 2200:
            return queryset
        year = int(value)
        return selectors.counted_by(queryset, "in_execution", dt.date(year, 1, 1),
                                    dt.date(year, 12, 31))

    def filter_overdue(self, queryset: QuerySet[Any], name: str,
                       value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        late = Q(status__in=EXECUTING, current_end__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class InitiativeFilter(RecordFilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    unit = UnitSubtreeFilter(label=_("Unit"), queryset=OrgUnit.objects.all(),
                             empty_label=_("All"))
    recognition_level = django_filters.ChoiceFilter(label=_("Recognition level"),
                                                    choices=RecognitionLevel.choices)

    class Meta:
        model = Initiative
        fields = ["year", "unit", "recognition_level"]
