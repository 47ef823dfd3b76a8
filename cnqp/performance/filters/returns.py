"""List filters of performance returns and their reference data; the enterprise filter takes
the unit's subtree (core `subtree_filter`). Every version is listed; "current version" keeps
the one each return counts (or will count once accepted)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from cnqp.core.filters import YesNoFilter
from cnqp.core.records.filters import RecordFilterSet, choice_filter, subtree_filter
from cnqp.performance.choices import IndicatorKind, PeriodKind, ReturnStatus, Scenario
from cnqp.performance.models import Indicator, Schedule, Submission


class ReturnFilter(RecordFilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    period_kind = choice_filter(PeriodKind.choices, _("Period"))
    scenario = choice_filter(Scenario.choices, _("Scenario"))
    status = choice_filter(ReturnStatus.choices)
    unit = subtree_filter("unit__path", _("Enterprise"))
    is_current = YesNoFilter(label=_("Current version"))
    on_time = YesNoFilter(label=_("On time"))

    class Meta:
        model = Submission
        fields = ["year", "period_kind", "scenario", "status", "is_current"]


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
