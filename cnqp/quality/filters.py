"""List filters of quality. The `figure` filters (with `start` and `end`) list exactly the
records a figure of the figures page counts (selectors.condition)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.choices import OrgUnitKind
from cnqp.core.filters import YesNoFilter
from cnqp.core.models import OrgUnit
from cnqp.core.records.filters import RecordFilterSet, subtree_filter
from cnqp.core.units import producing_units
from cnqp.documents.models import ProductType
from cnqp.quality import selectors
from cnqp.quality.choices import (
    ActionStatus,
    NCSource,
    NCStatus,
    ReportStatus,
    RootCauseStage,
    Severity,
)
from cnqp.quality.models import (
    CorrectiveAction,
    FieldReport,
    FieldReportPhoto,
    NonConformance,
    Recall,
    RecalledSerial,
)

UNDETERMINED = "undetermined"


def _types() -> Any:
    return django_filters.ModelChoiceFilter(label=_("Product type"),
                                            queryset=ProductType.objects.all(),
                                            empty_label=_("All"))


def _enterprises(field_name: str = "enterprise") -> Any:
    return django_filters.ModelChoiceFilter(label=_("Enterprise"), field_name=field_name,
                                            queryset=producing_units(), empty_label=_("All"),
                                            method="filter_enterprise")


class FigureFilterSet(RecordFilterSet):
    """`?figure=<name>&start=dd/mm/yyyy&end=dd/mm/yyyy`: the records the figure counts; and an
    enterprise filter that takes its subtree, as the figures do."""

    figures: tuple[str, ...] = ()
    enterprise_path = "enterprise"
    figure = django_filters.CharFilter(label=_("Figure"), method="filter_figure")
    start = django_filters.DateFilter(label=_("From"), method="filter_noop")
    end = django_filters.DateFilter(label=_("To"), method="filter_noop")

    def filter_noop(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset  # read by filter_figure

    def filter_figure(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value not in self.figures:
            return queryset.none()
        today = timezone.localdate()
        start = self.form.cleaned_data.get("start") or dt.date(today.year, 1, 1)
        end = self.form.cleaned_data.get("end") or dt.date(today.year, 12, 31)
        if start > end:
            return queryset.none()
        return selectors.counted_by(queryset, value, selectors.Period(start, end))

    def filter_enterprise(self, queryset: QuerySet[Any], name: str,
                          value: OrgUnit | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(**{f"{self.enterprise_path}__path__startswith": value.path})


class FieldReportFilter(FigureFilterSet):
    figures = ("failures",)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReportStatus.choices)
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=Severity.choices)
    product_type = _types()
    enterprise = _enterprises()
    reporting_unit = django_filters.ModelChoiceFilter(
        label=_("Reporting unit"), empty_label=_("All"),
        queryset=OrgUnit.objects.filter(kind=OrgUnitKind.USER_UNIT))

    class Meta:
        model = FieldReport
        fields = ["status", "severity", "product_type", "reporting_unit"]


class NonConformanceFilter(FigureFilterSet):
    figures = ("nc_open", "nc_closed", "fixed")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=NCStatus.choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=NCSource.choices)
    stage = django_filters.ChoiceFilter(
        label=_("Root-cause stage"), method="filter_stage",
        choices=[*RootCauseStage.choices, (UNDETERMINED, _("Not yet determined"))])
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=Severity.choices)
    product_type = _types()
    enterprise = _enterprises()
    field_report = django_filters.NumberFilter(label=_("Field report"))
    open = YesNoFilter(label=_("Not closed"), method="filter_open")

    class Meta:
        model = NonConformance
        fields = ["status", "source", "severity", "product_type"]

    def filter_open(self, queryset: QuerySet[Any], name: str,
                    value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        closed = Q(status=NCStatus.CLOSED)
        return queryset.exclude(closed) if value else queryset.filter(closed)

    def filter_stage(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(root_cause_stage="" if value == UNDETERMINED else value)


class CorrectiveActionFilter(FigureFilterSet):
    figures = ("overdue_actions",)
    enterprise_path = "nonconformance__enterprise"
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ActionStatus.choices)
    overdue = YesNoFilter(label=_("Overdue"), method="filter_overdue")
    nonconformance = django_filters.NumberFilter(label=_("Non-conformance"))
    product_type = django_filters.ModelChoiceFilter(
        label=_("Product type"), field_name="nonconformance__product_type",
        queryset=ProductType.objects.all(), empty_label=_("All"))
    enterprise = _enterprises()
    owner_unit = subtree_filter("owner_unit__path", _("Responsible unit"))
    open = YesNoFilter(label=_("Not closed"), method="filter_open")

    class Meta:
        model = CorrectiveAction
        fields = ["status"]

    def filter_open(self, queryset: QuerySet[Any], name: str,
                    value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        closed = Q(status=ActionStatus.CLOSED)
        return queryset.exclude(closed) if value else queryset.filter(closed)

    def filter_overdue(self, queryset: QuerySet[Any], name: str,
                       value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        today = timezone.localdate()
        overdue = selectors.condition("overdue_actions", selectors.Period(today, today))
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class RecallFilter(RecordFilterSet):
    issuing_unit = django_filters.ModelChoiceFilter(label=_("Issuing unit"),
                                                    queryset=OrgUnit.objects.all(),
                                                    empty_label=_("All"))
    nonconformance = django_filters.NumberFilter(label=_("Non-conformance"))

    class Meta:
        model = Recall
        fields = ["issuing_unit"]


class RecalledSerialFilter(RecordFilterSet):
    recall = django_filters.NumberFilter(label=_("Recall"))
    recipient = django_filters.ModelChoiceFilter(
        label=_("Receiving unit"), queryset=OrgUnit.objects.filter(kind=OrgUnitKind.USER_UNIT),
        empty_label=_("All"))
    product_type = django_filters.ModelChoiceFilter(
        label=_("Product type"), field_name="serial__product_type",
        queryset=ProductType.objects.all(), empty_label=_("All"))

    class Meta:
        model = RecalledSerial
        fields = ["recall", "recipient"]


class PhotoFilter(RecordFilterSet):
    report = django_filters.NumberFilter(label=_("Field report"))

    class Meta:
        model = FieldReportPhoto
        fields = ["report"]
