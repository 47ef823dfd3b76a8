from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from cnqp.core.choices import Classification
from cnqp.core.models import OrgUnit
from cnqp.core.records.filters import RecordFilterSet
from cnqp.reports.choices import ReportKind
from cnqp.reports.models import GeneratedReport


class GeneratedReportFilter(RecordFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ReportKind.choices)
    year = django_filters.NumberFilter(label=_("Year"), field_name="period_end__year")
    unit = django_filters.ModelChoiceFilter(label=_("Reported unit"),
                                            queryset=OrgUnit.objects.all(), empty_label=_("All"))
    classification = django_filters.ChoiceFilter(label=_("Classification"),
                                                 choices=Classification.choices)

    class Meta:
        model = GeneratedReport
        fields = ["kind", "unit", "classification"]
