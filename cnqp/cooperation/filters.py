"""List filters of international cooperation; a unit filter takes the unit's subtree. The
figures' links (metrics.py) open the lists through these filters, so a link shows exactly the
records a figure counts."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cnqp.cooperation.choices import (
    SIGNED,
    AgreementKind,
    AgreementStatus,
    ContractCategory,
    Direction,
    EventKind,
)
from cnqp.cooperation.countries import HOME_KEY, country_key
from cnqp.cooperation.models import (
    Agreement,
    Delegation,
    Exhibition,
    ExhibitionEntry,
    ExportContract,
    FollowUp,
)
from cnqp.core.records.filters import RecordFilterSet, choice_filter, subtree_filter


class CountryFilter(django_filters.CharFilter):
    """A country by its folded key: "Nga", "LB Nga" and "liên bang nga" find "Liên bang Nga"."""

    def filter(self, qs: Any, value: Any) -> Any:
        if value in ([], (), {}, "", None):
            return qs
        return qs.filter(country_key=country_key(str(value)))


def _dates(field: str, after: Any, before: Any) -> tuple[Any, Any]:
    return (django_filters.DateFilter(label=after, field_name=field, lookup_expr="gte"),
            django_filters.DateFilter(label=before, field_name=field, lookup_expr="lte"))


class AgreementFilter(RecordFilterSet):
    kind = choice_filter(AgreementKind.choices, pgettext_lazy("cooperation", "Kind"))
    status = choice_filter(AgreementStatus.choices, pgettext_lazy("cooperation", "Status"))
    country = CountryFilter(label=_("Country"))
    lead_unit = subtree_filter("lead_unit__path", _("Lead unit"))
    signed_after, signed_before = _dates("signed_on", _("Signed from"), _("Signed to"))
    in_force_on = django_filters.DateFilter(label=_("In force on"), method="filter_in_force")

    class Meta:
        model = Agreement
        fields = ["kind", "status"]

    def filter_in_force(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(in_force_on(value))


def in_force_on(day: Any) -> Q:
    """Signed by `day`, not terminated, and valid that day (no end, or an end not before)."""
    return (Q(status__in=[s for s in SIGNED if s != AgreementStatus.TERMINATED],
              signed_on__lte=day)
            & (Q(valid_until__isnull=True) | Q(valid_until__gte=day)))


def overdue_on(day: Any) -> Q:
    """Due before `day` and not done by it."""
    return Q(due_on__lt=day) & (Q(done_on__isnull=True) | Q(done_on__gt=day))


class FollowUpFilter(RecordFilterSet):
    agreement = django_filters.NumberFilter(label=_("Cooperation agreement"))
    owner_unit = subtree_filter("owner_unit__path", _("Unit in charge"))
    done_after, done_before = _dates("done_on", _("Done from"), _("Done to"))
    overdue = django_filters.DateFilter(label=_("Overdue on"), method="filter_overdue")

    class Meta:
        model = FollowUp
        fields = ["agreement"]

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(overdue_on(value)) if value else queryset


class DelegationFilter(RecordFilterSet):
    direction = choice_filter(Direction.choices, pgettext_lazy("cooperation", "Direction"))
    country = CountryFilter(label=_("Country"))
    lead_unit = subtree_filter("lead_unit__path", _("Lead unit"))
    started_after, started_before = _dates("start", _("Starting from"), _("Starting to"))

    class Meta:
        model = Delegation
        fields = ["direction"]


class ExhibitionFilter(RecordFilterSet):
    kind = choice_filter(EventKind.choices, pgettext_lazy("cooperation", "Kind"))
    international = django_filters.BooleanFilter(label=_("International"))
    abroad = django_filters.BooleanFilter(label=_("Held abroad"), method="filter_abroad")
    country = CountryFilter(label=_("Country"))
    lead_unit = subtree_filter("lead_unit__path", _("Unit leading the participation"))
    started_after, started_before = _dates("start", _("Starting from"), _("Starting to"))

    class Meta:
        model = Exhibition
        fields = ["kind", "international"]

    def filter_abroad(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        home = Q(country_key=HOME_KEY)
        return queryset.exclude(home) if value else queryset.filter(home)


class EntryFilter(RecordFilterSet):
    exhibition = django_filters.NumberFilter(label=_("Exhibition or fair"))
    unit = subtree_filter("unit__path", _("Participating unit"))
    started_after, started_before = _dates("exhibition__start", _("Event from"),
                                           _("Event to"))

    class Meta:
        model = ExhibitionEntry
        fields = ["exhibition"]


class ContractFilter(RecordFilterSet):
    category = choice_filter(ContractCategory.choices, _("Category"))
    country = CountryFilter(label=_("Country"))
    unit = subtree_filter("unit__path", _("Enterprise"))
    signed_after, signed_before = _dates("signed_on", _("Signed from"), _("Signed to"))

    class Meta:
        model = ExportContract
        fields = ["category"]
