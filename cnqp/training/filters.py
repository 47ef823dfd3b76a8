"""List filters of training: a unit filter takes the unit's subtree, as the figures do."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.core.models import OrgUnit
from cnqp.core.records.filters import RecordFilterSet, choice_filter, subtree_filter
from cnqp.training.choices import CourseKind
from cnqp.training.models import Participation, TrainingCourse


class CourseFilter(RecordFilterSet):
    kind = choice_filter(CourseKind.choices, pgettext_lazy("training", "Kind"))
    organiser = subtree_filter("organiser__path", _("Organised by"))
    participant = django_filters.ModelChoiceFilter(
        label=_("Unit taking part"), queryset=OrgUnit.objects.filter(is_active=True),
        empty_label=_("All"), method="filter_participant")
    started_from = django_filters.DateFilter(label=_("Started from"), field_name="start",
                                             lookup_expr="gte")
    started_to = django_filters.DateFilter(label=_("Started to"), field_name="start",
                                           lookup_expr="lte")

    class Meta:
        model = TrainingCourse
        fields = ["kind"]

    def filter_participant(self, queryset: QuerySet[Any], name: str,
                           value: Any) -> QuerySet[Any]:
        """The courses a unit of the subtree took part in."""
        if not value:
            return queryset
        return queryset.filter(pk__in=Participation.objects.filter(
            unit__path__startswith=value.path).values("course_id"))


class ParticipationFilter(RecordFilterSet):
    course = django_filters.NumberFilter(label=_("Training course"))
    unit = subtree_filter("unit__path", _("Participating unit"))
    organiser = subtree_filter("course__organiser__path", _("Organised by"))
    kind = django_filters.ChoiceFilter(label=pgettext_lazy("training", "Kind"),
                                       choices=CourseKind.choices, empty_label=_("All"),
                                       field_name="course__kind")
    started_from = django_filters.DateFilter(label=_("Started from"),
                                             field_name="course__start", lookup_expr="gte")
    started_to = django_filters.DateFilter(label=_("Started to"), field_name="course__start",
                                           lookup_expr="lte")

    class Meta:
        model = Participation
        fields = ["course"]
