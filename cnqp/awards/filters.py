"""List filters of emulation and awards; a unit filter takes the unit's subtree."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cnqp.awards.choices import (
    AwardCategory,
    AwardLevel,
    MovementKind,
    Recipient,
    RecipientKind,
)
from cnqp.awards.models import Award, AwardTitle, Movement
from cnqp.core.records.filters import RecordFilterSet, choice_filter, subtree_filter


class AwardTitleFilter(RecordFilterSet):
    category = choice_filter(AwardCategory.choices, _("Category"))
    level = choice_filter(AwardLevel.choices, _("Level"))
    recipient_kind = choice_filter(RecipientKind.choices, _("Conferred on"))

    class Meta:
        model = AwardTitle
        fields = ["category", "level", "recipient_kind"]


class MovementFilter(RecordFilterSet):
    kind = choice_filter(MovementKind.choices, _("Kind"))
    launching_unit = subtree_filter("launching_unit__path", _("Launched by"))
    active_on = django_filters.DateFilter(label=_("Under way on"), method="filter_active")

    class Meta:
        model = Movement
        fields = ["kind"]

    def filter_active(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(start__lte=value).exclude(end__lt=value)


class AwardFilter(RecordFilterSet):
    title = django_filters.NumberFilter(label=_("Title or commendation"))
    level = django_filters.ChoiceFilter(label=_("Level"), choices=AwardLevel.choices,
                                        empty_label=_("All"), field_name="title__level")
    category = django_filters.ChoiceFilter(label=_("Category"), choices=AwardCategory.choices,
                                           empty_label=_("All"), field_name="title__category")
    recipient = django_filters.ChoiceFilter(label=_("Recipient"), choices=Recipient.choices,
                                            empty_label=_("All"), method="filter_recipient")
    unit = subtree_filter("unit__path", _("Recipient unit"))
    movement = django_filters.NumberFilter(label=_("Emulation movement"))
    decided_after = django_filters.DateFilter(label=_("Decided from"),
                                              field_name="decision_date", lookup_expr="gte")
    decided_before = django_filters.DateFilter(label=_("Decided to"),
                                               field_name="decision_date", lookup_expr="lte")

    class Meta:
        model = Award
        fields = ["title", "movement"]

    def filter_recipient(self, queryset: QuerySet[Any], name: str,
                         value: Any) -> QuerySet[Any]:
        if value == Recipient.INDIVIDUAL:
            return queryset.filter(~Q(person_name=""))
        if value == Recipient.COLLECTIVE:
            return queryset.filter(person_name="")
        return queryset
