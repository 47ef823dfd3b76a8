"""List filters of performance returns and their reference data; the enterprise filter takes
the unit's subtree (core `subtree_filter`). Every version is listed; "current version" keeps
the one each return counts (or will count once accepted)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.core.filters import YesNoFilter
from cnqp.core.records.filters import RecordFilterSet, choice_filter, subtree_filter
from cnqp.performance.choices import (
    COUNTED,
    OUTTURNS,
    PLANS,
    IndicatorKind,
    PeriodKind,
    ReturnStatus,
    Scenario,
)
from cnqp.performance.figures import chosen_returns
from cnqp.performance.models import Indicator, Schedule, Submission
from cnqp.performance.periods import Period

SUMMED = [("outturn", _("Outturn (the most final scenario)")), ("plan", _("Latest plan"))]


class ReturnFilter(RecordFilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    period_kind = choice_filter(PeriodKind.choices, _("Period"))
    period_number = django_filters.NumberFilter(label=_("Period number"))
    summed = django_filters.ChoiceFilter(label=_("Summed in the figures"), choices=SUMMED,
                                         method="filter_summed")
    scenario = choice_filter(Scenario.choices, _("Scenario"))
    status = choice_filter(ReturnStatus.choices)
    unit = subtree_filter("unit__path", _("Enterprise"))
    is_current = YesNoFilter(label=_("Current version"))
    on_time = YesNoFilter(label=pgettext_lazy("completeness", "On time"))

    class Meta:
        model = Submission
        fields = ["year", "period_kind", "period_number", "scenario", "status", "is_current"]

    def filter_summed(self, queryset: QuerySet[Submission], name: str,
                      value: str) -> QuerySet[Submission]:
        """Exactly the returns a figure of the period sums (the link of every performance
        figure): each enterprise's current accepted return of its most final outturn, or of
        its latest plan. Without a year and a period it selects nothing."""
        try:
            period = Period(int(self.data.get("year") or 0), PeriodKind(
                self.data.get("period_kind")), int(self.data.get("period_number") or 1))
        except (TypeError, ValueError):
            return queryset.none()
        counted = queryset.filter(is_current=True, status__in=COUNTED)
        chosen = chosen_returns(counted, period, OUTTURNS if value == "outturn" else PLANS)
        return queryset.filter(pk__in=[pk for pk, _scenario in chosen.values()])


class IndicatorFilter(RecordFilterSet):
    kind = choice_filter(IndicatorKind.choices, _("How it is obtained"))

    class Meta:
        model = Indicator
        fields = ["kind"]


class ScheduleFilter(RecordFilterSet):
    period_kind = choice_filter(PeriodKind.choices, _("Period"))
    scenario = choice_filter(Scenario.choices, _("Scenario"))

    class Meta:
        model = Schedule
        fields = ["period_kind", "scenario"]
