"""The press items' list filters: kind, outlet, the unit covered (its subtree, as the figures
narrow to a unit), a year or a range of publication dates (what every figure links to)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from cnqp.core.records.filters import RecordFilterSet, choice_filter, subtree_filter
from cnqp.press.choices import PressKind
from cnqp.press.models import PressItem


class PressItemFilter(RecordFilterSet):
    kind = choice_filter(PressKind.choices, _("Kind"))
    outlet = django_filters.CharFilter(label=_("Outlet"), lookup_expr="icontains")
    subject_unit = subtree_filter("subject_unit__path", _("Unit covered"))
    year = django_filters.NumberFilter(label=_("Year"), field_name="published_on",
                                       lookup_expr="year")
    published_from = django_filters.DateFilter(label=_("Published from"),
                                               field_name="published_on", lookup_expr="gte")
    published_to = django_filters.DateFilter(label=_("Published to"),
                                             field_name="published_on", lookup_expr="lte")

    class Meta:
        model = PressItem
        fields = ["kind"]
